//! What every gradus number has in common: [`Number`], the chain rule, once.
//!
//! A number type ([`Dual`](crate::Dual), [`HyperDual`](crate::HyperDual),
//! [`HvpDual`](crate::HvpDual), [`Var`](crate::Var)) implements only
//! [`Number`]: how to read its value, how to make a constant, and how one
//! unary or binary rule of the [table](crate::rules) pushes through its
//! derivative parts. The [surface](crate::surface) then generates, once for
//! all types, every operator and num-traits trait from it. A reader finds
//! each function's derivative in [`rules`](crate::rules) and nowhere else.

use crate::rules::{Derivs, Derivs2};
use num_traits::Float;

/// The interface every gradus number type implements: the chain rule, once.
///
/// Everything else (operators, `Float`, …) is derived from these methods, so
/// a function added to [`rules`](crate::rules) is available on every type at
/// once. Users can apply their own rules through [`chain`](Number::chain) and
/// [`chain2`](Number::chain2); see the [`rules`](crate::rules) module.
///
/// # On plain floats
///
/// `f32` and `f64` implement `Number` as numbers without derivatives: a
/// rule applied to one is its value, so a custom rule written with
/// [`chain`](Number::chain) runs unchanged on plain floats (and can be
/// checked there against finite differences).
///
/// ```
/// use gradus::{Dual, Number, rules::Derivs};
///
/// /// softplus(x) = ln(1 + eˣ), with σ(x) and σ(x)(1 − σ(x)) as derivatives.
/// fn softplus<A: Number<Inner = f64>>(x: A) -> A {
///     let v = x.re();
///     let s = 1.0 / (1.0 + (-v).exp());
///     x.chain(Derivs::new(v.exp().ln_1p(), s, s * (1.0 - s)))
/// }
///
/// assert_eq!(softplus(0.0_f64), 2f64.ln());
/// assert_eq!(softplus(Dual::<f64, 1>::variable(0.0, 0)).partials(), [0.5]);
/// ```
pub trait Number: Copy {
    /// The scalar one level down: `f64` for `Dual<f64, N>`, `Dual<f64, M>` for
    /// `Dual<Dual<f64, M>, N>`.
    type Inner: Float;

    /// The value part (the "real" part, without derivatives).
    fn re(&self) -> Self::Inner;

    /// A constant: the given value with every derivative zero.
    fn from_re(re: Self::Inner) -> Self;

    /// Applies a unary rule: the result has value `d.f` and derivatives given
    /// by the chain rule with f′ = `d.df` (and f″ = `d.d2f` for second-order types).
    ///
    /// The zero-partial rule holds here: a derivative component that is exactly
    /// zero stays zero whatever the local derivative (0 · inf = 0, not NaN),
    /// and a zero local derivative makes every component zero.
    fn chain(self, d: Derivs<Self::Inner>) -> Self;

    /// Applies a binary rule f(self, other), with the same zero-partial rule.
    fn chain2(self, other: Self, d: Derivs2<Self::Inner>) -> Self;

    /// Evaluates a unary `rule` at the value and applies it: `chain(rule(re))`.
    /// A type may override it to evaluate the rule where its number already
    /// is (for a large number, inside the one call that builds the result).
    #[inline(always)]
    fn apply<F: FnOnce(Self::Inner) -> Derivs<Self::Inner>>(self, rule: F) -> Self {
        let d = rule(self.re());
        self.chain(d)
    }

    /// Evaluates a binary `rule` at the two values and applies it:
    /// `chain2(other, rule(re, other.re))`; overridable as [`apply`](Number::apply).
    #[inline(always)]
    fn apply2<F: FnOnce(Self::Inner, Self::Inner) -> Derivs2<Self::Inner>>(
        self,
        other: Self,
        rule: F,
    ) -> Self {
        let d = rule(self.re(), other.re());
        self.chain2(other, d)
    }

    /// The same derivatives with another value (used where the value must
    /// match the plain program bitwise, as in the fused `mul_add`).
    fn with_re(self, re: Self::Inner) -> Self;

    /// True when every derivative component is exactly zero (a constant).
    fn is_constant(&self) -> bool;
}

/// A float, or a gradus number built on it, that converts a base-float constant
/// exactly. It lets `2.0 * x` and `x / 3.0` work at every nesting depth.
pub trait FromBase<F>: Float {
    /// The constant `c`, with every derivative zero.
    fn from_base(c: F) -> Self;
}

impl FromBase<f64> for f64 {
    #[inline(always)]
    fn from_base(c: f64) -> f64 {
        c
    }
}

impl FromBase<f32> for f32 {
    #[inline(always)]
    fn from_base(c: f32) -> f32 {
        c
    }
}

/// The part of a [`Number`] impl every type with a value field writes the
/// same way: `Inner`, [`re`](Number::re), [`from_re`](Number::from_re) (a
/// constant) and [`with_re`](Number::with_re).
///
/// `value_field!(Inner, field, Type::constant)` inside `impl Number for Type`.
macro_rules! value_field {
    ($T:ty, $field:ident, $constant:path) => {
        type Inner = $T;

        #[inline(always)]
        fn re(&self) -> $T {
            self.$field
        }

        #[inline(always)]
        fn from_re(re: $T) -> Self {
            $constant(re)
        }

        #[inline(always)]
        fn with_re(mut self, re: $T) -> Self {
            self.$field = re;
            self
        }
    };
}
pub(crate) use value_field;

// `f32` and `f64` are numbers without derivatives (see `Number`'s docs).
macro_rules! impl_number_for_float {
    ($($F:ty)*) => {$(
        impl Number for $F {
            type Inner = $F;
            #[inline(always)]
            fn re(&self) -> $F {
                *self
            }
            #[inline(always)]
            fn from_re(re: $F) -> $F {
                re
            }
            #[inline(always)]
            fn chain(self, d: Derivs<$F>) -> $F {
                d.f
            }
            #[inline(always)]
            fn chain2(self, _: $F, d: Derivs2<$F>) -> $F {
                d.f
            }
            #[inline(always)]
            fn with_re(self, re: $F) -> $F {
                re
            }
            #[inline(always)]
            fn is_constant(&self) -> bool {
                true
            }
        }
    )*};
}
impl_number_for_float!(f32 f64);
