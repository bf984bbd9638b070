//! ht: hand tracking (ADBench): a skinned hand model posed by 26 angles,
//! the residuals between observed points and their corresponding model
//! points, and the Jacobian of the residuals, as GradBench's `ht.hpp`.
//!
//! Mode: forward, one pass on `Dual<f64, 26>` (the "simple" variant: the
//! 26 pose parameters) or `Dual<f64, 28>` ("complicated": each point also
//! has barycentric coordinates (u₀, u₁) on a triangle). The Jacobian has 3P
//! rows and 26 or 28 columns, so a single forward pass with all columns as
//! dual slots is the cheapest: reverse mode would need 3P sweeps. In the
//! complicated variant each row depends only on its own point's u, so every
//! point's u₀ shares slot 0 and every u₁ slot 1: the two compressed columns
//! that GradBench's output format asks for.

use super::{Job, Scalar, Work, flatten, lit, parse, unknown_function};
use crate::json::JsonWriter;
use crate::protocol::Runs;
use gradus::Dual;
use num_traits::Float;
use serde::Deserialize;

type M4<T> = [[T; 4]; 4];
type M3<T> = [[T; 3]; 3];

/// The hand model, converted once: 4×4 matrices row-major, skinning weights
/// as each vertex's list of (bone, weight) with non-zero weight.
pub struct Model {
    parents: Vec<Option<usize>>,
    base_relatives: Vec<M4<f64>>,
    inverse_base_absolutes: Vec<M4<f64>>,
    base_positions: Vec<[f64; 4]>,
    /// Vertex v's influences are `influences[starts[v]..starts[v + 1]]`.
    starts: Vec<usize>,
    influences: Vec<(usize, f64)>,
    triangles: Vec<[usize; 3]>,
    is_mirrored: bool,
}

/// The observations: point i corresponds to vertex (simple) or triangle
/// (complicated) `correspondences[i]`.
pub struct Data {
    correspondences: Vec<usize>,
    points: Vec<[f64; 3]>,
}

/// Buffers reused across evaluations of the objective on numbers `T`.
pub struct Scratch<T> {
    pose: Vec<[T; 3]>,
    absolutes: Vec<M4<T>>,
    transforms: Vec<M4<T>>,
    positions: Vec<[T; 3]>,
}

impl<T: Float> Scratch<T> {
    fn new(model: &Model) -> Self {
        let bones = model.parents.len();
        Scratch {
            pose: vec![[T::zero(); 3]; bones + 3],
            absolutes: vec![[[T::zero(); 4]; 4]; bones],
            transforms: vec![[[T::zero(); 4]; 4]; bones],
            positions: vec![[T::zero(); 3]; model.base_positions.len()],
        }
    }
}

// The helpers below are plain loops into caller-owned results:
// `array::from_fn` with a closure is not inlined for matrices of
// `Dual<f64, 28>` (3.7 KiB each), and the copies it makes dominated the run.

/// `out = a · b`, the entry products by `prod`.
#[inline(always)]
fn mul4_into<A: Copy, B: Copy, C: Float>(
    a: &M4<A>,
    b: &M4<B>,
    prod: impl Fn(A, B) -> C,
    out: &mut M4<C>,
) {
    for i in 0..4 {
        for k in 0..4 {
            let mut s = prod(a[i][0], b[0][k]);
            for j in 1..4 {
                s = s + prod(a[i][j], b[j][k]);
            }
            out[i][k] = s;
        }
    }
}

#[inline(always)]
fn mul3<T: Float>(a: &M3<T>, b: &M3<T>) -> M3<T> {
    let mut out = [[T::zero(); 3]; 3];
    for i in 0..3 {
        for k in 0..3 {
            let mut s = a[i][0] * b[0][k];
            for j in 1..3 {
                s = s + a[i][j] * b[j][k];
            }
            out[i][k] = s;
        }
    }
    out
}

fn angle_axis_to_rotation_matrix<T: Float>(aa: &[T; 3]) -> M3<T> {
    let norm = (aa[0] * aa[0] + aa[1] * aa[1] + aa[2] * aa[2]).sqrt();
    let (zero, one) = (T::zero(), T::one());
    if norm < lit(1e-4) {
        return [[one, zero, zero], [zero, one, zero], [zero, zero, one]];
    }
    let (x, y, z) = (aa[0] / norm, aa[1] / norm, aa[2] / norm);
    let (s, c) = (norm.sin(), norm.cos());
    [
        [
            x * x + (one - x * x) * c,
            x * y * (one - c) - z * s,
            x * z * (one - c) + y * s,
        ],
        [
            x * y * (one - c) + z * s,
            y * y + (one - y * y) * c,
            y * z * (one - c) - x * s,
        ],
        [
            x * z * (one - c) - y * s,
            z * y * (one - c) + x * s,
            z * z + (one - z * z) * c,
        ],
    ]
}

