//! ba: bundle adjustment (ADBench): the reprojection error of every
//! observation of a point by a camera, the weight error 1 − w², and the sparse
//! Jacobian of both, as GradBench's `ba.hpp`.
//!
//! Mode: forward, one `Dual<f64, 15>` pass per observation. Each
//! observation's two residuals depend on only 15 unknowns (its camera's 11,
//! its point's 3 and its weight), so the Jacobian is block sparse: a dense
//! pass over those 15 gives the two rows of the block at once, with no tape.
//! The weight rows (one unknown each) take a `Dual<f64, 1>`.

use super::{Job, Scalar, Work, parse, unknown_function};
use crate::json::JsonWriter;
use crate::protocol::Runs;
use gradus::Dual;
use num_traits::Float;
use serde::Deserialize;

/// Parameters per camera: rotation (3, Rodrigues), centre (3), focal length,
/// principal point (2), radial distortion (2).
pub const NCAM: usize = 11;
/// Unknowns per observation's residuals: its camera, its point, its weight.
pub const NBLOCK: usize = NCAM + 3 + 1;

/// Σ xᵢ², from the first term (not from a zero, which a dual number would
/// add with all its partials).
#[inline(always)]
fn sqsum<T: Float>(x: &[T]) -> T {
    let mut s = x[0] * x[0];
    for &v in &x[1..] {
        s = s + v * v;
    }
    s
}

