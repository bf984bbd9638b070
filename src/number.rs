//! What every gradus number has in common, and the numeric surface generated from it.
//!
//! A number type ([`Dual`](crate::Dual), `HyperDual`,
//! `Var`) implements only [`Number`]: how to read its value, how
//! to make a constant, and how one unary or binary rule of the
//! [table](crate::rules) pushes through its derivative parts. The macro in this
//! file then writes, once for all types, every operator (`+ - * / %`, the
//! `*Assign` forms, owned and borrowed, with the inner scalar on the right and
//! the base float on either side), `Sum`, `Product`, value comparisons, and the
//! num-traits traits (`Float` with every method, `FloatConst`, `Signed`,
//! `NumCast`, `Pow`, …). A reader finds each function's derivative in
//! `rules.rs` and nowhere else.

use crate::rules::{Derivs, Derivs2};
use num_traits::Float;

/// The interface every gradus number type implements: the chain rule, once.
///
/// Everything else (operators, `Float`, …) is derived from these methods, so
/// a function added to [`rules`](crate::rules) is available on every type at
/// once. Users can apply their own rules through [`chain`](Number::chain) and
/// [`chain2`](Number::chain2); see the [`rules`](crate::rules) module.
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

/// Applies a unary rule to a number.
#[inline(always)]
pub(crate) fn un<A: Number, F: FnOnce(A::Inner) -> Derivs<A::Inner>>(a: A, rule: F) -> A {
    a.apply(rule)
}

/// Applies a binary rule to two numbers.
#[inline(always)]
pub(crate) fn bin<A: Number, F: FnOnce(A::Inner, A::Inner) -> Derivs2<A::Inner>>(
    a: A,
    b: A,
    rule: F,
) -> A {
    a.apply2(b, rule)
}

/// `x.powf(y)`: the cheaper one-argument rule when the exponent is a constant.
#[inline(always)]
pub(crate) fn powf<A: Number>(x: A, y: A) -> A {
    if y.is_constant() {
        let p = y.re();
        un(x, |v| crate::rules::powf_const(v, p))
    } else {
        bin(x, y, crate::rules::powf)
    }
}