/// R = Rz Ry Rx for angles stored in the order (x, z, y).
fn euler_angles_to_rotation_matrix<T: Float>(xzy: &[T; 3]) -> M3<T> {
    let (tx, ty, tz) = (xzy[0], xzy[2], xzy[1]);
    let (zero, one) = (T::zero(), T::one());
    let rx = [
        [one, zero, zero],
        [zero, tx.cos(), -tx.sin()],
        [zero, tx.sin(), tx.cos()],
    ];
    let ry = [
        [ty.cos(), zero, ty.sin()],
        [zero, one, zero],
        [-ty.sin(), zero, ty.cos()],
    ];
    let rz = [
        [tz.cos(), -tz.sin(), zero],
        [tz.sin(), tz.cos(), zero],
        [zero, zero, one],
    ];
    mul3(&mul3(&rz, &ry), &rx)
}

/// The 3 × (bones + 3) pose matrix, by columns: global rotation, scale (1),
/// global translation, then per bone (x, z, y) angles from theta's finger
/// parameters.
fn to_pose_params<T: Float>(theta: &[T], pose: &mut [[T; 3]]) {
    pose.fill([T::zero(); 3]);
    pose[0] = [theta[0], theta[1], theta[2]];
    pose[1] = [T::one(); 3];
    pose[2] = [theta[3], theta[4], theta[5]];
    let (mut i_theta, mut i_pose) = (6, 5);
    for _finger in 0..5 {
        for i in 2..=4 {
            pose[i_pose][0] = theta[i_theta];
            i_theta += 1;
            if i == 2 {
                pose[i_pose][1] = theta[i_theta];
                i_theta += 1;
            }
            i_pose += 1;
        }
        i_pose += 1;
    }
}

/// Poses and skins the model: `s.positions` gets every vertex's position
/// after the global rotation and translation.
fn skinned_vertex_positions<T: Scalar>(model: &Model, theta: &[T], s: &mut Scratch<T>) {
    to_pose_params(theta, &mut s.pose);
    let (zero, one) = (T::zero(), T::one());
    // Relatives, then absolutes along the parent chain (parents come first),
    // then the transforms from the base pose.
    let mut tr = [[zero; 4]; 4];
    tr[3][3] = one;
    let mut relative = [[zero; 4]; 4];
    for b in 0..model.parents.len() {
        let r = euler_angles_to_rotation_matrix(&s.pose[b + 3]);
        for i in 0..3 {
            for j in 0..3 {
                tr[i][j] = r[i][j];
            }
        }
        mul4_into(
            &model.base_relatives[b],
            &tr,
            |a: f64, t: T| t * a,
            &mut relative,
        );
        match model.parents[b] {
            None => s.absolutes[b] = relative,
            Some(p) => {
                let (done, rest) = s.absolutes.split_at_mut(b);
                mul4_into(&done[p], &relative, |a: T, r: T| a * r, &mut rest[0]);
            }
        }
        mul4_into(
            &s.absolutes[b],
            &model.inverse_base_absolutes[b],
            |t: T, a: f64| t * a,
            &mut s.transforms[b],
        );
    }
    for (v, pos) in s.positions.iter_mut().enumerate() {
        let bp = &model.base_positions[v];
        let mut acc = [zero; 3];
        for &(b, w) in &model.influences[model.starts[v]..model.starts[v + 1]] {
            let t = &s.transforms[b];
            for (i, a) in acc.iter_mut().enumerate() {
                let mut c = t[i][0] * bp[0];
                for j in 1..4 {
                    c = c + t[i][j] * bp[j];
                }
                *a = *a + c * w;
            }
        }
        *pos = acc;
    }
    if model.is_mirrored {
        for p in s.positions.iter_mut() {
            p[0] = -p[0];
        }
    }
    // Global transform: rotation with its columns scaled, then translation.
    let mut r = angle_axis_to_rotation_matrix(&s.pose[0]);
    for row in r.iter_mut() {
        for (j, e) in row.iter_mut().enumerate() {
            *e = *e * s.pose[1][j];
        }
    }
    let t = s.pose[2];
    for p in s.positions.iter_mut() {
        let q = *p;
        for i in 0..3 {
            p[i] = r[i][0] * q[0] + r[i][1] * q[1] + r[i][2] * q[2] + t[i];
        }
    }
}

