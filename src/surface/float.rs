//! Every elementary function of one number type, as inherent methods, and
//! `num_traits::Float` forwarding to them.
//!
//! Inherent methods are callable without importing a trait and are never
//! ambiguous when both `num_traits::Float` and nalgebra's `ComplexField` are
//! in scope; their docs are in one place. The functions come from
//! [`for_each_unary!`](crate::for_each_unary) and
//! [`for_each_binary!`](crate::for_each_binary); each evaluates through
//! [`Elementary`](super::Elementary). Predicates, `classify` and
//! `integer_decode` read the value.

/// The inherent methods and the `Float` impl for one type.
macro_rules! impl_float {
    ([@unary] $($name:ident: $class:ident, $simba:ident,)*) => {$(
        #[doc = concat!("`", stringify!($name), "` with its exact derivatives ([`rules::",
            stringify!($name), "`](crate::rules::", stringify!($name), ")).")]
        #[inline(always)]
        pub fn $name(self) -> Self {
            <Self as $crate::surface::Elementary>::$name(self)
        }
    )*};
    ([@binary] $($name:ident: $class:ident,)*) => {$(
        #[doc = concat!("`", stringify!($name), "` with its exact partial derivatives ([`rules::",
            stringify!($name), "`](crate::rules::", stringify!($name), ")).")]
        #[inline(always)]
        pub fn $name(self, other: Self) -> Self {
            <Self as $crate::surface::Elementary>::$name(self, other)
        }
    )*};
    ([@fwd_unary $Ty:ty] $($name:ident: $class:ident, $simba:ident,)*) => {
        $crate::surface::float::impl_float!(@fwd $Ty; (self) -> $Ty; $($name)*);
    };
    ([@fwd_binary $Ty:ty] $($name:ident: $class:ident,)*) => {
        $crate::surface::float::impl_float!(@fwd $Ty; (self, other: $Ty) -> $Ty; $($name)*);
    };
    (@methods $Ty:ty; $($doc:literal $name:ident($($arg:ident: $A:ty),*) -> $R:ty;)*) => {$(
        #[doc = $doc]
        #[inline(always)]
        pub fn $name(self $(, $arg: $A)*) -> $R {
            <$Ty as $crate::surface::Elementary>::$name(self $(, $arg)*)
        }
    )*};
    (@preds $($name:ident)*) => {$(
        #[doc = concat!("`", stringify!($name), "` of the value (derivatives are not consulted).")]
        #[inline(always)]
        pub fn $name(self) -> bool {
            <Self as $crate::surface::Elementary>::re(&self).$name()
        }
    )*};
    (@fwd $Ty:ty; $args:tt -> $R:ty; $($name:ident)*) => {
        $( $crate::surface::float::impl_float!(@fwd1 $Ty; $name; $args -> $R); )*
    };
    (@fwd1 $Ty:ty; $name:ident; ($self_:ident $(, $arg:ident: $A:ty)*) -> $R:ty) => {
        #[inline(always)]
        fn $name($self_ $(, $arg: $A)*) -> $R {
            <$Ty>::$name($self_ $(, $arg)*)
        }
    };
    ([$($g:tt)*] $Ty:ty, $T:ident) => {
        impl<$($g)*> $Ty {
            $crate::for_each_unary!($crate::surface::float::impl_float [@unary]);
            $crate::for_each_binary!($crate::surface::float::impl_float [@binary]);
            $crate::surface::float::impl_float!(@preds is_nan is_infinite is_finite is_normal
                is_subnormal is_sign_positive is_sign_negative);

            /// The IEEE-754 category of the value.
            #[inline(always)]
            pub fn classify(self) -> ::core::num::FpCategory {
                <$Ty as $crate::surface::Elementary>::re(&self).classify()
            }
            /// Mantissa, exponent and sign of the value.
            #[inline(always)]
            pub fn integer_decode(self) -> (u64, i16, i8) {
                <$Ty as $crate::surface::Elementary>::re(&self).integer_decode()
            }
            $crate::surface::float::impl_float!(@methods $Ty;
                "xⁿ for an integer n, exact at x = 0 ([`rules::powi`](crate::rules::powi))."
                powi(n: i32) -> $Ty;
                "xʸ, both varying ([`rules::powf`](crate::rules::powf)); a constant exponent \
                 takes the cheaper [`rules::powf_const`](crate::rules::powf_const)."
                powf(n: $Ty) -> $Ty;
                "`self * a + b`, the value fused (one rounding) as in the plain program."
                mul_add(a: $Ty, b: $Ty) -> $Ty;
                "`(sin x, cos x)` from one `sin_cos` of the value."
                sin_cos() -> ($Ty, $Ty);
                "The larger argument, with its derivatives; a tie returns `self`, a NaN \
                 argument is ignored ([`rules::max_takes_first`](crate::rules::max_takes_first))."
                max(other: $Ty) -> $Ty;
                "The smaller argument, with its derivatives; a tie returns `self` \
                 ([`rules::min_takes_first`](crate::rules::min_takes_first))."
                min(other: $Ty) -> $Ty;
                "`lo`, `hi` or `self` with its derivatives; at a bound, `self` \
                 ([`rules::clamp_takes`](crate::rules::clamp_takes))."
                clamp(lo: $Ty, hi: $Ty) -> $Ty;
                "|x| with the sign of `sign`: ±(x's derivatives); none from `sign`."
                copysign(sign: $Ty) -> $Ty;
            );
        }

        /// Every method with its true derivative, forwarding to the inherent
        /// methods; predicates and `integer_decode` read the value.
        impl<$($g)*> ::num_traits::Float for $Ty {
            $crate::surface::numeric::impl_numeric!(@consts $T; nan infinity neg_infinity neg_zero
                min_value min_positive_value epsilon max_value);
            $crate::for_each_unary!($crate::surface::float::impl_float [@fwd_unary $Ty]);
            $crate::for_each_binary!($crate::surface::float::impl_float [@fwd_binary $Ty]);
            $crate::surface::float::impl_float!(@fwd $Ty; (self) -> bool; is_nan is_infinite
                is_finite is_normal is_subnormal is_sign_positive is_sign_negative);
            $crate::surface::float::impl_float!(@fwd $Ty; (self, other: $Ty) -> $Ty; max min
                copysign powf);
            $crate::surface::float::impl_float!(@fwd $Ty; (self, n: i32) -> $Ty; powi);
            $crate::surface::float::impl_float!(@fwd $Ty; (self, a: $Ty, b: $Ty) -> $Ty; mul_add clamp);
            $crate::surface::float::impl_float!(@fwd $Ty; (self) -> ($Ty, $Ty); sin_cos);
            $crate::surface::float::impl_float!(@fwd $Ty; (self) -> ::core::num::FpCategory; classify);
            $crate::surface::float::impl_float!(@fwd $Ty; (self) -> (u64, i16, i8); integer_decode);
            /// max(x − y, 0): the derivative of x − y where x > y, else 0.
            #[inline(always)]
            fn abs_sub(self, other: $Ty) -> $Ty {
                if self <= other { <$Ty as ::num_traits::Zero>::zero() } else { self - other }
            }
        }
    };
}
pub(crate) use impl_float;
