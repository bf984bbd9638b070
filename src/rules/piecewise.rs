//! Piecewise and sign functions: the conventions at kinks, jumps and ties.

use super::*;

/// |x|: sign of x, 0.
///
/// Convention: `abs'(0) = 0` (for +0 and −0), the midpoint of the
/// subgradient [−1, 1]; so ‖x‖ at x = 0 has a zero, not NaN, derivative. NaN
/// in, NaN out (f′ NaN; f″ is 0 everywhere, as for every piecewise-linear
/// function: the derivatives here are constants).
#[inline(always)]
pub fn abs<T: Float>(x: T) -> Derivs<T> {
    // Compared by value: a nested number at 0 has a nonzero derivative part,
    // so `is_zero` would not see it.
    let d = if x > T::zero() {
        T::one()
    } else if x < T::zero() {
        -T::one()
    } else if x == T::zero() {
        T::zero()
    } else {
        T::nan()
    };
    Derivs::linear(x.abs(), d)
}

/// The rule of a step function given its *value* (`floor`, `ceil`, `round`,
/// `trunc`, `signum`): derivative 0 everywhere, including at the jumps. The
/// rules of those functions below take x, as every other rule does.
#[inline(always)]
pub fn step<T: Float>(value: T) -> Derivs<T> {
    Derivs::linear(value, T::zero())
}

/// The rule of each step function, taking x as every other rule does.
macro_rules! step_rules {
    ($($name:ident: $what:literal,)*) => {$(
        #[doc = concat!($what, ": derivative 0 everywhere, including at the jumps.")]
        #[inline(always)]
        pub fn $name<T: Float>(x: T) -> Derivs<T> {
            step(x.$name())
        }
    )*};
}

step_rules! {
    floor: "⌊x⌋",
    ceil: "⌈x⌉",
    round: "x rounded half away from zero",
    trunc: "x rounded toward zero",
    signum: "The sign of x (±1, or NaN)",
}

/// x − trunc(x) (`fract`): derivative 1 everywhere, including at the jumps.
#[inline(always)]
pub fn fract<T: Float>(x: T) -> Derivs<T> {
    Derivs::linear(x.fract(), T::one())
}

/// x in degrees: 180/π.
#[inline(always)]
pub fn to_degrees<T: Float>(x: T) -> Derivs<T> {
    Derivs::linear(x.to_degrees(), T::one().to_degrees())
}

/// x in radians: π/180.
#[inline(always)]
pub fn to_radians<T: Float>(x: T) -> Derivs<T> {
    Derivs::linear(x.to_radians(), T::one().to_radians())
}

/// The branch rule for `max`: which argument `x.max(y)` returns.
///
/// `max`, `min` and `clamp` return one of their arguments *with its
/// derivatives*; they never mix them. Ties return the first argument (`self`),
/// so `x.max(x)` has the derivative of x, and `a.max(b)` at a = b has a's.
/// A NaN argument is ignored, as in IEEE-754 `maxNum`.
#[inline(always)]
pub fn max_takes_first<T: Float>(x: T, y: T) -> bool {
    !(y > x || x.is_nan())
}

/// The branch rule for `min` (see [`max_takes_first`]): ties return the first argument.
#[inline(always)]
pub fn min_takes_first<T: Float>(x: T, y: T) -> bool {
    !(y < x || x.is_nan())
}

/// Which argument `x.clamp(lo, hi)` returns, with its derivatives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clamped {
    /// x < lo: the lower bound.
    Lo,
    /// lo ≤ x ≤ hi, or x is NaN: x itself.
    Inside,
    /// x > hi: the upper bound.
    Hi,
}

/// The branch rule for `clamp(x, lo, hi)`. At x = lo or x = hi the result
/// is x (x's derivative); a NaN x is returned unchanged.
#[inline(always)]
pub fn clamp_takes<T: Float>(x: T, lo: T, hi: T) -> Clamped {
    if x < lo {
        Clamped::Lo
    } else if x > hi {
        Clamped::Hi
    } else {
        Clamped::Inside
    }
}

/// [`clamp_takes`] as a number: 0 for `lo`, 1 for x, 2 for `hi`.
#[deprecated(since = "0.1.1", note = "use `clamp_takes`, which names the branch")]
#[inline(always)]
pub fn clamp_branch<T: Float>(x: T, lo: T, hi: T) -> u8 {
    match clamp_takes(x, lo, hi) {
        Clamped::Lo => 0,
        Clamped::Inside => 1,
        Clamped::Hi => 2,
    }
}