/// Implements the full numeric surface for a type that implements [`Number`].
///
/// `impl_number!([generics] Type, Inner)` — e.g.
/// `impl_number!([T: Float, const N: usize] Dual<T, N>, T)`.
macro_rules! impl_number {
    ([$($g:tt)*] $Ty:ty, $T:ident) => {
        $crate::number::impl_number!(@binop [$($g)*] $Ty, $T; Add add AddAssign add_assign;
            $crate::rules::add, |x, c| $crate::rules::add_const(x, c),
            |c, x| $crate::rules::add_const(x, c));
        $crate::number::impl_number!(@binop [$($g)*] $Ty, $T; Sub sub SubAssign sub_assign;
            $crate::rules::sub, |x, c| $crate::rules::sub_const(x, c),
            |c, x| $crate::rules::const_sub(c, x));
        $crate::number::impl_number!(@binop [$($g)*] $Ty, $T; Mul mul MulAssign mul_assign;
            $crate::rules::mul, |x, c| $crate::rules::mul_const(x, c),
            |c, x| $crate::rules::mul_const(x, c));
        $crate::number::impl_number!(@binop [$($g)*] $Ty, $T; Div div DivAssign div_assign;
            $crate::rules::div, |x, c| $crate::rules::div_const(x, c),
            |c, x| $crate::rules::const_div(c, x));
        $crate::number::impl_number!(@binop [$($g)*] $Ty, $T; Rem rem RemAssign rem_assign;
            $crate::rules::rem, |x, c| $crate::rules::rem_const(x, c),
            |c, x| $crate::rules::const_rem(c, x));

        impl<$($g)*> ::core::ops::Neg for $Ty {
            type Output = $Ty;
            #[inline(always)]
            fn neg(self) -> $Ty {
                $crate::number::un(self, $crate::rules::neg)
            }
        }
        impl<$($g)*> ::core::ops::Neg for &$Ty {
            type Output = $Ty;
            #[inline(always)]
            fn neg(self) -> $Ty {
                -*self
            }
        }

        impl<$($g)*> ::num_traits::Zero for $Ty {
            #[inline(always)]
            fn zero() -> $Ty {
                $crate::Number::from_re($T::zero())
            }

            /// True only when the value *and every derivative component*
            /// are zero (recursively for nested numbers; for a `Var`, a
            /// constant zero), unlike `==`, which compares values. The
            /// zero-partial rule relies on this.
            #[inline(always)]
            fn is_zero(&self) -> bool {
                $crate::Number::re(self).is_zero() && $crate::Number::is_constant(self)
            }
        }

        impl<$($g)*, F> $crate::FromBase<F> for $Ty
        where
            $T: $crate::FromBase<F>,
        {
            #[inline(always)]
            fn from_base(c: F) -> $Ty {
                $crate::Number::from_re(<$T as $crate::FromBase<F>>::from_base(c))
            }
        }

        impl<$($g)*> ::core::iter::Sum for $Ty {
            /// The sum of an empty iterator is −0, as for `f64` (−0 is the
            /// additive identity: a sum of −0s stays −0, bitwise as in `f64`).
            fn sum<I: Iterator<Item = $Ty>>(iter: I) -> $Ty {
                iter.fold($crate::Number::from_re($T::neg_zero()), |a, b| a + b)
            }
        }
        impl<'a, $($g)*> ::core::iter::Sum<&'a $Ty> for $Ty {
            fn sum<I: Iterator<Item = &'a $Ty>>(iter: I) -> $Ty {
                iter.fold($crate::Number::from_re($T::neg_zero()), |a, b| a + *b)
            }
        }
        impl<$($g)*> ::core::iter::Product for $Ty {
            /// The product of an empty iterator is one.
            fn product<I: Iterator<Item = $Ty>>(iter: I) -> $Ty {
                iter.fold(<$Ty as ::num_traits::One>::one(), |a, b| a * b)
            }
        }
        impl<'a, $($g)*> ::core::iter::Product<&'a $Ty> for $Ty {
            fn product<I: Iterator<Item = &'a $Ty>>(iter: I) -> $Ty {
                iter.fold(<$Ty as ::num_traits::One>::one(), |a, b| a * *b)
            }
        }

        /// Compares values only: derivatives never change a branch (see the
        /// crate docs on branching).
        impl<$($g)*> ::core::cmp::PartialEq for $Ty {
            #[inline(always)]
            fn eq(&self, other: &$Ty) -> bool {
                $crate::Number::re(self) == $crate::Number::re(other)
            }
        }
        /// Orders by value only, consistently with `==`.
        impl<$($g)*> ::core::cmp::PartialOrd for $Ty {
            #[inline(always)]
            fn partial_cmp(&self, other: &$Ty) -> Option<::core::cmp::Ordering> {
                $crate::Number::re(self).partial_cmp(&$crate::Number::re(other))
            }
        }

        /// The constant zero.
        impl<$($g)*> ::core::default::Default for $Ty {
            #[inline(always)]
            fn default() -> $Ty {
                <$Ty as ::num_traits::Zero>::zero()
            }
        }

        impl<$($g)*> ::num_traits::One for $Ty {
            #[inline(always)]
            fn one() -> $Ty {
                $crate::Number::from_re($T::one())
            }
        }

        impl<$($g)*> ::num_traits::Num for $Ty {
            type FromStrRadixErr = <$T as ::num_traits::Num>::FromStrRadixErr;
            /// Parses the value; the result is a constant.
            fn from_str_radix(s: &str, radix: u32) -> Result<$Ty, Self::FromStrRadixErr> {
                <$T as ::num_traits::Num>::from_str_radix(s, radix).map($crate::Number::from_re)
            }
        }

        /// Converts to a constant (every derivative zero).
        impl<$($g)*> ::num_traits::NumCast for $Ty {
            #[inline(always)]
            fn from<P: ::num_traits::ToPrimitive>(n: P) -> Option<$Ty> {
                <$T as ::num_traits::NumCast>::from(n).map($crate::Number::from_re)
            }
        }

        /// Converts the value and drops the derivatives.
        impl<$($g)*> ::num_traits::ToPrimitive for $Ty {
            #[inline(always)]
            fn to_i64(&self) -> Option<i64> {
                $crate::Number::re(self).to_i64()
            }
            #[inline(always)]
            fn to_u64(&self) -> Option<u64> {
                $crate::Number::re(self).to_u64()
            }
            #[inline(always)]
            fn to_i128(&self) -> Option<i128> {
                $crate::Number::re(self).to_i128()
            }
            #[inline(always)]
            fn to_u128(&self) -> Option<u128> {
                $crate::Number::re(self).to_u128()
            }
            #[inline(always)]
            fn to_f32(&self) -> Option<f32> {
                $crate::Number::re(self).to_f32()
            }
            #[inline(always)]
            fn to_f64(&self) -> Option<f64> {
                $crate::Number::re(self).to_f64()
            }
        }

        /// Converts to a constant (every derivative zero).
        impl<$($g)*> ::num_traits::FromPrimitive for $Ty {
            #[inline(always)]
            fn from_i64(n: i64) -> Option<$Ty> {
                <$T as ::num_traits::NumCast>::from(n).map($crate::Number::from_re)
            }
            #[inline(always)]
            fn from_u64(n: u64) -> Option<$Ty> {
                <$T as ::num_traits::NumCast>::from(n).map($crate::Number::from_re)
            }
            #[inline(always)]
            fn from_f32(n: f32) -> Option<$Ty> {
                <$T as ::num_traits::NumCast>::from(n).map($crate::Number::from_re)
            }
            #[inline(always)]
            fn from_f64(n: f64) -> Option<$Ty> {
                <$T as ::num_traits::NumCast>::from(n).map($crate::Number::from_re)
            }
        }

        /// Constant bounds of the inner type.
        impl<$($g)*> ::num_traits::Bounded for $Ty
        where
            $T: ::num_traits::Bounded,
        {
            #[inline(always)]
            fn min_value() -> $Ty {
                $crate::Number::from_re(<$T as ::num_traits::Bounded>::min_value())
            }
            #[inline(always)]
            fn max_value() -> $Ty {
                $crate::Number::from_re(<$T as ::num_traits::Bounded>::max_value())
            }
        }

        impl<$($g)*> ::num_traits::Inv for $Ty {
            type Output = $Ty;
            /// 1/x, as [`Float::recip`](num_traits::Float::recip).
            #[inline(always)]
            fn inv(self) -> $Ty {
                $crate::number::un(self, $crate::rules::recip)
            }
        }

        impl<$($g)*> ::num_traits::MulAdd for $Ty {
            type Output = $Ty;
            /// `self * a + b`, value fused as in [`Float::mul_add`](num_traits::Float::mul_add).
            #[inline(always)]
            fn mul_add(self, a: $Ty, b: $Ty) -> $Ty {
                ::num_traits::Float::mul_add(self, a, b)
            }
        }
        impl<$($g)*> ::num_traits::MulAddAssign for $Ty {
            #[inline(always)]
            fn mul_add_assign(&mut self, a: $Ty, b: $Ty) {
                *self = ::num_traits::Float::mul_add(*self, a, b);
            }
        }

        impl<$($g)*> ::num_traits::Pow<i32> for $Ty {
            type Output = $Ty;
            /// xⁿ, as [`Float::powi`](num_traits::Float::powi).
            #[inline(always)]
            fn pow(self, n: i32) -> $Ty {
                ::num_traits::Float::powi(self, n)
            }
        }
        impl<$($g)*> ::num_traits::Pow<$Ty> for $Ty {
            type Output = $Ty;
            /// xʸ, as [`Float::powf`](num_traits::Float::powf).
            #[inline(always)]
            fn pow(self, y: $Ty) -> $Ty {
                $crate::number::powf(self, y)
            }
        }
        impl<$($g)*> ::num_traits::Pow<f64> for $Ty
        where
            $T: $crate::FromBase<f64>,
        {
            type Output = $Ty;
            /// xᵖ for a constant exponent of the base float.
            #[inline(always)]
            fn pow(self, p: f64) -> $Ty {
                let p = <$T as $crate::FromBase<f64>>::from_base(p);
                $crate::number::un(self, |x| $crate::rules::powf_const(x, p))
            }
        }
        impl<$($g)*> ::num_traits::Pow<f32> for $Ty
        where
            $T: $crate::FromBase<f32>,
        {
            type Output = $Ty;
            /// xᵖ for a constant exponent of the base float.
            #[inline(always)]
            fn pow(self, p: f32) -> $Ty {
                let p = <$T as $crate::FromBase<f32>>::from_base(p);
                $crate::number::un(self, |x| $crate::rules::powf_const(x, p))
            }
        }

        impl<$($g)*> ::num_traits::Signed for $Ty {
            #[inline(always)]
            fn abs(&self) -> $Ty {
                ::num_traits::Float::abs(*self)
            }
            #[inline(always)]
            fn abs_sub(&self, other: &$Ty) -> $Ty {
                #[allow(deprecated)]
                ::num_traits::Float::abs_sub(*self, *other)
            }
            #[inline(always)]
            fn signum(&self) -> $Ty {
                ::num_traits::Float::signum(*self)
            }
            #[inline(always)]
            fn is_positive(&self) -> bool {
                $crate::Number::re(self) > $T::zero()
            }
            #[inline(always)]
            fn is_negative(&self) -> bool {
                $crate::Number::re(self) < $T::zero()
            }
        }

        /// Each constant with zero derivatives.
        impl<$($g)*> ::num_traits::FloatConst for $Ty
        where
            $T: ::num_traits::FloatConst,
        {
            $crate::number::impl_number!(@consts $T; E FRAC_1_PI FRAC_1_SQRT_2 FRAC_2_PI
                FRAC_2_SQRT_PI FRAC_PI_2 FRAC_PI_3 FRAC_PI_4 FRAC_PI_6 FRAC_PI_8 LN_10 LN_2
                LOG10_E LOG2_E PI SQRT_2 TAU LOG10_2 LOG2_10);
        }

        /// The elementary functions, as inherent methods: callable without
        /// importing a trait, and never ambiguous when both `num_traits::Float`
        /// and nalgebra's `ComplexField` are in scope. Each takes its value and
        /// derivatives from the table in [`rules`](crate::rules); the trait
        /// impls forward here.
        impl<$($g)*> $Ty {
            $crate::number::impl_number!(@preds is_nan is_infinite is_finite is_normal
                is_subnormal is_sign_positive is_sign_negative);
            $crate::number::impl_number!(@unary sqrt cbrt exp exp2 exp_m1 ln ln_1p log2 log10
                sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh recip abs fract
                to_degrees to_radians);
            $crate::number::impl_number!(@binary hypot atan2 log);
            $crate::number::impl_number!(@steps floor ceil round trunc signum);

            /// The IEEE-754 category of the value.
            #[inline(always)]
            pub fn classify(self) -> ::core::num::FpCategory {
                $crate::Number::re(&self).classify()
            }
            /// Mantissa, exponent and sign of the value.
            #[inline(always)]
            pub fn integer_decode(self) -> (u64, i16, i8) {
                $crate::Number::re(&self).integer_decode()
            }
            /// xⁿ for an integer n, exact at x = 0 ([`rules::powi`](crate::rules::powi)).
            #[inline(always)]
            pub fn powi(self, n: i32) -> $Ty {
                $crate::number::un(self, |x| $crate::rules::powi(x, n))
            }
            /// xʸ, both varying ([`rules::powf`](crate::rules::powf)); a constant
            /// exponent takes the cheaper [`rules::powf_const`](crate::rules::powf_const).
            #[inline(always)]
            pub fn powf(self, n: $Ty) -> $Ty {
                $crate::number::powf(self, n)
            }
            /// `self * a + b`, the value fused (one rounding) as in the plain program.
            #[inline(always)]
            pub fn mul_add(self, a: $Ty, b: $Ty) -> $Ty {
                let (x, y, z) = ($crate::Number::re(&self), $crate::Number::re(&a), $crate::Number::re(&b));
                $crate::Number::with_re(self * a + b, x.mul_add(y, z))
            }
            /// `(sin x, cos x)` from one `sin_cos` of the value.
            #[inline(always)]
            pub fn sin_cos(self) -> ($Ty, $Ty) {
                let (s, c) = $crate::rules::sin_cos($crate::Number::re(&self));
                ($crate::Number::chain(self, s), $crate::Number::chain(self, c))
            }
            /// The larger argument, with its derivatives; a tie returns `self`,
            /// a NaN argument is ignored ([`rules::max_takes_first`](crate::rules::max_takes_first)).
            #[inline(always)]
            pub fn max(self, other: $Ty) -> $Ty {
                if $crate::rules::max_takes_first($crate::Number::re(&self), $crate::Number::re(&other)) {
                    self
                } else {
                    other
                }
            }
            /// The smaller argument, with its derivatives; a tie returns `self`.
            #[inline(always)]
            pub fn min(self, other: $Ty) -> $Ty {
                if $crate::rules::min_takes_first($crate::Number::re(&self), $crate::Number::re(&other)) {
                    self
                } else {
                    other
                }
            }
            /// `lo`, `hi` or `self` with its derivatives; at a bound, `self`.
            #[inline(always)]
            pub fn clamp(self, lo: $Ty, hi: $Ty) -> $Ty {
                match $crate::rules::clamp_branch(
                    $crate::Number::re(&self),
                    $crate::Number::re(&lo),
                    $crate::Number::re(&hi),
                ) {
                    0 => lo,
                    2 => hi,
                    _ => self,
                }
            }
            /// |x| with the sign of `sign`: ±(x's derivatives); none from `sign`.
            #[inline(always)]
            pub fn copysign(self, sign: $Ty) -> $Ty {
                let flip = $crate::Number::re(&self).is_sign_negative()
                    != $crate::Number::re(&sign).is_sign_negative();
                if flip { -self } else { self }
            }
        }

        /// Every method with its true derivative, forwarding to the inherent
        /// methods above; predicates and `integer_decode` read the value.
        impl<$($g)*> ::num_traits::Float for $Ty {
            $crate::number::impl_number!(@consts $T; nan infinity neg_infinity neg_zero
                min_value min_positive_value epsilon max_value);
            $crate::number::impl_number!(@fwd $Ty; (self) -> bool; is_nan is_infinite is_finite
                is_normal is_subnormal is_sign_positive is_sign_negative);
            $crate::number::impl_number!(@fwd $Ty; (self) -> $Ty; sqrt cbrt exp exp2 exp_m1 ln
                ln_1p log2 log10 sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh recip
                abs fract to_degrees to_radians floor ceil round trunc signum);
            $crate::number::impl_number!(@fwd $Ty; (self, other: $Ty) -> $Ty; hypot atan2 max min
                copysign powf);
            $crate::number::impl_number!(@fwd $Ty; (self, base: $Ty) -> $Ty; log);
            $crate::number::impl_number!(@fwd $Ty; (self, n: i32) -> $Ty; powi);
            $crate::number::impl_number!(@fwd $Ty; (self, a: $Ty, b: $Ty) -> $Ty; mul_add clamp);
            $crate::number::impl_number!(@fwd $Ty; (self) -> ($Ty, $Ty); sin_cos);
            $crate::number::impl_number!(@fwd $Ty; (self) -> ::core::num::FpCategory; classify);
            $crate::number::impl_number!(@fwd $Ty; (self) -> (u64, i16, i8); integer_decode);
            /// max(x − y, 0): the derivative of x − y where x > y, else 0.
            #[inline(always)]
            fn abs_sub(self, other: $Ty) -> $Ty {
                if self <= other { <$Ty as ::num_traits::Zero>::zero() } else { self - other }
            }
        }

    };

    (@binop [$($g:tt)*] $Ty:ty, $T:ident; $Op:ident $op:ident $OpA:ident $opa:ident;
        $rule:expr, $rule_c:expr, $rule_cl:expr) => {
        impl<$($g)*> ::core::ops::$Op for $Ty {
            type Output = $Ty;
            #[inline(always)]
            fn $op(self, rhs: $Ty) -> $Ty {
                $crate::number::bin(self, rhs, $rule)
            }
        }
        impl<$($g)*> ::core::ops::$Op<&$Ty> for $Ty {
            type Output = $Ty;
            #[inline(always)]
            fn $op(self, rhs: &$Ty) -> $Ty {
                ::core::ops::$Op::$op(self, *rhs)
            }
        }
        impl<$($g)*> ::core::ops::$Op<$Ty> for &$Ty {
            type Output = $Ty;
            #[inline(always)]
            fn $op(self, rhs: $Ty) -> $Ty {
                ::core::ops::$Op::$op(*self, rhs)
            }
        }
        impl<$($g)*> ::core::ops::$Op<&$Ty> for &$Ty {
            type Output = $Ty;
            #[inline(always)]
            fn $op(self, rhs: &$Ty) -> $Ty {
                ::core::ops::$Op::$op(*self, *rhs)
            }
        }
        impl<$($g)*> ::core::ops::$Op<$T> for $Ty {
            type Output = $Ty;
            #[inline(always)]
            fn $op(self, c: $T) -> $Ty {
                $crate::number::un(self, |x| ($rule_c)(x, c))
            }
        }
        impl<$($g)*> ::core::ops::$Op<$T> for &$Ty {
            type Output = $Ty;
            #[inline(always)]
            fn $op(self, c: $T) -> $Ty {
                ::core::ops::$Op::$op(*self, c)
            }
        }
        impl<$($g)*> ::core::ops::$OpA for $Ty {
            #[inline(always)]
            fn $opa(&mut self, rhs: $Ty) {
                *self = ::core::ops::$Op::$op(*self, rhs);
            }
        }
        impl<$($g)*> ::core::ops::$OpA<&$Ty> for $Ty {
            #[inline(always)]
            fn $opa(&mut self, rhs: &$Ty) {
                *self = ::core::ops::$Op::$op(*self, *rhs);
            }
        }
        impl<$($g)*> ::core::ops::$OpA<$T> for $Ty {
            #[inline(always)]
            fn $opa(&mut self, c: $T) {
                *self = ::core::ops::$Op::$op(*self, c);
            }
        }
        $crate::number::impl_number!(@left [$($g)*] $Ty, $T; f64; $Op $op; $rule_cl);
        $crate::number::impl_number!(@left [$($g)*] $Ty, $T; f32; $Op $op; $rule_cl);
    };

    (@left [$($g:tt)*] $Ty:ty, $T:ident; $F:ty; $Op:ident $op:ident; $rule_cl:expr) => {
        impl<$($g)*> ::core::ops::$Op<$Ty> for $F
        where
            $T: $crate::FromBase<$F>,
        {
            type Output = $Ty;
            #[inline(always)]
            fn $op(self, rhs: $Ty) -> $Ty {
                let c = <$T as $crate::FromBase<$F>>::from_base(self);
                $crate::number::un(rhs, |x| ($rule_cl)(c, x))
            }
        }
        impl<$($g)*> ::core::ops::$Op<&$Ty> for $F
        where
            $T: $crate::FromBase<$F>,
        {
            type Output = $Ty;
            #[inline(always)]
            fn $op(self, rhs: &$Ty) -> $Ty {
                ::core::ops::$Op::$op(self, *rhs)
            }
        }
    };

    (@consts $T:ident; $($name:ident)*) => {
        $(
            #[inline(always)]
            fn $name() -> Self {
                $crate::Number::from_re($T::$name())
            }
        )*
    };
    (@fwd $Ty:ty; $args:tt -> $R:ty; $($name:ident)*) => {
        $( $crate::number::impl_number!(@fwd1 $Ty; $name; $args -> $R); )*
    };
    (@fwd1 $Ty:ty; $name:ident; ($self_:ident $(, $arg:ident: $A:ty)*) -> $R:ty) => {
        #[inline(always)]
        fn $name($self_ $(, $arg: $A)*) -> $R {
            <$Ty>::$name($self_ $(, $arg)*)
        }
    };
    (@preds $($name:ident)*) => {
        $(
            #[doc = concat!("`", stringify!($name), "` of the value (derivatives are not consulted).")]
            #[inline(always)]
            pub fn $name(self) -> bool {
                $crate::Number::re(&self).$name()
            }
        )*
    };
    (@unary $($name:ident)*) => {
        $(
            #[doc = concat!("`", stringify!($name), "` with its exact derivatives ([`rules::",
                stringify!($name), "`](crate::rules::", stringify!($name), ")).")]
            #[inline(always)]
            pub fn $name(self) -> Self {
                $crate::number::un(self, $crate::rules::$name)
            }
        )*
    };
    (@binary $($name:ident)*) => {
        $(
            #[doc = concat!("`", stringify!($name), "` with its exact partial derivatives ([`rules::",
                stringify!($name), "`](crate::rules::", stringify!($name), ")).")]
            #[inline(always)]
            pub fn $name(self, other: Self) -> Self {
                $crate::number::bin(self, other, $crate::rules::$name)
            }
        )*
    };
    (@steps $($name:ident)*) => {
        $(
            #[doc = concat!("`", stringify!($name), "` of the value, with derivative 0 everywhere ([`rules::step`](crate::rules::step)).")]
            #[inline(always)]
            pub fn $name(self) -> Self {
                $crate::number::un(self, |x| $crate::rules::step(x.$name()))
            }
        )*
    };
}
pub(crate) use impl_number;

