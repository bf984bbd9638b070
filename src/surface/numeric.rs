//! num-traits' small traits, iterator sums and products, comparisons and
//! conversions for one number type `X` with inner scalar `T`.
//!
//! This file provides `Zero` (`is_zero` means *every* component is zero),
//! `One`, `Num`, `NumCast`, `ToPrimitive` (the value), `FromPrimitive`,
//! `Bounded`, `Inv`, `MulAdd`, `MulAddAssign`, `Pow<i32>`, `Pow<X>`,
//! `Pow<f64>`, `Pow<f32>`, `Signed`, `FloatConst`, `FromBase`, `Sum`,
//! `Product` (owned and borrowed), `PartialEq`/`PartialOrd` (values only),
//! and `Default` (the constant zero).

/// The traits above for one type.
macro_rules! impl_numeric {
    (@pow_base $g:tt $Ty:ty, $T:ident; $($F:ident)*) => {
        $( $crate::surface::numeric::impl_numeric!(@pow1 $g $Ty, $T; $F); )*
    };
    (@pow1 [$($g:tt)*] $Ty:ty, $T:ident; $F:ident) => {
        impl<$($g)*> ::num_traits::Pow<$F> for $Ty
        where
            $T: $crate::FromBase<$F>,
        {
            type Output = $Ty;
            /// xᵖ for a constant exponent of the base float.
            #[inline(always)]
            fn pow(self, p: $F) -> $Ty {
                let p = <$T as $crate::FromBase<$F>>::from_base(p);
                <$Ty as $crate::surface::Elementary>::powf_const(self, p)
            }
        }
    };
    (@to $($P:ident $name:ident),*) => {$(
        #[inline(always)]
        fn $name(&self) -> Option<$P> {
            <Self as $crate::surface::Elementary>::re(self).$name()
        }
    )*};
    (@from $T:ident; $($P:ident $name:ident),*) => {$(
        #[inline(always)]
        fn $name(n: $P) -> Option<Self> {
            <$T as ::num_traits::NumCast>::from(n).map(<Self as $crate::surface::Elementary>::from_re)
        }
    )*};
    (@consts $T:ident; $($name:ident)*) => {
        $(
            #[inline(always)]
            fn $name() -> Self {
                <Self as $crate::surface::Elementary>::from_re($T::$name())
            }
        )*
    };
    ([$($g:tt)*] $Ty:ty, $T:ident) => {
        impl<$($g)*> ::num_traits::Zero for $Ty {
            #[inline(always)]
            fn zero() -> $Ty {
                <$Ty as $crate::surface::Elementary>::from_re($T::zero())
            }

            /// True only when the value *and every derivative component*
            /// are zero (recursively for nested numbers; for a `Var`, a
            /// constant zero), unlike `==`, which compares values. The
            /// zero-partial rule relies on this.
            #[inline(always)]
            fn is_zero(&self) -> bool {
                <$Ty as $crate::surface::Elementary>::re(self).is_zero() && <$Ty as $crate::surface::Elementary>::is_constant(self)
            }
        }

        impl<$($g)*, F> $crate::FromBase<F> for $Ty
        where
            $T: $crate::FromBase<F>,
        {
            #[inline(always)]
            fn from_base(c: F) -> $Ty {
                <$Ty as $crate::surface::Elementary>::from_re(<$T as $crate::FromBase<F>>::from_base(c))
            }
        }

        impl<$($g)*> ::core::iter::Sum for $Ty {
            /// The sum of an empty iterator is −0, as for `f64` (−0 is the
            /// additive identity: a sum of −0s stays −0, bitwise as in `f64`).
            fn sum<I: Iterator<Item = $Ty>>(iter: I) -> $Ty {
                iter.fold(<$Ty as $crate::surface::Elementary>::from_re($T::neg_zero()), |a, b| a + b)
            }
        }
        impl<'a, $($g)*> ::core::iter::Sum<&'a $Ty> for $Ty {
            fn sum<I: Iterator<Item = &'a $Ty>>(iter: I) -> $Ty {
                iter.fold(<$Ty as $crate::surface::Elementary>::from_re($T::neg_zero()), |a, b| a + *b)
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
                <$Ty as $crate::surface::Elementary>::compare(self, other)
                    == Some(::core::cmp::Ordering::Equal)
            }
        }
        /// Orders by value only, consistently with `==`.
        impl<$($g)*> ::core::cmp::PartialOrd for $Ty {
            #[inline(always)]
            fn partial_cmp(&self, other: &$Ty) -> Option<::core::cmp::Ordering> {
                <$Ty as $crate::surface::Elementary>::compare(self, other)
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
                <$Ty as $crate::surface::Elementary>::from_re($T::one())
            }
        }

        impl<$($g)*> ::num_traits::Num for $Ty {
            type FromStrRadixErr = <$T as ::num_traits::Num>::FromStrRadixErr;
            /// Parses the value; the result is a constant.
            fn from_str_radix(s: &str, radix: u32) -> Result<$Ty, Self::FromStrRadixErr> {
                <$T as ::num_traits::Num>::from_str_radix(s, radix).map(<$Ty as $crate::surface::Elementary>::from_re)
            }
        }

        /// Converts to a constant (every derivative zero).
        impl<$($g)*> ::num_traits::NumCast for $Ty {
            #[inline(always)]
            fn from<P: ::num_traits::ToPrimitive>(n: P) -> Option<$Ty> {
                <$T as ::num_traits::NumCast>::from(n).map(<$Ty as $crate::surface::Elementary>::from_re)
            }
        }

        /// Converts the value and drops the derivatives.
        impl<$($g)*> ::num_traits::ToPrimitive for $Ty {
            $crate::surface::numeric::impl_numeric!(@to i64 to_i64, u64 to_u64, i128 to_i128,
                u128 to_u128, f32 to_f32, f64 to_f64);
        }

        /// Converts to a constant (every derivative zero).
        impl<$($g)*> ::num_traits::FromPrimitive for $Ty {
            $crate::surface::numeric::impl_numeric!(@from $T; i64 from_i64, u64 from_u64,
                f32 from_f32, f64 from_f64);
        }

        /// Constant bounds of the inner type.
        impl<$($g)*> ::num_traits::Bounded for $Ty
        where
            $T: ::num_traits::Bounded,
        {
            #[inline(always)]
            fn min_value() -> $Ty {
                <$Ty as $crate::surface::Elementary>::from_re(<$T as ::num_traits::Bounded>::min_value())
            }
            #[inline(always)]
            fn max_value() -> $Ty {
                <$Ty as $crate::surface::Elementary>::from_re(<$T as ::num_traits::Bounded>::max_value())
            }
        }

        impl<$($g)*> ::num_traits::Inv for $Ty {
            type Output = $Ty;
            /// 1/x, as [`Float::recip`](num_traits::Float::recip).
            #[inline(always)]
            fn inv(self) -> $Ty {
                <$Ty as $crate::surface::Elementary>::recip(self)
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
                <$Ty as $crate::surface::Elementary>::powf(self, y)
            }
        }
        $crate::surface::numeric::impl_numeric!(@pow_base [$($g)*] $Ty, $T; f64 f32);

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
                <$Ty as $crate::surface::Elementary>::re(self) > $T::zero()
            }
            #[inline(always)]
            fn is_negative(&self) -> bool {
                <$Ty as $crate::surface::Elementary>::re(self) < $T::zero()
            }
        }

        /// Each constant with zero derivatives.
        impl<$($g)*> ::num_traits::FloatConst for $Ty
        where
            $T: ::num_traits::FloatConst,
        {
            $crate::surface::numeric::impl_numeric!(@consts $T; E FRAC_1_PI FRAC_1_SQRT_2 FRAC_2_PI
                FRAC_2_SQRT_PI FRAC_PI_2 FRAC_PI_3 FRAC_PI_4 FRAC_PI_6 FRAC_PI_8 LN_10 LN_2
                LOG10_E LOG2_E PI SQRT_2 TAU LOG10_2 LOG2_10);
        }
    };
}
pub(crate) use impl_numeric;