/// The residuals `err` (3 per point): observed point minus model point, the
/// model point being a vertex (`us` is `None`) or the point with barycentric
/// coordinates (u₀, u₁, 1 − u₀ − u₁) on a triangle (`us` holds 2 per point).
pub fn objective<T: Scalar>(
    model: &Model,
    data: &Data,
    theta: &[T],
    us: Option<&[T]>,
    s: &mut Scratch<T>,
    err: &mut [T],
) {
    skinned_vertex_positions(model, theta, s);
    let pos = &s.positions;
    for (i, (&c, pt)) in data.correspondences.iter().zip(&data.points).enumerate() {
        let model_point = match us {
            None => pos[c],
            Some(us) => {
                let [v0, v1, v2] = model.triangles[c];
                let (u0, u1) = (us[2 * i], us[2 * i + 1]);
                let u2 = T::one() - u0 - u1;
                let mut m = [T::zero(); 3];
                for j in 0..3 {
                    m[j] = u0 * pos[v0][j] + u1 * pos[v1][j] + u2 * pos[v2][j];
                }
                m
            }
        };
        for j in 0..3 {
            // −(m − p) is p − m exactly, with the scalar operator.
            err[3 * i + j] = -(model_point[j] - pt[j]);
        }
    }
}

#[derive(Deserialize)]
struct ModelInput {
    bone_names: Vec<String>,
    parents: Vec<i64>,
    base_relatives: Vec<M4<f64>>,
    inverse_base_absolutes: Vec<M4<f64>>,
    base_positions: Vec<[f64; 4]>,
    weights: Vec<Vec<f64>>,
    triangles: Vec<[usize; 3]>,
    is_mirrored: bool,
}

#[derive(Deserialize)]
struct DataInput {
    model: ModelInput,
    correspondences: Vec<usize>,
    points: Vec<[f64; 3]>,
}

#[derive(Deserialize)]
struct Input {
    theta: Vec<f64>,
    data: DataInput,
    us: Vec<Vec<f64>>,
    min_runs: Option<u64>,
    min_seconds: Option<f64>,
}

/// The number of pose parameters.
pub const NTHETA: usize = 26;

/// The converted input: model, data, theta, and the us when complicated.
type Converted = (Model, Data, Vec<f64>, Option<Vec<f64>>);

fn convert(i: Input) -> Result<Converted, String> {
    let m = i.data.model;
    let bones = m.bone_names.len();
    if i.theta.len() != NTHETA {
        return Err(format!(
            "ht: theta has {} entries, expected {NTHETA}",
            i.theta.len()
        ));
    }
    if bones < 21
        || m.parents.len() != bones
        || m.base_relatives.len() != bones
        || m.inverse_base_absolutes.len() != bones
    {
        return Err(format!(
            "ht: the model needs at least 21 bones with one parent, base relative and inverse base absolute each \
             ({bones} names, {} parents, {} base relatives, {} inverse base absolutes)",
            m.parents.len(),
            m.base_relatives.len(),
            m.inverse_base_absolutes.len()
        ));
    }
    let mut parents = Vec::with_capacity(bones);
    for (b, &p) in m.parents.iter().enumerate() {
        parents.push(match p {
            -1 => None,
            p if p >= 0 && (p as usize) < b => Some(p as usize),
            p => {
                return Err(format!(
                    "ht: bone {b} has parent {p}: a parent must be -1 or an earlier bone"
                ));
            }
        });
    }
    let nv = m.base_positions.len();
    let weights = flatten("ht weights", &m.weights, nv, bones)?;
    let mut starts = vec![0];
    let mut influences = Vec::new();
    for row in weights.chunks_exact(bones) {
        influences.extend(
            row.iter()
                .enumerate()
                .filter(|&(_, &w)| w != 0.0)
                .map(|(b, &w)| (b, w)),
        );
        starts.push(influences.len());
    }
    if m.triangles.iter().flatten().any(|&v| v >= nv) {
        return Err(format!(
            "ht: a triangle refers to a vertex beyond the {nv} of the model"
        ));
    }
    let complicated = !i.us.is_empty();
    let np = i.data.correspondences.len();
    if i.data.points.len() != np {
        return Err(format!(
            "ht: {np} correspondences but {} points",
            i.data.points.len()
        ));
    }
    let limit = if complicated { m.triangles.len() } else { nv };
    if let Some(c) = i.data.correspondences.iter().find(|&&c| c >= limit) {
        return Err(format!(
            "ht: correspondence {c} is beyond the model's {limit} {}",
            if complicated { "triangles" } else { "vertices" }
        ));
    }
    let us = if complicated {
        Some(flatten("ht us", &i.us, np, 2)?)
    } else {
        None
    };
    Ok((
        Model {
            parents,
            base_relatives: m.base_relatives,
            inverse_base_absolutes: m.inverse_base_absolutes,
            base_positions: m.base_positions,
            starts,
            influences,
            triangles: m.triangles,
            is_mirrored: m.is_mirrored,
        },
        Data {
            correspondences: i.data.correspondences,
            points: i.data.points,
        },
        i.theta,
        us,
    ))
}

