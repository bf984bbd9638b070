//! Calibrating an accelerometer with Gauss–Newton and exact Jacobians.
//!
//! A 3-axis accelerometer at rest measures gravity, 1 g, whatever its
//! orientation. A real sensor has an offset (bias) and a gain (scale) per
//! axis, so its raw readings lie on an ellipsoid, not the unit sphere. Given
//! readings in a dozen resting orientations, find the bias b and scale s that
//! put the corrected readings s ∘ (raw − b) back on the sphere:
//!
//! ```text
//!   residual_k(b, s) = | s ∘ (raw_k − b) | − 1,     minimise ½ Σ residual_k²
//! ```
//!
//! The model is ordinary nalgebra code, generic over the scalar. Gauss–Newton
//! needs its 12 × 6 Jacobian at every step: `gradus::nalgebra::jacobian`
//! gets it exactly, in one pass, by running the same code on
//! `Dual<f64, 6>`. The step solves the normal equations (JᵀJ) δ = −Jᵀr with
//! nalgebra's Cholesky decomposition. Near the solution the convergence is
//! fast, limited only by the (small) noise left in the residuals.
//!
//! Run with `cargo run --example calibrate`.

use gradus::nalgebra::jacobian;
use nalgebra::{RealField, SVector, Vector3};

/// Number of resting orientations.
const K: usize = 12;

/// Parameters: bias (3) then scale (3).
type Params<T> = SVector<T, 6>;

/// The residuals |s ∘ (raw − b)| − 1, one per reading.
fn residuals<T: RealField + Copy>(p: Params<T>, raw: &[Vector3<f64>; K]) -> SVector<T, K> {
    let bias = Vector3::new(p[0], p[1], p[2]);
    let scale = Vector3::new(p[3], p[4], p[5]);
    SVector::from_fn(|k, _| {
        let r = raw[k].map(nalgebra::convert::<f64, T>);
        (r - bias).component_mul(&scale).norm() - T::one()
    })
}

/// A small deterministic generator for the synthetic noise (xorshift64*).
struct Rng(u64);
impl Rng {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d);
        (x >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }
}

fn main() {
    // The sensor's true (unknown) calibration.
    let true_bias = Vector3::new(0.08, -0.05, 0.12);
    let true_scale = Vector3::new(1.07, 0.94, 1.02);

    // Twelve resting orientations, spread over the sphere (the vertices of
    // an icosahedron), read through the sensor with 0.5 mg of noise.
    let phi = (1.0 + 5f64.sqrt()) / 2.0;
    let dirs = [
        [0.0, 1.0, phi],
        [0.0, -1.0, phi],
        [0.0, 1.0, -phi],
        [0.0, -1.0, -phi],
        [1.0, phi, 0.0],
        [-1.0, phi, 0.0],
        [1.0, -phi, 0.0],
        [-1.0, -phi, 0.0],
        [phi, 0.0, 1.0],
        [-phi, 0.0, 1.0],
        [phi, 0.0, -1.0],
        [-phi, 0.0, -1.0],
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let raw: [Vector3<f64>; K] = dirs.map(|d| {
        let g = Vector3::from(d).normalize();
        let noise = Vector3::new(rng.uniform(), rng.uniform(), rng.uniform()) * 5e-4;
        g.component_div(&true_scale) + true_bias + noise
    });

    // Start from the ideal sensor: no bias, unit scale.
    let mut p = Params::from([0.0, 0.0, 0.0, 1.0, 1.0, 1.0]);
    println!("Gauss–Newton on {K} readings, 6 parameters (bias, scale)\n");
    println!(
        "{:>4}  {:>12}  {:>10}  {:>10}",
        "iter", "cost ½|r|²", "|Jᵀr|", "|step|"
    );
    for iter in 0..20 {
        // r and its exact 12 × 6 Jacobian, in one pass over Dual<f64, 6>.
        let (r, j) = jacobian(|p| residuals(p, &raw), p);
        let jt = j.transpose();
        let grad = jt * r;
        let step = (jt * j)
            .cholesky()
            .expect("JᵀJ is positive definite: the readings span the sphere")
            .solve(&-grad);
        println!(
            "{iter:>4}  {:>12.6e}  {:>10.3e}  {:>10.3e}",
            0.5 * r.norm_squared(),
            grad.norm(),
            step.norm()
        );
        p += step;
        if step.norm() < 1e-12 {
            break;
        }
    }

    println!("\n{:>8}  {:>10}  {:>10}", "", "estimated", "true");
    let names = [
        "bias x", "bias y", "bias z", "scale x", "scale y", "scale z",
    ];
    let truth = [
        true_bias.x,
        true_bias.y,
        true_bias.z,
        true_scale.x,
        true_scale.y,
        true_scale.z,
    ];
    for (i, name) in names.iter().enumerate() {
        println!("{name:>8}  {:>10.5}  {:>10.5}", p[i], truth[i]);
    }

    // The Jacobian is exact: central differences agree only to about 1e-10,
    // the best their step size allows.
    let (_, j) = jacobian(|p| residuals(p, &raw), p);
    let h = 1e-6;
    let mut worst: f64 = 0.0;
    for c in 0..6 {
        let mut e = Params::zeros();
        e[c] = h;
        let fd = (residuals(p + e, &raw) - residuals(p - e, &raw)) / (2.0 * h);
        worst = worst.max((fd - j.column(c)).amax());
    }
    println!("\nlargest |J − J_finite-difference| = {worst:.1e}");
}
