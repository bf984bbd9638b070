//! kmeans: the k-means cost Σᵢ minⱼ |Cⱼ − Pᵢ|² and the Newton direction
//! J ⊘ diag H with respect to the centroids, as GradBench's `kmeans.hpp`.
//!
//! The cost is written as the sum of per-cluster costs: point i is assigned
//! to its nearest centroid by comparing *values* (the assignment is piecewise
//! constant, so it has no derivative, and `min` passes on the derivative of
//! the branch it returns), then only the assigned distance is computed in the
//! number type. That is the same function as minⱼ over all distances, and
//! its derivative is that of gradus's `min`; it keeps the k − 1 losing
//! distances out of the derivative arithmetic.
//!
//! Mode: forward, `HvpDual<f64, d>` with every centroid's coordinate l in slot
//! l and the direction v = (1, …, 1). Cluster j's cost depends on centroid j
//! only, so the k clusters can share the d slots (the column compression of
//! a block-sparse Jacobian), and its Hessian is 2·(cluster size)·I, diagonal,
//! so H·v is exactly diag H. One pass gives J and diag H of every centroid.

use super::{Job, Work, flatten, lit, parse, unknown_function};
use crate::json::JsonWriter;
use crate::protocol::Runs;
use gradus::HvpDual;
use num_traits::Float;
use serde::Deserialize;

/// The index of the centroid nearest to `p` (the first of equal ones).
fn nearest(p: &[f64], values: &[f64], d: usize) -> usize {
    let mut best = f64::INFINITY;
    let mut arg = 0;
    for (j, c) in values.chunks_exact(d).enumerate() {
        let mut dist = 0.0;
        for (a, b) in p.iter().zip(c) {
            dist += (a - b) * (a - b);
        }
        if dist < best {
            best = dist;
            arg = j;
        }
    }
    arg
}

/// Writes each cluster's cost Σ over its points of |Cⱼ − Pᵢ|² into `out`
/// (length k); `values` is scratch for the centroids' values (k·d).
pub fn cluster_costs<T: Float>(
    points: &[f64],
    centroids: &[T],
    d: usize,
    values: &mut [f64],
    out: &mut [T],
) {
    for (v, c) in values.iter_mut().zip(centroids) {
        *v = c.to_f64().expect("a gradus number has an f64 value");
    }
    out.fill(T::zero());
    for p in points.chunks_exact(d) {
        let j = nearest(p, values, d);
        let c = &centroids[j * d..(j + 1) * d];
        let mut dist = T::zero();
        for (&a, &b) in p.iter().zip(c) {
            let diff = lit::<T>(a) - b;
            dist = dist + diff * diff;
        }
        out[j] = out[j] + dist;
    }
}

#[derive(Deserialize)]
struct Input {
    points: Vec<Vec<f64>>,
    centroids: Vec<Vec<f64>>,
    min_runs: Option<u64>,
    min_seconds: Option<f64>,
}

struct Cost {
    points: Vec<f64>,
    centroids: Vec<f64>,
    d: usize,
    values: Vec<f64>,
    clusters: Vec<f64>,
    cost: f64,
}

impl Work for Cost {
    fn run(&mut self) {
        cluster_costs(
            &self.points,
            &self.centroids,
            self.d,
            &mut self.values,
            &mut self.clusters,
        );
        self.cost = self.clusters.iter().sum();
    }

    fn write_output(&self, out: &mut JsonWriter) {
        out.f64(self.cost);
    }
}

/// `dir` with the d coordinates as N dual slots (N = d).
struct Dir<const N: usize> {
    points: Vec<f64>,
    centroids: Vec<HvpDual<f64, N>>,
    values: Vec<f64>,
    clusters: Vec<HvpDual<f64, N>>,
    dir: Vec<f64>,
}

impl<const N: usize> Work for Dir<N> {
    fn run(&mut self) {
        cluster_costs(
            &self.points,
            &self.centroids,
            N,
            &mut self.values,
            &mut self.clusters,
        );
        for (dir, c) in self.dir.chunks_exact_mut(N).zip(&self.clusters) {
            let (g, h) = (c.gradient(), c.hvp());
            for l in 0..N {
                dir[l] = g[l] / h[l];
            }
        }
    }

    fn write_output(&self, out: &mut JsonWriter) {
        out.f64_rows(&self.dir, N);
    }
}

fn dir<const N: usize>(points: Vec<f64>, centroids: &[f64], k: usize) -> Dir<N> {
    let centroids = centroids
        .iter()
        .enumerate()
        .map(|(i, &c)| HvpDual::variable(c, i % N, 1.0))
        .collect();
    Dir {
        points,
        centroids,
        values: vec![0.0; k * N],
        clusters: vec![HvpDual::constant(0.0); k],
        dir: vec![0.0; k * N],
    }
}

/// `dir` for a dimension without a specialised slot count: one coordinate
/// at a time in `HvpDual<f64, 1>`, d passes.
struct DirAnyD {
    points: Vec<f64>,
    centroids: Vec<f64>,
    d: usize,
    seeded: Vec<HvpDual<f64, 1>>,
    values: Vec<f64>,
    clusters: Vec<HvpDual<f64, 1>>,
    dir: Vec<f64>,
}

