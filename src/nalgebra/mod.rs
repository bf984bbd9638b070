//! Matrix calculus: gradus numbers as nalgebra scalars, and drivers over
//! nalgebra's static vectors and matrices.
//!
//! With the `nalgebra` feature (on by default), [`Dual<T, N>`](crate::Dual) is
//! a [`RealField`]: nalgebra code written for a generic `T: RealField`,
//! including the library's own algorithms (determinants, inverses, LU, QR,
//! Cholesky, SVD, symmetric eigen decompositions, norms, rotations, the
//! matrix exponential), runs on duals and returns exact derivatives. This
//! holds at every nesting depth (`Dual<Dual<f64, M>, N>` is a `RealField`
//! too), and for [`HyperDual<T, N>`](crate::HyperDual), which is how
//! [`hessian`] gets second derivatives in one pass.
//!
//! ```
//! use gradus::nalgebra::{jacobian, matrix_gradient};
//! use nalgebra::{Matrix3, RealField, Vector2};
//!
//! // Any nalgebra code generic over the scalar: log det A through a Cholesky
//! // decomposition (which reads one triangle: symmetrize so every entry counts).
//! fn log_det<T: RealField>(a: Matrix3<T>) -> T {
//!     let half: T = nalgebra::convert(0.5);
//!     let s = (a.transpose() + a) * half;
//!     let l = s.cholesky().expect("A is SPD").l();
//!     l.diagonal().map(|d| d.ln()).sum() * nalgebra::convert(2.0)
//! }
//!
//! // ∇ log det A = A⁻ᵀ: one forward pass, 9 partials (one per entry of A).
//! let a = Matrix3::<f64>::new(4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 2.0);
//! let (value, grad) = matrix_gradient::<_, _, 3, 3, 9>(log_det, a);
//! assert!((value - a.determinant().ln()).abs() < 1e-14);
//! assert!((grad - a.try_inverse().unwrap().transpose()).norm() < 1e-14);
//!
//! // The Jacobian of a map written with nalgebra vectors (polar → Cartesian).
//! fn polar<T: RealField + Copy>(p: Vector2<T>) -> Vector2<T> {
//!     Vector2::new(p.x * p.y.cos(), p.x * p.y.sin())
//! }
//! let (y, j) = jacobian(polar, Vector2::new(2.0, 0.0));
//! assert_eq!(y, Vector2::new(2.0, 0.0));
//! assert_eq!(j, nalgebra::Matrix2::new(1.0, 0.0, 0.0, 2.0));
//! ```
//!
//! ## Drivers
//!
//! | driver | the function sees | result |
//! |---|---|---|
//! | [`gradient`] | `SVector<Dual<T, N>, N>` → `Dual<T, N>` | f, ∇f as `SVector<T, N>` |
//! | [`jacobian`] | `SVector<Dual<T, N>, N>` → `SVector<Dual<T, N>, M>` | f, J as `SMatrix<T, M, N>` |
//! | [`hessian`] | `SVector<HyperDual<T, N>, N>` → `HyperDual<T, N>` | f, ∇f, H as `SMatrix<T, N, N>` |
//! | [`matrix_gradient`] | `SMatrix<Dual<T, K>, R, C>` → `Dual<T, K>`, K = R·C | f, ∂f/∂A as `SMatrix<T, R, C>` |
//!
//! [`quaternion_from_scaled_axis`] is the rotation exponential map, smooth at
//! the zero rotation. [`variables`], [`matrix_variables`], [`values`] and
//! [`partial`] seed and read matrices of duals for everything else, for
//! example the Jacobian of a matrix-valued function such as A ↦ A⁻¹: seed
//! A, and `partial(&inv, k)` is ∂A⁻¹/∂aₖ.
//!
//! ## What the scalar traits mean for a dual
//!
//! - Every [`ComplexField`] and [`RealField`] method is the real function of
//!   the same name, with the derivative of the [`Float`] method and so of the
//!   table in [`rules`](crate::rules), including its conventions at special
//!   points. A real number's `argument` is the constant 0 or π, `imaginary`
//!   is 0, `conjugate` is the identity, `modulus` and `norm1` are `abs`.
//! - `to_exp` splits x into a modulus and a *constant* sign ±1, chosen as the
//!   `f64` implementation does (value ≥ 0 gives +1), so that
//!   modulus · sign = x holds in every derivative component; nalgebra's
//!   Householder reflections and Givens rotations rely on that identity.
//! - `sinc` and `sinhc` are sin x / x and sinh x / x; at a value of exactly
//!   0 they evaluate their Taylor polynomial through x⁸ instead, whose
//!   derivatives there are exact up to order 9. `cosc` and `coshc` have a
//!   pole at 0, where simba defines them as 1; gradus returns that constant.
//! - `try_sqrt` is `None` for a negative value, like `f64`'s.
//! - Comparisons (`approx`'s `AbsDiffEq`, `RelativeEq`, `UlpsEq`, and the
//!   `PartialOrd` nalgebra's pivoting and convergence tests use) look at
//!   values only, so an algorithm takes the same branches and iteration
//!   counts as on `f64`.
//! - `f64: SubsetOf<Dual<T, N>>`: converting a dual down to `f64` (nalgebra's
//!   `try_convert`) keeps the value and drops the derivatives, and always
//!   succeeds; converting `f64` up gives a constant.
//! - A dual is a SIMD value with one lane (`SimdValue::LANES == 1`).
//!
//! ## Branches on values
//!
//! Code that branches on a value takes the branch the `f64` program takes,
//! and differentiates it. Three consequences for nalgebra users:
//!
//! - `UnitQuaternion::from_scaled_axis(ω)` and `Rotation3::new(ω)` return the
//!   constant identity when |ω| ≤ ε, so at exactly ω = 0 their derivative is
//!   0, not the cross-product matrix. Differentiate a perturbation
//!   R₀ · exp(δ) at δ = 0 with [`quaternion_from_scaled_axis`], which is the
//!   same rotation and smooth at 0.
//! - nalgebra tests `is_zero()` before a few divisions (the determinant in
//!   `try_inverse`, LU pivots in `is_invertible`). For a gradus number
//!   `is_zero` means *every component* is zero, so a singular matrix whose
//!   determinant still moves (value 0, derivative not 0) is inverted into
//!   infinities instead of returning `None` as on `f64`. Check the value
//!   (`det.value() == 0.0`) where that case can occur.
//! - Iterative algorithms (SVD, symmetric eigen, Schur) stop when the *values*
//!   have converged. The derivative iteration converges at the same rate in
//!   the cases tested here, but it is not checked separately; at repeated
//!   eigen- or singular values the derivative of an individual one does not
//!   exist, and the result is whatever the iteration produces.
//!
//! ## Why duals and not tape variables
//!
//! simba's scalar traits require `Send + Sync + 'static`, and nalgebra's
//! `Scalar` requires `'static`: a tape variable borrows its tape, so it cannot
//! be a matrix entry. Matrix calculus goes through the forward types, which
//! are `Copy`, live on the stack, and allocate nothing.