#[inline(always)]
fn cross<T: Float>(a: &[T; 3], b: &[T; 3]) -> [T; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

/// Rotates `pt` by the angle-axis vector `rot` (Rodrigues' formula; to first
/// order at the zero rotation).
#[inline(always)]
pub fn rodrigues_rotate_point<T: Scalar>(rot: &[T; 3], pt: &[T; 3]) -> [T; 3] {
    let sqtheta = sqsum(rot);
    if sqtheta != T::zero() {
        let theta = sqtheta.sqrt();
        let (costheta, sintheta) = (theta.cos(), theta.sin());
        let theta_inverse = theta.recip();
        let w = [
            rot[0] * theta_inverse,
            rot[1] * theta_inverse,
            rot[2] * theta_inverse,
        ];
        let w_cross_pt = cross(&w, pt);
        let tmp = (w[0] * pt[0] + w[1] * pt[1] + w[2] * pt[2]) * -(costheta - 1.0);
        [
            pt[0] * costheta + w_cross_pt[0] * sintheta + w[0] * tmp,
            pt[1] * costheta + w_cross_pt[1] * sintheta + w[1] * tmp,
            pt[2] * costheta + w_cross_pt[2] * sintheta + w[2] * tmp,
        ]
    } else {
        let rot_cross_pt = cross(rot, pt);
        [
            pt[0] + rot_cross_pt[0],
            pt[1] + rot_cross_pt[1],
            pt[2] + rot_cross_pt[2],
        ]
    }
}

#[inline(always)]
fn radial_distort<T: Scalar>(rad: &[T], proj: &mut [T; 2]) {
    let rsq = sqsum(proj);
    let l = (rad[0] * rsq + 1.0) + rad[1] * rsq * rsq;
    proj[0] = proj[0] * l;
    proj[1] = proj[1] * l;
}

#[inline(always)]
fn project<T: Scalar>(cam: &[T; NCAM], x: &[T; 3]) -> [T; 2] {
    let xo = [x[0] - cam[3], x[1] - cam[4], x[2] - cam[5]];
    let xcam = rodrigues_rotate_point(&[cam[0], cam[1], cam[2]], &xo);
    let mut proj = [xcam[0] / xcam[2], xcam[1] / xcam[2]];
    radial_distort(&cam[9..11], &mut proj);
    [proj[0] * cam[6] + cam[7], proj[1] * cam[6] + cam[8]]
}

/// The weighted reprojection error of point `x` seen by camera `cam` at `feat`.
#[inline(always)]
pub fn reproj_error<T: Scalar>(cam: &[T; NCAM], x: &[T; 3], w: T, feat: [f64; 2]) -> [T; 2] {
    let proj = project(cam, x);
    [w * (proj[0] - feat[0]), w * (proj[1] - feat[1])]
}

/// The weight error 1 − w².
#[inline(always)]
pub fn weight_error<T: Scalar>(w: T) -> T {
    -(w * w - 1.0)
}

#[derive(Deserialize)]
struct Input {
    n: usize,
    m: usize,
    p: usize,
    cam: [f64; NCAM],
    x: [f64; 3],
    w: f64,
    feat: [f64; 2],
    min_runs: Option<u64>,
    min_seconds: Option<f64>,
}

/// The problem replicated as GradBench's C++ reads it: n cameras, m points,
/// p observations, observation i of point i mod m by camera i mod n.
struct Problem {
    n: usize,
    m: usize,
    p: usize,
    cams: Vec<[f64; NCAM]>,
    xs: Vec<[f64; 3]>,
    ws: Vec<f64>,
    feats: Vec<[f64; 2]>,
    obs: Vec<[usize; 2]>,
}

struct Objective {
    b: Problem,
    reproj: Vec<[f64; 2]>,
    w_err: Vec<f64>,
}

impl Work for Objective {
    fn run(&mut self) {
        let b = &self.b;
        for (i, &[c, pt]) in b.obs.iter().enumerate() {
            self.reproj[i] = reproj_error(&b.cams[c], &b.xs[pt], b.ws[i], b.feats[i]);
        }
        for (e, &w) in self.w_err.iter_mut().zip(&b.ws) {
            *e = weight_error(w);
        }
    }

    fn write_output(&self, out: &mut JsonWriter) {
        out.raw(b"{\"reproj_error\":{\"elements\":");
        out.f64_array(&self.reproj[0]);
        out.raw(b",\"repeated\":");
        out.u64(self.b.p as u64);
        out.raw(b"},\"w_err\":{\"element\":");
        out.f64(self.w_err[0]);
        out.raw(b",\"repeated\":");
        out.u64(self.b.p as u64);
        out.raw(b"}}");
    }
}

/// Variables `first`, `first + 1`, … at the values `v` (a plain loop:
/// `array::from_fn` with a closure is not inlined at these sizes).
#[inline(always)]
fn seed<const K: usize>(v: &[f64; K], first: usize) -> [Dual<f64, NBLOCK>; K] {
    let mut out = [Dual::constant(0.0); K];
    for j in 0..K {
        out[j] = Dual::variable(v[j], first + j);
    }
    out
}

/// The Jacobian in compressed sparse rows: 2p reprojection rows of 15
/// entries (camera, point, weight columns), then p weight rows of one.
struct Jacobian {
    b: Problem,
    rows: Vec<u32>,
    cols: Vec<u32>,
    vals: Vec<f64>,
}

impl Work for Jacobian {
    fn run(&mut self) {
        let b = &self.b;
        let (pt0, w0) = (NCAM * b.n, NCAM * b.n + 3 * b.m);
        let mut nz = 0;
        self.rows[0] = 0;
        for (i, &[c, pt]) in b.obs.iter().enumerate() {
            let cam: [Dual<f64, NBLOCK>; NCAM] = seed(&b.cams[c], 0);
            let x: [Dual<f64, NBLOCK>; 3] = seed(&b.xs[pt], NCAM);
            let w = Dual::variable(b.ws[i], NCAM + 3);
            let err = reproj_error(&cam, &x, w, b.feats[i]);
            for (r, e) in err.iter().enumerate() {
                let d = e.partials();
                for j in 0..NCAM {
                    self.cols[nz + j] = (NCAM * c + j) as u32;
                }
                for j in 0..3 {
                    self.cols[nz + NCAM + j] = (pt0 + 3 * pt + j) as u32;
                }
                self.cols[nz + NCAM + 3] = (w0 + i) as u32;
                self.vals[nz..nz + NBLOCK].copy_from_slice(&d);
                nz += NBLOCK;
                self.rows[2 * i + r + 1] = nz as u32;
            }
        }
        for (i, &w) in b.ws.iter().enumerate() {
            self.cols[nz] = (w0 + i) as u32;
            self.vals[nz] = gradus::derivative(weight_error, w).1;
            nz += 1;
            self.rows[2 * b.p + i + 1] = nz as u32;
        }
    }

    fn write_output(&self, out: &mut JsonWriter) {
        // GradBench compares the first 30 entries (observation 0's block)
        // and the last one of each array (`rows` has fewer when p < 10).
        fn sample<T: Copy>(xs: &[T]) -> Vec<T> {
            let mut s = xs[..(2 * NBLOCK).min(xs.len() - 1)].to_vec();
            s.push(xs[xs.len() - 1]);
            s
        }
        out.raw(b"{\"rows\":");
        out.u32_array(&sample(&self.rows));
        out.raw(b",\"cols\":");
        out.u32_array(&sample(&self.cols));
        out.raw(b",\"vals\":");
        out.f64_array(&sample(&self.vals));
        out.raw(b"}");
    }
}

fn problem(i: &Input) -> Result<Problem, String> {
    if 11 * i.n + 3 * i.m + i.p > u32::MAX as usize || 31 * i.p > u32::MAX as usize {
        return Err(format!(
            "ba: the Jacobian's indices must fit in 32 bits (n = {}, m = {}, p = {})",
            i.n, i.m, i.p
        ));
    }
    if i.n == 0 || i.m == 0 || i.p == 0 {
        return Err(format!(
            "ba: n, m and p must be positive (n = {}, m = {}, p = {})",
            i.n, i.m, i.p
        ));
    }
    Ok(Problem {
        n: i.n,
        m: i.m,
        p: i.p,
        cams: vec![i.cam; i.n],
        xs: vec![i.x; i.m],
        ws: vec![i.w; i.p],
        feats: vec![i.feat; i.p],
        obs: (0..i.p).map(|k| [k % i.n, k % i.m]).collect(),
    })
}

/// Prepares `objective` or `jacobian`.
pub fn prepare(function: &str, input: &str) -> Result<Job, String> {
    if !matches!(function, "objective" | "jacobian") {
        return Err(unknown_function("ba", function, &["objective", "jacobian"]));
    }
    let i: Input = parse("ba", input)?;
    let b = problem(&i)?;
    let runs = Runs::new(i.min_runs, i.min_seconds);
    let p = b.p;
    Ok(if function == "objective" {
        Job::new(
            runs,
            Objective {
                b,
                reproj: vec![[0.0; 2]; p],
                w_err: vec![0.0; p],
            },
        )
    } else {
        let nnz = 2 * NBLOCK * p + p;
        Job::new(
            runs,
            Jacobian {
                b,
                rows: vec![0; 3 * p + 1],
                cols: vec![0; nnz],
                vals: vec![0.0; nnz],
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAM: [f64; NCAM] = [
        0.1, -0.2, 0.3, 0.5, -0.4, -8.0, 400.0, 10.0, -5.0, 1e-3, -2e-6,
    ];
    const X: [f64; 3] = [0.2, -0.1, 1.5];

    fn residuals(v: &[f64]) -> [f64; 2] {
        let cam: [f64; NCAM] = v[..NCAM].try_into().unwrap();
        let x: [f64; 3] = v[NCAM..NCAM + 3].try_into().unwrap();
        reproj_error(&cam, &x, v[NCAM + 3], [12.0, -7.0])
    }

    #[test]
    fn rotation_is_rodrigues() {
        // A quarter turn about z takes x to y.
        let r = rodrigues_rotate_point(&[0.0, 0.0, core::f64::consts::FRAC_PI_2], &[1.0, 0.0, 0.0]);
        assert!(r[0].abs() < 1e-15 && (r[1] - 1.0).abs() < 1e-15 && r[2].abs() < 1e-15);
        // The zero rotation takes the first-order branch: the identity.
        assert_eq!(rodrigues_rotate_point(&[0.0; 3], &X), X);
    }

    #[test]
    fn jacobian_block_matches_finite_differences() {
        let input =
            format!(r#"{{"n":2,"m":3,"p":5,"cam":{CAM:?},"x":{X:?},"w":0.7,"feat":[12.0,-7.0]}}"#);
        let mut job = prepare("jacobian", &input).unwrap();
        job.work.run();
        let mut w = JsonWriter::new();
        job.work.write_output(&mut w);
        let out: serde_json::Value = serde_json::from_slice(w.as_bytes()).unwrap();
        let vals: Vec<f64> = serde_json::from_value(out["vals"].clone()).unwrap();
        let cols: Vec<i64> = serde_json::from_value(out["cols"].clone()).unwrap();
        let rows: Vec<i64> = serde_json::from_value(out["rows"].clone()).unwrap();
        // CSR: 2p rows of 15 then p rows of 1; the last w row's column is 11n + 3m + p − 1.
        assert_eq!(rows[1], 15);
        assert_eq!(*rows.last().unwrap(), 2 * 15 * 5 + 5);
        assert_eq!(
            &cols[..15],
            &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 22, 23, 24, 31]
        );
        assert_eq!(*cols.last().unwrap(), 22 + 9 + 4);
        assert!((vals[30] + 1.4).abs() < 1e-15);
        let mut v = CAM.to_vec();
        v.extend_from_slice(&X);
        v.push(0.7);
        let block = [vals[..15].to_vec(), vals[15..30].to_vec()];
        gradus::check::jacobian(residuals, &v, &block).unwrap();
    }

    #[test]
    fn objective_reports_the_first_observation() {
        let input =
            format!(r#"{{"n":1,"m":1,"p":3,"cam":{CAM:?},"x":{X:?},"w":0.5,"feat":[1.0,2.0]}}"#);
        let mut job = prepare("objective", &input).unwrap();
        job.work.run();
        let mut w = JsonWriter::new();
        job.work.write_output(&mut w);
        let out: serde_json::Value = serde_json::from_slice(w.as_bytes()).unwrap();
        let e = reproj_error(&CAM, &X, 0.5, [1.0, 2.0]);
        assert_eq!(out["reproj_error"]["elements"][0], e[0]);
        assert_eq!(out["reproj_error"]["repeated"], 3);
        assert_eq!(out["w_err"]["element"], 0.75);
    }
}