impl Work for DirAnyD {
    fn run(&mut self) {
        let d = self.d;
        for l in 0..d {
            for (i, (s, &c)) in self.seeded.iter_mut().zip(&self.centroids).enumerate() {
                *s = if i % d == l {
                    HvpDual::variable(c, 0, 1.0)
                } else {
                    HvpDual::constant(c)
                };
            }
            cluster_costs(
                &self.points,
                &self.seeded,
                d,
                &mut self.values,
                &mut self.clusters,
            );
            for (j, c) in self.clusters.iter().enumerate() {
                self.dir[j * d + l] = c.gradient()[0] / c.hvp()[0];
            }
        }
    }

    fn write_output(&self, out: &mut JsonWriter) {
        out.f64_rows(&self.dir, self.d);
    }
}

/// Prepares `cost` or `dir`.
pub fn prepare(function: &str, input: &str) -> Result<Job, String> {
    if !matches!(function, "cost" | "dir") {
        return Err(unknown_function("kmeans", function, &["cost", "dir"]));
    }
    let i: Input = parse("kmeans", input)?;
    let runs = Runs::new(i.min_runs, i.min_seconds);
    let (n, k) = (i.points.len(), i.centroids.len());
    let d = i.centroids.first().map_or(0, Vec::len);
    if n == 0 || k == 0 || d == 0 {
        return Err(format!(
            "kmeans: needs points and centroids of dimension ≥ 1 (n = {n}, k = {k}, d = {d})"
        ));
    }
    let points = flatten("kmeans points", &i.points, n, d)?;
    let centroids = flatten("kmeans centroids", &i.centroids, k, d)?;
    Ok(match (function, d) {
        ("cost", _) => Job::new(
            runs,
            Cost {
                points,
                centroids,
                d,
                values: vec![0.0; k * d],
                clusters: vec![0.0; k],
                cost: 0.0,
            },
        ),
        (_, 2) => Job::new(runs, dir::<2>(points, &centroids, k)),
        (_, 8) => Job::new(runs, dir::<8>(points, &centroids, k)),
        (_, 16) => Job::new(runs, dir::<16>(points, &centroids, k)),
        _ => Job::new(
            runs,
            DirAnyD {
                points,
                seeded: vec![HvpDual::constant(0.0); k * d],
                centroids,
                d,
                values: vec![0.0; k * d],
                clusters: vec![HvpDual::constant(0.0); k],
                dir: vec![0.0; k * d],
            },
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(points: &[f64], d: usize) -> impl Fn(&[f64]) -> f64 + '_ {
        move |c: &[f64]| {
            // The definition: Σᵢ minⱼ |Cⱼ − Pᵢ|², over all distances.
            points
                .chunks_exact(d)
                .map(|p| {
                    c.chunks_exact(d)
                        .map(|cj| {
                            p.iter()
                                .zip(cj)
                                .map(|(a, b)| (a - b) * (a - b))
                                .sum::<f64>()
                        })
                        .fold(f64::INFINITY, f64::min)
                })
                .sum()
        }
    }

    fn rows(xs: &[f64], d: usize) -> Vec<Vec<f64>> {
        xs.chunks(d).map(<[f64]>::to_vec).collect()
    }

    #[test]
    fn cost_and_dir() {
        for d in [2, 3] {
            let points: Vec<f64> = (0..12 * d).map(|i| ((i * 37 % 17) as f64) / 4.0).collect();
            let centroids: Vec<f64> = (0..3 * d)
                .map(|i| ((i * 11 % 7) as f64) / 2.0 + 0.1)
                .collect();
            let input =
                serde_json::json!({"points": rows(&points, d), "centroids": rows(&centroids, d)})
                    .to_string();
            let mut cost = prepare("cost", &input).unwrap();
            cost.work.run();
            let mut w = JsonWriter::new();
            cost.work.write_output(&mut w);
            let c: f64 = serde_json::from_slice(w.as_bytes()).unwrap();
            let f = total(&points, d);
            assert!((c - f(&centroids)).abs() < 1e-12);
            // dir = J / diag H; check J and H separately through J = dir·H with
            // H = 2·(cluster size): J against finite differences.
            let mut job = prepare("dir", &input).unwrap();
            job.work.run();
            let mut w = JsonWriter::new();
            job.work.write_output(&mut w);
            let dir: Vec<Vec<f64>> = serde_json::from_slice(w.as_bytes()).unwrap();
            let mut sizes = [0.0; 3];
            let mut values = vec![0.0; 3 * d];
            for p in points.chunks_exact(d) {
                values.copy_from_slice(&centroids);
                sizes[nearest(p, &values, d)] += 1.0;
            }
            let j: Vec<f64> = dir
                .iter()
                .enumerate()
                .flat_map(|(c, r)| {
                    r.iter()
                        .map(move |x| x * 2.0 * sizes[c])
                        .collect::<Vec<_>>()
                })
                .collect();
            gradus::check::gradient(&f, &centroids, &j).unwrap();
            // The Newton step from these centroids lands on the cluster means.
            for (c, r) in dir.iter().enumerate() {
                for l in 0..d {
                    let mean: f64 = points
                        .chunks_exact(d)
                        .filter(|p| nearest(p, &centroids, d) == c)
                        .map(|p| p[l])
                        .sum::<f64>()
                        / sizes[c];
                    assert!((centroids[c * d + l] - r[l] - mean).abs() < 1e-12);
                }
            }
        }
    }
}
