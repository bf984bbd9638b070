//! simba's and approx's scalar traits for the forward number types, so that
//! nalgebra matrices of them run nalgebra's algorithms (see the
//! [module docs](super) for what each trait method means for a dual).

use crate::Dual;
use num_traits::Float;

/// Implements simba's and approx's scalar traits for a gradus number type,
/// from its [`Number`](crate::Number) and `Float` implementations.
///
/// `impl_nalgebra!([generics] Type, Inner)` — e.g.
/// `impl_nalgebra!([T: RealField + Float, const N: usize] Dual<T, N>, T)`.
/// The generics must bound the inner type by `simba::scalar::RealField` and
/// `num_traits::Float`, so that nested numbers qualify in turn. Every method
/// delegates through a fully qualified path, so the many methods that
/// `ComplexField`, `RealField` and `Float` share a name with (`sqrt`, `abs`,
/// `max`, `powf`, …) can never resolve to the wrong trait or to themselves.
macro_rules! impl_nalgebra {
    // `F: SubsetOf<Ty>` for a base float F: up is a constant, down drops the
    // derivatives (always possible: nalgebra's matrix `exp` relies on it).
    (@base [$($g:tt)*] $Ty:ty, $T:ident; $F:ty) => {
        /// Up: a constant. Down: the value, derivatives dropped (always succeeds).
        impl<$($g)*> ::simba::scalar::SubsetOf<$Ty> for $F {
            #[inline(always)]
            fn to_superset(&self) -> $Ty {
                $crate::Number::from_re(<$T as ::simba::scalar::SupersetOf<$F>>::from_subset(self))
            }
            #[inline(always)]
            fn from_superset_unchecked(element: &$Ty) -> $F {
                <$T as ::simba::scalar::SupersetOf<$F>>::to_subset_unchecked(
                    &$crate::Number::re(element),
                )
            }
            #[inline(always)]
            fn is_in_subset(_: &$Ty) -> bool {
                true
            }
        }
    };

    // The functions of the table that simba's `ComplexField` also has.
    ([@float $Ty:ty] $($name:ident: $class:ident, $simba:ident,)*) => {
        $( $crate::nalgebra::scalar::impl_nalgebra!(@float1 $simba $Ty; $name); )*
    };
    (@float1 simba $Ty:ty; $name:ident) => {
        #[inline(always)]
        fn $name(self) -> $Ty {
            <$Ty as ::num_traits::Float>::$name(self)
        }
    };
    (@float1 plain $Ty:ty; $name:ident) => {};

    (@consts $T:ident; $($name:ident)*) => {
        $(
            #[inline(always)]
            fn $name() -> Self {
                $crate::Number::from_re(<$T as ::simba::scalar::RealField>::$name())
            }
        )*
    };
    ([$($g:tt)*] $Ty:ty, $T:ident) => {
        /// A scalar: one SIMD lane.
        impl<$($g)*> ::simba::simd::SimdValue for $Ty {
            const LANES: usize = 1;
            type Element = $Ty;
            type SimdBool = bool;

            #[inline(always)]
            fn splat(val: $Ty) -> $Ty {
                val
            }
            #[inline(always)]
            fn extract(&self, _: usize) -> $Ty {
                *self
            }
            // simba declares this method `unsafe`; the body does nothing
            // unsafe (there is one lane, returned whatever the index).
            #[allow(unsafe_code)]
            #[inline(always)]
            unsafe fn extract_unchecked(&self, _: usize) -> $Ty {
                *self
            }
            #[inline(always)]
            fn replace(&mut self, _: usize, val: $Ty) {
                *self = val;
            }
            // simba declares this method `unsafe`; the body does nothing
            // unsafe (there is one lane, replaced whatever the index).
            #[allow(unsafe_code)]
            #[inline(always)]
            unsafe fn replace_unchecked(&mut self, _: usize, val: $Ty) {
                *self = val;
            }
            #[inline(always)]
            fn select(self, cond: bool, other: $Ty) -> $Ty {
                if cond { self } else { other }
            }
        }

        impl<$($g)*> ::simba::scalar::Field for $Ty {}

        /// The identity conversion.
        impl<$($g)*> ::simba::scalar::SubsetOf<$Ty> for $Ty {
            #[inline(always)]
            fn to_superset(&self) -> $Ty {
                *self
            }
            #[inline(always)]
            fn from_superset_unchecked(element: &$Ty) -> $Ty {
                *element
            }
            #[inline(always)]
            fn is_in_subset(_: &$Ty) -> bool {
                true
            }
        }

        $crate::nalgebra::scalar::impl_nalgebra!(@base [$($g)*] $Ty, $T; f64);
        $crate::nalgebra::scalar::impl_nalgebra!(@base [$($g)*] $Ty, $T; f32);

        /// Compares values only, like `==`.
        impl<$($g)*> ::approx::AbsDiffEq for $Ty {
            type Epsilon = $Ty;
            #[inline]
            fn default_epsilon() -> $Ty {
                $crate::Number::from_re(<$T as ::approx::AbsDiffEq>::default_epsilon())
            }
            #[inline]
            fn abs_diff_eq(&self, other: &$Ty, epsilon: $Ty) -> bool {
                <$T as ::approx::AbsDiffEq>::abs_diff_eq(
                    &$crate::Number::re(self),
                    &$crate::Number::re(other),
                    $crate::Number::re(&epsilon),
                )
            }
        }

        /// Compares values only, like `==`.
        impl<$($g)*> ::approx::RelativeEq for $Ty {
            #[inline]
            fn default_max_relative() -> $Ty {
                $crate::Number::from_re(<$T as ::approx::RelativeEq>::default_max_relative())
            }
            #[inline]
            fn relative_eq(&self, other: &$Ty, epsilon: $Ty, max_relative: $Ty) -> bool {
                <$T as ::approx::RelativeEq>::relative_eq(
                    &$crate::Number::re(self),
                    &$crate::Number::re(other),
                    $crate::Number::re(&epsilon),
                    $crate::Number::re(&max_relative),
                )
            }
        }

        /// Compares values only, like `==`.
        impl<$($g)*> ::approx::UlpsEq for $Ty {
            #[inline]
            fn default_max_ulps() -> u32 {
                <$T as ::approx::UlpsEq>::default_max_ulps()
            }
            #[inline]
            fn ulps_eq(&self, other: &$Ty, epsilon: $Ty, max_ulps: u32) -> bool {
                <$T as ::approx::UlpsEq>::ulps_eq(
                    &$crate::Number::re(self),
                    &$crate::Number::re(other),
                    $crate::Number::re(&epsilon),
                    max_ulps,
                )
            }
        }

        /// The real functions, with the derivatives of [`Float`](num_traits::Float).
        impl<$($g)*> ::simba::scalar::ComplexField for $Ty {
            type RealField = $Ty;

            #[inline(always)]
            fn from_real(re: $Ty) -> $Ty {
                re
            }
            #[inline(always)]
            fn real(self) -> $Ty {
                self
            }
            /// The constant 0.
            #[inline(always)]
            fn imaginary(self) -> $Ty {
                <$Ty as ::num_traits::Zero>::zero()
            }
            /// |x|.
            #[inline(always)]
            fn modulus(self) -> $Ty {
                <$Ty as ::num_traits::Float>::abs(self)
            }
            #[inline(always)]
            fn modulus_squared(self) -> $Ty {
                self * self
            }
            /// The constant 0 for a value ≥ 0 (and −0), π below.
            #[inline(always)]
            fn argument(self) -> $Ty {
                if $crate::Number::re(&self) >= <$T as ::num_traits::Zero>::zero() {
                    <$Ty as ::num_traits::Zero>::zero()
                } else {
                    $crate::Number::from_re(<$T as ::simba::scalar::RealField>::pi())
                }
            }
            /// |x|.
            #[inline(always)]
            fn norm1(self) -> $Ty {
                <$Ty as ::num_traits::Float>::abs(self)
            }
            #[inline(always)]
            fn scale(self, factor: $Ty) -> $Ty {
                self * factor
            }
            #[inline(always)]
            fn unscale(self, factor: $Ty) -> $Ty {
                self / factor
            }
            /// (±x, ±1) with the constant sign of the value (+1 at ±0, as
            /// for `f64`), so modulus · sign = x in every component.
            #[inline(always)]
            fn to_exp(self) -> ($Ty, $Ty) {
                let one = <$Ty as ::num_traits::One>::one();
                if $crate::Number::re(&self) >= <$T as ::num_traits::Zero>::zero() {
                    (self, one)
                } else {
                    (-self, -one)
                }
            }
            #[inline(always)]
            fn mul_add(self, a: $Ty, b: $Ty) -> $Ty {
                <$Ty as ::num_traits::Float>::mul_add(self, a, b)
            }
            #[inline(always)]
            fn hypot(self, other: $Ty) -> $Ty {
                <$Ty as ::num_traits::Float>::hypot(self, other)
            }
            /// The identity (a real number is its own conjugate).
            #[inline(always)]
            fn conjugate(self) -> $Ty {
                self
            }
            #[inline(always)]
            fn sin_cos(self) -> ($Ty, $Ty) {
                <$Ty as ::num_traits::Float>::sin_cos(self)
            }
            #[inline(always)]
            fn sinh_cosh(self) -> ($Ty, $Ty) {
                (
                    <$Ty as ::num_traits::Float>::sinh(self),
                    <$Ty as ::num_traits::Float>::cosh(self),
                )
            }
            /// sin x / x; at a value of 0, its Taylor polynomial.
            #[inline]
            fn sinc(self) -> $Ty {
                if $crate::Number::re(&self) == <$T as ::num_traits::Zero>::zero() {
                    $crate::nalgebra::scalar::even_series(self, &$crate::nalgebra::scalar::SINC)
                } else {
                    <$Ty as ::num_traits::Float>::sin(self) / self
                }
            }
            /// sinh x / x; at a value of 0, its Taylor polynomial.
            #[inline]
            fn sinhc(self) -> $Ty {
                if $crate::Number::re(&self) == <$T as ::num_traits::Zero>::zero() {
                    $crate::nalgebra::scalar::even_series(self, &$crate::nalgebra::scalar::SINHC)
                } else {
                    <$Ty as ::num_traits::Float>::sinh(self) / self
                }
            }
            /// cos x / x; the constant 1 at a value of 0 (simba's convention at the pole).
            #[inline]
            fn cosc(self) -> $Ty {
                if $crate::Number::re(&self) == <$T as ::num_traits::Zero>::zero() {
                    <$Ty as ::num_traits::One>::one()
                } else {
                    <$Ty as ::num_traits::Float>::cos(self) / self
                }
            }
            /// cosh x / x; the constant 1 at a value of 0 (simba's convention at the pole).
            #[inline]
            fn coshc(self) -> $Ty {
                if $crate::Number::re(&self) == <$T as ::num_traits::Zero>::zero() {
                    <$Ty as ::num_traits::One>::one()
                } else {
                    <$Ty as ::num_traits::Float>::cosh(self) / self
                }
            }
            #[inline(always)]
            fn log(self, base: $Ty) -> $Ty {
                <$Ty as ::num_traits::Float>::log(self, base)
            }
            #[inline(always)]
            fn powi(self, n: i32) -> $Ty {
                <$Ty as ::num_traits::Float>::powi(self, n)
            }
            #[inline(always)]
            fn powf(self, n: $Ty) -> $Ty {
                <$Ty as ::num_traits::Float>::powf(self, n)
            }
            /// xⁿ (for reals the same as `powf`).
            #[inline(always)]
            fn powc(self, n: $Ty) -> $Ty {
                <$Ty as ::num_traits::Float>::powf(self, n)
            }
            #[inline(always)]
            fn is_finite(&self) -> bool {
                <$Ty as ::num_traits::Float>::is_finite(*self)
            }
            /// √x, or `None` when the value is negative.
            #[inline(always)]
            fn try_sqrt(self) -> Option<$Ty> {
                if $crate::Number::re(&self) >= <$T as ::num_traits::Zero>::zero() {
                    Some(<$Ty as ::num_traits::Float>::sqrt(self))
                } else {
                    None
                }
            }
            $crate::for_each_unary!($crate::nalgebra::scalar::impl_nalgebra [@float $Ty]);
        }

        /// Ordering, signs and constants of the value; `max`, `min`, `clamp`
        /// and `copysign` follow [`Float`](num_traits::Float)'s conventions.
        impl<$($g)*> ::simba::scalar::RealField for $Ty {
            #[inline(always)]
            fn is_sign_positive(&self) -> bool {
                <$Ty as ::num_traits::Float>::is_sign_positive(*self)
            }
            #[inline(always)]
            fn is_sign_negative(&self) -> bool {
                <$Ty as ::num_traits::Float>::is_sign_negative(*self)
            }
            #[inline(always)]
            fn copysign(self, sign: $Ty) -> $Ty {
                <$Ty as ::num_traits::Float>::copysign(self, sign)
            }
            #[inline(always)]
            fn max(self, other: $Ty) -> $Ty {
                <$Ty as ::num_traits::Float>::max(self, other)
            }
            #[inline(always)]
            fn min(self, other: $Ty) -> $Ty {
                <$Ty as ::num_traits::Float>::min(self, other)
            }
            #[inline(always)]
            fn clamp(self, min: $Ty, max: $Ty) -> $Ty {
                <$Ty as ::num_traits::Float>::clamp(self, min, max)
            }
            #[inline(always)]
            fn atan2(self, other: $Ty) -> $Ty {
                <$Ty as ::num_traits::Float>::atan2(self, other)
            }
            #[inline(always)]
            fn min_value() -> Option<$Ty> {
                <$T as ::simba::scalar::RealField>::min_value().map($crate::Number::from_re)
            }
            #[inline(always)]
            fn max_value() -> Option<$Ty> {
                <$T as ::simba::scalar::RealField>::max_value().map($crate::Number::from_re)
            }
            $crate::nalgebra::scalar::impl_nalgebra!(@consts $T; pi two_pi frac_pi_2 frac_pi_3
                frac_pi_4 frac_pi_6 frac_pi_8 frac_1_pi frac_2_pi frac_2_sqrt_pi e log2_e
                log10_e ln_2 ln_10);
        }
    };
}
pub(crate) use impl_nalgebra;