/// Implements the base float on the right of a nested number
/// (`Dual<Dual<f64, M>, N> * 2.0`), where it differs from the inner scalar.
///
/// `impl_nested_base!([generics] Outer, Inner)`.
macro_rules! impl_nested_base {
    ([$($g:tt)*] $Ty:ty, $Inner:ty) => {
        $crate::number::impl_nested_base!(@f [$($g)*] $Ty, $Inner; f64);
        $crate::number::impl_nested_base!(@f [$($g)*] $Ty, $Inner; f32);
    };
    (@f [$($g:tt)*] $Ty:ty, $Inner:ty; $F:ty) => {
        $crate::number::impl_nested_base!(@op [$($g)*] $Ty, $Inner; $F; Add add AddAssign add_assign);
        $crate::number::impl_nested_base!(@op [$($g)*] $Ty, $Inner; $F; Sub sub SubAssign sub_assign);
        $crate::number::impl_nested_base!(@op [$($g)*] $Ty, $Inner; $F; Mul mul MulAssign mul_assign);
        $crate::number::impl_nested_base!(@op [$($g)*] $Ty, $Inner; $F; Div div DivAssign div_assign);
        $crate::number::impl_nested_base!(@op [$($g)*] $Ty, $Inner; $F; Rem rem RemAssign rem_assign);
    };
    (@op [$($g:tt)*] $Ty:ty, $Inner:ty; $F:ty; $Op:ident $op:ident $OpA:ident $opa:ident) => {
        impl<$($g)*> ::core::ops::$Op<$F> for $Ty
        where
            $Inner: $crate::FromBase<$F>,
        {
            type Output = $Ty;
            #[inline(always)]
            fn $op(self, c: $F) -> $Ty {
                ::core::ops::$Op::$op(self, <$Inner as $crate::FromBase<$F>>::from_base(c))
            }
        }
        impl<$($g)*> ::core::ops::$OpA<$F> for $Ty
        where
            $Inner: $crate::FromBase<$F>,
        {
            #[inline(always)]
            fn $opa(&mut self, c: $F) {
                *self = ::core::ops::$Op::$op(*self, <$Inner as $crate::FromBase<$F>>::from_base(c));
            }
        }
    };
}
pub(crate) use impl_nested_base;
