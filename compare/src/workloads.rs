//! The functions being differentiated, and their hand-written derivatives.
//!
//! Each function is written once against [`Scalar`], so every crate runs the
//! same sequence of operations; the hand-written derivatives are the floor an
//! AD tool is measured against, written as a careful person would (shared
//! subexpressions computed once, no allocation).

use crate::Scalar;

/// A scalar objective f: Rⁿ → R with a hand-written gradient.
pub trait Objective {
    /// Short name used in benchmark ids and tables.
    const NAME: &'static str;
    /// f(x), for any number type. `x.len() >= 2`.
    fn eval<T: Scalar>(x: &[T]) -> T;
    /// ∇f(x) written into `g` (same length as `x`); returns f(x).
    fn gradient(x: &[f64], g: &mut [f64]) -> f64;
}

/// The term of a sum over neighbouring pairs.
trait NeighbourTerm {
    /// term(xᵢ, xᵢ₊₁).
    fn term<T: Scalar>(a: T, b: T) -> T;
}

/// Σᵢ term(xᵢ, xᵢ₊₁), i = 1 … n − 1, accumulated left to right from the
/// first term (no zero to start from, so every crate runs the same operations).
///
/// The term is called directly, not through a closure or an `impl Fn`: an
/// `#[inline(always)]` `fn` passed as a closure is called through its `Fn`
/// shim, which carries no such attribute, and whether LLVM then inlines it
/// into this loop depended on how the rest of the benchmark binary was split
/// into codegen units (Rosenbrock N = 8 with gradus: 857 or 1511
/// instructions per call, from adding an unrelated row).
#[inline(always)]
fn sum_of_neighbours<T: Scalar, K: NeighbourTerm>(x: &[T]) -> T {
    let mut s = K::term(x[0], x[1]);
    for w in x[1..].windows(2) {
        s = s + K::term(w[0], w[1]);
    }
    s
}

/// Extended Rosenbrock, Σᵢ 100 (xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², i = 1 … n − 1.
pub struct Rosenbrock;

impl Objective for Rosenbrock {
    const NAME: &'static str = "rosenbrock";

    #[inline(always)]
    fn eval<T: Scalar>(x: &[T]) -> T {
        sum_of_neighbours::<T, Self>(x)
    }

    /// One pass, each gᵢ written once: the part of ∂/∂xᵢ₊₁ that term i
    /// contributes is carried to the next step (no zeroing, no read-modify-write).
    #[inline]
    fn gradient(x: &[f64], g: &mut [f64]) -> f64 {
        let n = x.len();
        let (mut f, mut carry) = (0.0, 0.0);
        for i in 0..n - 1 {
            let (a, b) = (x[i], x[i + 1]);
            let d = b - a * a;
            let e = a - 1.0;
            f += 100.0 * d * d + e * e;
            g[i] = carry - 400.0 * a * d + 2.0 * e;
            carry = 200.0 * d;
        }
        g[n - 1] = carry;
        f
    }
}

impl NeighbourTerm for Rosenbrock {
    // (1 − a)² is written (a − 1)²: same value, and the constant stays on
    // the right, where every crate has a cheap scalar operator.
    #[inline(always)]
    fn term<T: Scalar>(a: T, b: T) -> T {
        let d = b - a * a;
        let e = a.add_c(-1.0);
        (d * d).mul_c(100.0) + e * e
    }
}

impl Rosenbrock {
    /// The Hessian of the extended Rosenbrock function (tridiagonal), written
    /// into the dense `h`; returns f(x) and fills `g` with the gradient.
    pub fn hessian<const N: usize>(x: &[f64; N], g: &mut [f64; N], h: &mut [[f64; N]; N]) -> f64 {
        let f = Self::gradient(x, g);
        *h = [[0.0; N]; N];
        for i in 0..N - 1 {
            let (a, b) = (x[i], x[i + 1]);
            h[i][i] += 1200.0 * a * a - 400.0 * b + 2.0;
            h[i + 1][i + 1] += 200.0;
            h[i][i + 1] = -400.0 * a;
            h[i + 1][i] = -400.0 * a;
        }
        f
    }
}

impl Rosenbrock {
    /// The Hessian-vector product ∇²f(x)·v, one pass over the tridiagonal
    /// Hessian without forming it (each entry of `hv` written once, the part
    /// that term i contributes to entry i + 1 carried to the next step);
    /// returns f(x) and fills `g` with the gradient.
    pub fn hvp(x: &[f64], v: &[f64], g: &mut [f64], hv: &mut [f64]) -> f64 {
        let f = Self::gradient(x, g);
        let n = x.len();
        let mut carry = 0.0;
        for i in 0..n - 1 {
            let (a, b) = (x[i], x[i + 1]);
            let off = -400.0 * a;
            hv[i] = carry + (1200.0 * a * a - 400.0 * b + 2.0) * v[i] + off * v[i + 1];
            carry = 200.0 * v[i + 1] + off * v[i];
        }
        hv[n - 1] = carry;
        f
    }
}

/// A transcendental-heavy sum,
/// Σᵢ exp(sin(xᵢ)·xᵢ₊₁) / (1 + xᵢ²) + ln(1 + xᵢ²)·√(1 + xᵢ²), i = 1 … n − 1.
pub struct TrigSum;

impl Objective for TrigSum {
    const NAME: &'static str = "trig";

    #[inline(always)]
    fn eval<T: Scalar>(x: &[T]) -> T {
        sum_of_neighbours::<T, Self>(x)
    }