mod scalar;

use crate::Dual;
use ::nalgebra::{SMatrix, SVector, Scalar};
use num_traits::Float;

#[cfg(doc)]
use ::simba::scalar::{ComplexField, RealField};

/// Seeds a vector: entry `i` becomes `Dual::variable(x[i], i)`.
///
/// ```
/// let x = gradus::nalgebra::variables(&nalgebra::Vector2::new(3.0_f64, 4.0));
/// let n = x.norm(); // through nalgebra: ∇|x| = x / |x|
/// assert_eq!(n.value(), 5.0);
/// assert!((n.partials()[0] - 0.6).abs() < 1e-15 && (n.partials()[1] - 0.8).abs() < 1e-15);
/// ```
#[inline]
pub fn variables<T: Float + Scalar, const N: usize>(x: &SVector<T, N>) -> SVector<Dual<T, N>, N> {
    SVector::from_fn(|i, _| Dual::variable(x[i], i))
}

/// Seeds a matrix: entry (i, j) becomes variable `i + R·j` (column-major, the
/// order nalgebra stores entries in) of a `Dual<T, K>` with `K = R · C`.
///
/// `K` must equal `R · C`; a mismatch fails to compile:
///
/// ```compile_fail
/// let a = gradus::nalgebra::matrix_variables::<f64, 2, 2, 3>(&nalgebra::Matrix2::zeros());
/// ```
///
/// ```
/// use gradus::nalgebra::{matrix_variables, partial};
/// use nalgebra::Matrix2;
/// let a = matrix_variables::<_, 2, 2, 4>(&Matrix2::new(1.0, 2.0, 3.0, 4.0));
/// // ∂ det A / ∂A = cofactor matrix; A is [[1, 2], [3, 4]]
/// let d = a.determinant();
/// assert_eq!(d.value(), -2.0);
/// assert_eq!(d.partials(), [4.0, -2.0, -3.0, 1.0]); // (0,0), (1,0), (0,1), (1,1)
/// # let _ = partial(&a, 0);
/// ```
#[inline]
pub fn matrix_variables<T: Float + Scalar, const R: usize, const C: usize, const K: usize>(
    a: &SMatrix<T, R, C>,
) -> SMatrix<Dual<T, K>, R, C> {
    const { assert!(K == R * C, "matrix_variables: K must equal R * C") };
    SMatrix::from_fn(|i, j| Dual::variable(a[(i, j)], i + R * j))
}