impl_nalgebra!([T: ::simba::scalar::RealField + Float, const N: usize] Dual<T, N>, T);
impl_nalgebra!([T: ::simba::scalar::RealField + Float, const N: usize] crate::HyperDual<T, N>, T);

/// Taylor coefficients of sin x / x in x²: 1 − x²/3! + x⁴/5! − x⁶/7! + x⁸/9!.
pub(crate) const SINC: [f64; 5] = [1.0, -1.0 / 6.0, 1.0 / 120.0, -1.0 / 5040.0, 1.0 / 362880.0];

/// Taylor coefficients of sinh x / x in x²: 1 + x²/3! + x⁴/5! + x⁶/7! + x⁸/9!.
pub(crate) const SINHC: [f64; 5] = [1.0, 1.0 / 6.0, 1.0 / 120.0, 1.0 / 5040.0, 1.0 / 362880.0];

/// Σ cₖ x²ᵏ by Horner's rule in x². Used only where the value of `x` is
/// exactly 0: the polynomial then agrees with the series in value and in
/// every derivative of order below 2 · `coeffs.len()`.
#[inline]
pub(crate) fn even_series<A: Float>(x: A, coeffs: &[f64]) -> A {
    let x2 = x * x;
    coeffs.iter().rev().fold(A::zero(), |acc, &c| {
        acc * x2 + A::from(c).unwrap_or_else(A::nan)
    })
}
