//! Arithmetic: the operators, on two numbers or with a constant on either side.
//!
//! Each operator has three rules: `op(x, y)` for two numbers, `op_const(x, c)`
//! for a constant on the right and `const_op(c, x)` for one on the left. The
//! value is computed exactly as the plain program writes it (`c - x`, not
//! `-(x - c)`), so it is bitwise the `f64` result.

use super::*;

/// x + y: ∂x = ∂y = 1.
#[inline(always)]
pub fn add<T: Float>(x: T, y: T) -> Derivs2<T> {
    Derivs2::linear(x + y, T::one(), T::one())
}

/// x − y: ∂x = 1, ∂y = −1.
#[inline(always)]
pub fn sub<T: Float>(x: T, y: T) -> Derivs2<T> {
    Derivs2::linear(x - y, T::one(), -T::one())
}

/// x · y: ∂x = y, ∂y = x, ∂²/∂x∂y = 1.
#[inline(always)]
pub fn mul<T: Float>(x: T, y: T) -> Derivs2<T> {
    let z = T::zero();
    Derivs2::new(x * y, [y, x], [z, T::one(), z])
}

/// x / y: ∂x = 1/y, ∂y = −x/y², ∂²/∂x∂y = −1/y², ∂²/∂y² = 2x/y³.
///
/// The quotient itself is `x / y`, bitwise equal to the `f64` program; the
/// partials use one reciprocal, never one division per partial.
#[inline(always)]
pub fn div<T: Float>(x: T, y: T) -> Derivs2<T> {
    let f = x / y;
    let r = y.recip();
    let fr = f * r;
    Derivs2::new(f, [r, -fr], [T::zero(), -(r * r), (fr + fr) * r])
}

/// x % y (remainder with the sign of x, like `f64`'s `%`): ∂x = 1,
/// ∂y = −trunc(x / y). The jumps where x / y crosses an integer get the
/// derivative of the piece they land on.
#[inline(always)]
pub fn rem<T: Float>(x: T, y: T) -> Derivs2<T> {
    Derivs2::linear(x % y, T::one(), -(x / y).trunc())
}

/// −x.
#[inline(always)]
pub fn neg<T: Float>(x: T) -> Derivs<T> {
    Derivs::linear(-x, -T::one())
}

/// x + c for a constant c.
#[inline(always)]
pub fn add_const<T: Float>(x: T, c: T) -> Derivs<T> {
    Derivs::linear(x + c, T::one())
}

/// c + x for a constant c.
#[inline(always)]
pub fn const_add<T: Float>(c: T, x: T) -> Derivs<T> {
    Derivs::linear(c + x, T::one())
}

/// x − c for a constant c.
#[inline(always)]
pub fn sub_const<T: Float>(x: T, c: T) -> Derivs<T> {
    Derivs::linear(x - c, T::one())
}

/// c − x for a constant c.
#[inline(always)]
pub fn const_sub<T: Float>(c: T, x: T) -> Derivs<T> {
    Derivs::linear(c - x, -T::one())
}

/// x · c for a constant c.
#[inline(always)]
pub fn mul_const<T: Float>(x: T, c: T) -> Derivs<T> {
    Derivs::linear(x * c, c)
}

/// c · x for a constant c.
#[inline(always)]
pub fn const_mul<T: Float>(c: T, x: T) -> Derivs<T> {
    Derivs::linear(c * x, c)
}

/// x / c for a constant c: derivative 1/c (one reciprocal per call).
#[inline(always)]
pub fn div_const<T: Float>(x: T, c: T) -> Derivs<T> {
    Derivs::linear(x / c, c.recip())
}

/// c / x for a constant c: −c/x², 2c/x³.
#[inline(always)]
pub fn const_div<T: Float>(c: T, x: T) -> Derivs<T> {
    let f = c / x;
    let r = x.recip();
    let d = -(f * r);
    Derivs::new(f, d, -(d + d) * r)
}

/// x % c for a constant c: derivative 1.
#[inline(always)]
pub fn rem_const<T: Float>(x: T, c: T) -> Derivs<T> {
    Derivs::linear(x % c, T::one())
}

/// c % x for a constant c: derivative −trunc(c / x).
#[inline(always)]
pub fn const_rem<T: Float>(c: T, x: T) -> Derivs<T> {
    Derivs::linear(c % x, -(c / x).trunc())
}