struct Objective {
    model: Model,
    data: Data,
    theta: Vec<f64>,
    us: Option<Vec<f64>>,
    scratch: Scratch<f64>,
    err: Vec<f64>,
}

impl Work for Objective {
    fn run(&mut self) {
        objective(
            &self.model,
            &self.data,
            &self.theta,
            self.us.as_deref(),
            &mut self.scratch,
            &mut self.err,
        );
    }

    fn write_output(&self, out: &mut JsonWriter) {
        out.f64_array(&self.err);
    }
}

/// The Jacobian with N = 26 (simple) or 28 (complicated) columns.
struct Jacobian<const N: usize> {
    model: Model,
    data: Data,
    theta: [Dual<f64, N>; NTHETA],
    us: Option<Vec<Dual<f64, N>>>,
    scratch: Scratch<Dual<f64, N>>,
    err: Vec<Dual<f64, N>>,
    jac: Vec<f64>,
}

impl<const N: usize> Work for Jacobian<N> {
    fn run(&mut self) {
        objective(
            &self.model,
            &self.data,
            &self.theta,
            self.us.as_deref(),
            &mut self.scratch,
            &mut self.err,
        );
        for (row, e) in self.jac.chunks_exact_mut(N).zip(&self.err) {
            row.copy_from_slice(&e.partials());
        }
    }

    fn write_output(&self, out: &mut JsonWriter) {
        out.f64_rows(&self.jac, N);
    }
}

fn jacobian<const N: usize>(
    model: Model,
    data: Data,
    theta: &[f64],
    us: Option<Vec<f64>>,
) -> Jacobian<N> {
    // Columns: (u₀, u₁) first when present, then theta.
    let off = N - NTHETA;
    let theta = core::array::from_fn(|j| Dual::variable(theta[j], off + j));
    let us = us.map(|us| {
        us.iter()
            .enumerate()
            .map(|(k, &u)| Dual::variable(u, k % 2))
            .collect()
    });
    let rows = 3 * data.points.len();
    let scratch = Scratch::new(&model);
    Jacobian {
        model,
        data,
        theta,
        us,
        scratch,
        err: vec![Dual::constant(0.0); rows],
        jac: vec![0.0; rows * N],
    }
}