/// The values of a matrix (or vector) of duals.
#[inline]
pub fn values<T: Float + Scalar, const R: usize, const C: usize, const K: usize>(
    m: &SMatrix<Dual<T, K>, R, C>,
) -> SMatrix<T, R, C> {
    m.map(|x| x.value())
}

/// The derivative of a matrix (or vector) of duals along seed direction `k`:
/// entry (i, j) is `m[(i, j)].partial(k)`.
///
/// ```
/// use gradus::nalgebra::{matrix_variables, partial, values};
/// use nalgebra::Matrix2;
/// // d A⁻¹ = −A⁻¹ dA A⁻¹; seed 1 is entry (1, 0).
/// let a = Matrix2::new(2.0, 1.0, 1.0, 3.0);
/// let inv = matrix_variables::<_, 2, 2, 4>(&a).try_inverse().unwrap();
/// let b = values(&inv);
/// let e10 = Matrix2::new(0.0, 0.0, 1.0, 0.0);
/// assert!((partial(&inv, 1) + b * e10 * b).norm() < 1e-15);
/// ```
///
/// # Panics
/// If `k >= K`.
#[inline]
pub fn partial<T: Float + Scalar, const R: usize, const C: usize, const K: usize>(
    m: &SMatrix<Dual<T, K>, R, C>,
    k: usize,
) -> SMatrix<T, R, C> {
    m.map(|x| x.partial(k))
}

/// The value and gradient of `f: Rᴺ → R` written over nalgebra vectors, in
/// one forward pass.
///
/// ```
/// use nalgebra::{RealField, Vector3};
/// fn f<T: RealField + Copy>(x: Vector3<T>) -> T {
///     x.norm_squared() * x.z.exp()
/// }
/// let (v, g) = gradus::nalgebra::gradient(f, Vector3::new(1.0, 2.0, 0.0));
/// assert_eq!(v, 5.0);
/// assert_eq!(g, Vector3::new(2.0, 4.0, 5.0));
/// ```
#[inline]
pub fn gradient<T, F, const N: usize>(f: F, x: SVector<T, N>) -> (T, SVector<T, N>)
where
    T: Float + Scalar,
    F: FnOnce(SVector<Dual<T, N>, N>) -> Dual<T, N>,
{
    let y = f(variables(&x));
    (y.value(), SVector::from(y.partials()))
}

/// The value and Jacobian of `f: Rᴺ → Rᴹ` written over nalgebra vectors;
/// row `i` of the `M × N` Jacobian is the gradient of output `i`.
///
/// ```
/// use nalgebra::{Matrix2x3, RealField, Vector2, Vector3};
/// fn f<T: RealField + Copy>(x: Vector3<T>) -> Vector2<T> {
///     Vector2::new(x.x * x.y, x.y + x.z.sin())
/// }
/// let (y, j) = gradus::nalgebra::jacobian(f, Vector3::new(2.0, 3.0, 0.0));
/// assert_eq!(y, Vector2::new(6.0, 3.0));
/// assert_eq!(j, Matrix2x3::new(3.0, 2.0, 0.0, 0.0, 1.0, 1.0));
/// ```
#[inline]
pub fn jacobian<T, F, const N: usize, const M: usize>(
    f: F,
    x: SVector<T, N>,
) -> (SVector<T, M>, SMatrix<T, M, N>)
where
    T: Float + Scalar,
    F: FnOnce(SVector<Dual<T, N>, N>) -> SVector<Dual<T, N>, M>,
{
    let y = f(variables(&x));
    (values(&y), SMatrix::from_fn(|i, j| y[i].partial(j)))
}

/// The value, gradient and Hessian of `f: Rᴺ → R` written over nalgebra
/// vectors, in one forward pass.
///
/// The function sees [`HyperDual<T, N>`](crate::HyperDual), which carries the
/// gradient and the symmetric Hessian (computing only its upper triangle);
/// write it generic over `T: RealField`, as below, and it does not depend on
/// that choice.
///
/// ```
/// use nalgebra::{Matrix2, RealField, Vector2};
/// // xᵀAx + bᵀx has Hessian A + Aᵀ
/// fn f<T: RealField + Copy>(x: Vector2<T>) -> T {
///     let a = Matrix2::new(1.0, 2.0, 0.0, 3.0).map(nalgebra::convert::<f64, T>);
///     let b = Vector2::new(-1.0, 4.0).map(nalgebra::convert::<f64, T>);
///     x.dot(&(a * x)) + b.dot(&x)
/// }
/// let (v, g, h) = gradus::nalgebra::hessian(f, Vector2::new(1.0, 1.0));
/// assert_eq!(v, 9.0);
/// assert_eq!(g, Vector2::new(3.0, 12.0));
/// assert_eq!(h, Matrix2::new(2.0, 2.0, 2.0, 6.0));
/// ```
#[inline]
pub fn hessian<T, F, const N: usize>(f: F, x: SVector<T, N>) -> (T, SVector<T, N>, SMatrix<T, N, N>)
where
    T: Float + Scalar,
    F: FnOnce(SVector<crate::HyperDual<T, N>, N>) -> crate::HyperDual<T, N>,
{
    let xs = SVector::from_fn(|i, _| crate::HyperDual::variable(x[i], i));
    let y = f(xs);
    let h = y.hessian();
    (
        y.value(),
        SVector::from(y.gradient()),
        SMatrix::from_fn(|i, j| h[i][j]),
    )
}