    /// One pass, each gᵢ written once (see [`Rosenbrock`]'s gradient); sin
    /// and cos, √q and ln q are each computed once per term.
    #[inline]
    fn gradient(x: &[f64], g: &mut [f64]) -> f64 {
        let n = x.len();
        let (mut f, mut carry) = (0.0, 0.0);
        for i in 0..n - 1 {
            let (a, b) = (x[i], x[i + 1]);
            let q = a * a + 1.0;
            let r = q.recip();
            let (s, c) = a.sin_cos();
            let e = (s * b).exp();
            let l = q.ln();
            let sq = q.sqrt();
            let er = e * r;
            f += er + l * sq;
            // d/da: e·c·b/q − e·2a/q² + (2a/q)·√q + ln q · a/√q
            g[i] = carry + er * (c * b - 2.0 * a * r) + 2.0 * a * r * sq + l * a / sq;
            carry = er * s;
        }
        g[n - 1] = carry;
        f
    }
}

impl NeighbourTerm for TrigSum {
    #[inline(always)]
    fn term<T: Scalar>(a: T, b: T) -> T {
        let q = (a * a).add_c(1.0);
        (a.sin() * b).exp() / q + q.ln() * q.sqrt()
    }
}

/// Number of grid points of the reaction–diffusion right-hand side.
pub const RD_N: usize = 8;
const RD_LEFT: f64 = 1.0;
const RD_RIGHT: f64 = 0.0;
const RD_INV_H2: f64 = ((RD_N + 1) * (RD_N + 1)) as f64;

/// The right-hand side of 1-D reaction–diffusion (Fisher–KPP) on a grid of
/// `RD_N` interior points with fixed boundary values u₀ = 1, u₉ = 0:
/// uᵢ′ = (uᵢ₋₁ − 2uᵢ + uᵢ₊₁)/h² + uᵢ(1 − uᵢ), h = 1/9.
#[inline(always)]
pub fn reaction_diffusion<T: Scalar>(u: &[T; RD_N]) -> [T; RD_N] {
    core::array::from_fn(|i| {
        let twice = u[i].mul_c(-2.0);
        let lap = match i {
            0 => (twice + u[1]).add_c(RD_LEFT),
            i if i == RD_N - 1 => (u[i - 1] + twice).add_c(RD_RIGHT),
            i => u[i - 1] + twice + u[i + 1],
        };
        lap.mul_c(RD_INV_H2) + u[i] - u[i] * u[i]
    })
}

/// The hand-written (tridiagonal) Jacobian of [`reaction_diffusion`] and its value.
pub fn reaction_diffusion_jacobian(u: &[f64; RD_N]) -> ([f64; RD_N], [[f64; RD_N]; RD_N]) {
    let y = reaction_diffusion(u);
    let mut j = [[0.0; RD_N]; RD_N];
    for i in 0..RD_N {
        j[i][i] = -2.0 * RD_INV_H2 + 1.0 - 2.0 * u[i];
        if i > 0 {
            j[i][i - 1] = RD_INV_H2;
        }
        if i + 1 < RD_N {
            j[i][i + 1] = RD_INV_H2;
        }
    }
    (y, j)
}

/// A deterministic, well-scaled evaluation point: xᵢ = 0.4 + 0.5 sin(1.3 i + 0.7).
pub fn point(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| 0.4 + 0.5 * (1.3 * i as f64 + 0.7).sin())
        .collect()
}

/// A deterministic direction for Hessian-vector products, not parallel to
/// [`point`]: vᵢ = 0.3 + 0.7 cos(0.9 i + 0.2).
pub fn direction<const N: usize>() -> [f64; N] {
    core::array::from_fn(|i| 0.3 + 0.7 * (0.9 * i as f64 + 0.2).cos())
}

/// [`point`] as an array.
pub fn point_array<const N: usize>() -> [f64; N] {
    let p = point(N);
    core::array::from_fn(|i| p[i])
}

/// The inverse of a 3 × 3 matrix given row-major, through nalgebra's
/// `try_inverse` (closed-form cofactors), for any nalgebra scalar.
///
/// # Panics
/// If the matrix is singular.
#[inline(always)]
pub fn inverse3<T: nalgebra::ComplexField + Copy>(a: &[T; 9]) -> [T; 9] {
    let m = nalgebra::Matrix3::from_row_slice(a);
    let inv = m
        .try_inverse()
        .expect("inverse3: the benchmark matrix must be invertible");
    core::array::from_fn(|k| inv[(k / 3, k % 3)])
}

/// The hand-written Jacobian of [`inverse3`]: with B = A⁻¹,
/// ∂Bᵢⱼ/∂Aₖₗ = −Bᵢₖ Bₗⱼ (row 3i + j, column 3k + l). Returns B and J.
pub fn inverse3_jacobian(a: &[f64; 9]) -> ([f64; 9], [[f64; 9]; 9]) {
    let b = inverse3(a);
    let mut j = [[0.0; 9]; 9];
    for (r, row) in j.iter_mut().enumerate() {
        let (i, jj) = (r / 3, r % 3);
        for (c, v) in row.iter_mut().enumerate() {
            let (k, l) = (c / 3, c % 3);
            *v = -b[3 * i + k] * b[3 * l + jj];
        }
    }
    (b, j)
}

/// A well-conditioned 3 × 3 matrix (row-major) for [`inverse3`].
pub const MATRIX3: [f64; 9] = [4.0, 1.0, 0.5, 1.2, 3.0, -0.7, 0.3, -0.9, 5.0];