/// Prepares `objective` or `jacobian`.
pub fn prepare(function: &str, input: &str) -> Result<Job, String> {
    if !matches!(function, "objective" | "jacobian") {
        return Err(unknown_function("ht", function, &["objective", "jacobian"]));
    }
    let i: Input = parse("ht", input)?;
    let runs = Runs::new(i.min_runs, i.min_seconds);
    let (model, data, theta, us) = convert(i)?;
    Ok(match (function, us.is_some()) {
        ("objective", _) => {
            let scratch = Scratch::new(&model);
            let err = vec![0.0; 3 * data.points.len()];
            Job::new(
                runs,
                Objective {
                    model,
                    data,
                    theta,
                    us,
                    scratch,
                    err,
                },
            )
        }
        (_, false) => Job::new(runs, jacobian::<NTHETA>(model, data, &theta, us)),
        (_, true) => Job::new(runs, jacobian::<{ NTHETA + 2 }>(model, data, &theta, us)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small made-up hand: 22 bones in a chain per finger, 6 vertices.
    fn input(complicated: bool) -> String {
        let bones = 22;
        let names: Vec<String> = (0..bones).map(|b| format!("b{b}")).collect();
        let parents: Vec<i64> = (0..bones as i64)
            .map(|b| {
                if b == 0 {
                    -1
                } else if (b - 1) % 4 == 0 {
                    0
                } else {
                    b - 1
                }
            })
            .collect();
        let mat = |b: usize, s: f64| -> M4<f64> {
            let a = 0.1 * b as f64 * s;
            [
                [a.cos(), -a.sin(), 0.0, 0.01 * b as f64],
                [a.sin(), a.cos(), 0.0, 0.02],
                [0.0, 0.0, 1.0, -0.01],
                [0.0, 0.0, 0.0, 1.0],
            ]
        };
        let rel: Vec<M4<f64>> = (0..bones).map(|b| mat(b, 1.0)).collect();
        let inv: Vec<M4<f64>> = (0..bones).map(|b| mat(b, -0.5)).collect();
        let nv = 6;
        let pos: Vec<[f64; 4]> = (0..nv)
            .map(|v| {
                [
                    0.1 * v as f64,
                    0.05 * (v as f64).sin(),
                    0.02 * v as f64,
                    1.0,
                ]
            })
            .collect();
        let weights: Vec<Vec<f64>> = (0..nv)
            .map(|v| {
                (0..bones)
                    .map(|b| {
                        if b == (3 * v + 2) % bones || b == (5 * v + 7) % bones {
                            0.5
                        } else {
                            0.0
                        }
                    })
                    .collect()
            })
            .collect();
        let triangles = vec![[0, 1, 2], [3, 4, 5], [1, 3, 5]];
        let (corr, us) = if complicated {
            (
                vec![0, 2, 1],
                vec![vec![0.2, 0.3], vec![0.5, 0.1], vec![0.3, 0.3]],
            )
        } else {
            (vec![0, 5, 3], vec![])
        };
        let theta: Vec<f64> = (0..NTHETA)
            .map(|j| 0.1 + 0.05 * j as f64 * if j % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        serde_json::json!({
            "theta": theta,
            "data": {"model": {"bone_count": bones, "bone_names": names, "parents": parents,
                "base_relatives": rel, "inverse_base_absolutes": inv, "base_positions": pos,
                "weights": weights, "triangles": triangles, "is_mirrored": false},
                "correspondences": corr, "points": [[0.1, 0.2, 0.3], [0.0, -0.1, 0.2], [0.3, 0.1, 0.0]]},
            "us": us,
        })
        .to_string()
    }

    fn run(function: &str, input: &str) -> serde_json::Value {
        let mut job = prepare(function, input).unwrap();
        job.work.run();
        let mut w = JsonWriter::new();
        job.work.write_output(&mut w);
        serde_json::from_slice(w.as_bytes()).unwrap()
    }

    #[test]
    fn jacobians_match_finite_differences() {
        for complicated in [false, true] {
            let text = input(complicated);
            let i: Input = serde_json::from_str(&text).unwrap();
            let (model, data, theta, us) = convert(i).unwrap();
            let jac: Vec<Vec<f64>> = serde_json::from_value(run("jacobian", &text)).unwrap();
            // The residuals as a function of (u₀, u₁ of every point, theta):
            // compressed columns 0 and 1 of row 3i + j hold ∂/∂u of point i only.
            let np = data.points.len();
            let mut x = us.clone().unwrap_or_default();
            x.extend_from_slice(&theta);
            let nu = x.len() - NTHETA;
            let f = |x: &[f64]| {
                let mut s = Scratch::new(&model);
                let mut err = vec![0.0; 3 * np];
                let u = if nu > 0 { Some(&x[..nu]) } else { None };
                objective(&model, &data, &x[nu..], u, &mut s, &mut err);
                err
            };
            let full: Vec<Vec<f64>> = (0..3 * np)
                .map(|r| {
                    let mut row = vec![0.0; nu];
                    if nu > 0 {
                        row[2 * (r / 3)] = jac[r][0];
                        row[2 * (r / 3) + 1] = jac[r][1];
                    }
                    row.extend_from_slice(&jac[r][nu.min(2)..]);
                    row
                })
                .collect();
            gradus::check::jacobian(f, &x, &full).unwrap();
            let obj: Vec<f64> = serde_json::from_value(run("objective", &text)).unwrap();
            assert_eq!(obj, f(&x));
        }
    }

    #[test]
    fn rotations_are_orthogonal() {
        let r = euler_angles_to_rotation_matrix(&[0.3, -0.7, 1.1]);
        let g = angle_axis_to_rotation_matrix(&[0.3, -0.7, 1.1]);
        for m in [r, g] {
            let p = mul3(
                &m,
                &core::array::from_fn(|i| core::array::from_fn(|j| m[j][i])),
            );
            for i in 0..3 {
                for j in 0..3 {
                    assert!((p[i][j] - f64::from(u8::from(i == j))).abs() < 1e-15);
                }
            }
        }
    }
}