/// The unit quaternion rotating by |ω| about ω / |ω| (the exponential map
/// of so(3)), the same rotation as nalgebra's
/// `UnitQuaternion::from_scaled_axis`, but differentiable at ω = 0.
///
/// nalgebra's constructors return the constant identity when |ω| is below
/// ε, a branch on the value, so at exactly ω = 0 (the usual point for
/// differentiating a perturbation R₀ · exp(δ)) their derivative is 0 instead
/// of the cross-product matrix. This function writes the rotation as
/// (cos(θ/2), ω · sin(θ/2)/θ) with both factors as functions of θ² = ω·ω;
/// at a value of exactly 0 it evaluates their Taylor polynomials (through
/// θ⁸), which are exact there for every derivative up to order 9.
///
/// ```
/// use gradus::nalgebra::{jacobian, quaternion_from_scaled_axis};
/// use nalgebra::{Matrix3, RealField, Vector3};
/// fn rotate<T: RealField + Copy>(w: Vector3<T>) -> Vector3<T> {
///     let p = Vector3::new(1.0, 2.0, 3.0).map(nalgebra::convert::<f64, T>);
///     quaternion_from_scaled_axis(w) * p
/// }
/// // d(R(ω) p)/dω at ω = 0 is −[p]ₓ
/// let (_, j) = jacobian(rotate, Vector3::zeros());
/// assert_eq!(j, Matrix3::new(0.0, 3.0, -2.0, -3.0, 0.0, 1.0, 2.0, -1.0, 0.0));
/// ```
pub fn quaternion_from_scaled_axis<T: ::simba::scalar::RealField + Copy>(
    w: ::nalgebra::Vector3<T>,
) -> ::nalgebra::UnitQuaternion<T> {
    let s = w.norm_squared();
    let half = ::nalgebra::convert::<f64, T>(0.5);
    let (c, k) = if s == T::zero() {
        // cos(θ/2) = Σ (−θ²/4)ᵏ / (2k)!,  sin(θ/2)/θ = ½ Σ (−θ²/4)ᵏ / (2k + 1)!
        let u = -s * ::nalgebra::convert::<f64, T>(0.25);
        let series = |coeffs: [f64; 5]| {
            coeffs.iter().rev().fold(T::zero(), |acc, &c| {
                acc * u + ::nalgebra::convert::<f64, T>(c)
            })
        };
        (
            series([1.0, 0.5, 1.0 / 24.0, 1.0 / 720.0, 1.0 / 40320.0]),
            series([1.0, 1.0 / 6.0, 1.0 / 120.0, 1.0 / 5040.0, 1.0 / 362880.0]) * half,
        )
    } else {
        let theta = s.sqrt();
        let (sin, cos) = (theta * half).sin_cos();
        (cos, sin / theta)
    };
    ::nalgebra::UnitQuaternion::new_unchecked(::nalgebra::Quaternion::from_parts(c, w * k))
}

/// The value of `f` at the matrix `a` and its gradient ∂f/∂A (same shape as
/// `a`), in one forward pass with one partial per entry: `K` must equal
/// `R · C` (checked at compile time), and usually has to be written out, as
/// in `matrix_gradient::<_, _, 3, 3, 9>`.
///
/// ```
/// use nalgebra::Matrix3;
/// // Jacobi's formula: ∇ det A = det(A) A⁻ᵀ
/// let a = Matrix3::new(2.0, 1.0, 0.0, 1.0, 3.0, 1.0, 0.0, 1.0, 4.0);
/// let (d, g) = gradus::nalgebra::matrix_gradient::<_, _, 3, 3, 9>(|a| a.determinant(), a);
/// let expected = a.try_inverse().unwrap().transpose() * d;
/// assert!((g - expected).norm() < 1e-13);
/// ```
#[inline]
pub fn matrix_gradient<T, F, const R: usize, const C: usize, const K: usize>(
    f: F,
    a: SMatrix<T, R, C>,
) -> (T, SMatrix<T, R, C>)
where
    T: Float + Scalar,
    F: FnOnce(SMatrix<Dual<T, K>, R, C>) -> Dual<T, K>,
{
    let y = f(matrix_variables(&a));
    (y.value(), SMatrix::from_fn(|i, j| y.partial(i + R * j)))
}
