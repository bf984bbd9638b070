//! The operators of one number type `X` with inner scalar `T`, generated
//! from [`for_each_operator!`](crate::for_each_operator).
//!
//! This file provides, for each of `+ - * / %`:
//! `X ∘ X`, `X ∘ &X`, `&X ∘ X`, `&X ∘ &X` (the two-number rule),
//! `X ∘ T`, `&X ∘ T` (the rule with a constant on the right),
//! `f64 ∘ X`, `f64 ∘ &X`, `f32 ∘ X`, `f32 ∘ &X` (a base-float constant on
//! the left, when `T` converts it exactly), and `X ∘= X`, `X ∘= &X`,
//! `X ∘= T`; plus `-X` and `-&X`. [`impl_nested_base!`] adds `X ∘ f64` and
//! `X ∘= f64` for nested `X`, whose inner scalar is not the base float.

/// `-x` and every operator of the list for one type.
macro_rules! impl_ops {
    ([$($g:tt)*] $Ty:ty, $T:ident) => {
        $crate::for_each_operator!($crate::surface::ops::impl_operators [[$($g)*] $Ty, $T]);

        impl<$($g)*> ::core::ops::Neg for $Ty {
            type Output = $Ty;
            #[inline(always)]
            fn neg(self) -> $Ty {
                <$Ty as $crate::surface::Elementary>::neg(self)
            }
        }
        impl<$($g)*> ::core::ops::Neg for &$Ty {
            type Output = $Ty;
            #[inline(always)]
            fn neg(self) -> $Ty {
                -*self
            }
        }
    };
}
pub(crate) use impl_ops;

/// The list's callback: one [`impl_operator!`] per operator.
macro_rules! impl_operators {
    ([$g:tt $Ty:ty, $T:ident] $($name:ident ($rc:ident, $lc:ident) $Op:ident $op:ident
        $OpA:ident $opa:ident: [$c0:ident, $c1:ident, $c2:ident],)*) => {
        $( $crate::surface::ops::impl_operator!($g $Ty, $T; $name $rc $lc $Op $op $OpA $opa); )*
    };
}
pub(crate) use impl_operators;

/// Every form of one operator.
macro_rules! impl_operator {
    ([$($g:tt)*] $Ty:ty, $T:ident; $name:ident $rc:ident $lc:ident $Op:ident $op:ident
        $OpA:ident $opa:ident) => {
        impl<$($g)*> ::core::ops::$Op for $Ty {
            type Output = $Ty;
            #[inline(always)]
            fn $op(self, rhs: $Ty) -> $Ty {
                <$Ty as $crate::surface::Elementary>::$name(self, rhs)
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
                <$Ty as $crate::surface::Elementary>::$rc(self, c)
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
        $crate::surface::ops::impl_operator!(@left [$($g)*] $Ty, $T; f64; $lc $Op $op);
        $crate::surface::ops::impl_operator!(@left [$($g)*] $Ty, $T; f32; $lc $Op $op);
    };

    (@left [$($g:tt)*] $Ty:ty, $T:ident; $F:ty; $lc:ident $Op:ident $op:ident) => {
        impl<$($g)*> ::core::ops::$Op<$Ty> for $F
        where
            $T: $crate::FromBase<$F>,
        {
            type Output = $Ty;
            #[inline(always)]
            fn $op(self, rhs: $Ty) -> $Ty {
                let c = <$T as $crate::FromBase<$F>>::from_base(self);
                <$Ty as $crate::surface::Elementary>::$lc(c, rhs)
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
}
pub(crate) use impl_operator;

/// The base float on the right of a nested number
/// (`Dual<Dual<f64, M>, N> * 2.0`), where it differs from the inner scalar.
///
/// `impl_nested_base!([generics] Outer, Inner)`.
macro_rules! impl_nested_base {
    ([@list $g:tt $Ty:ty, $Inner:ty] $($name:ident ($rc:ident, $lc:ident) $Op:ident $op:ident
        $OpA:ident $opa:ident: [$c0:ident, $c1:ident, $c2:ident],)*) => {$(
        $crate::surface::ops::impl_nested_base!(@op $g $Ty, $Inner; f64; $Op $op $OpA $opa);
        $crate::surface::ops::impl_nested_base!(@op $g $Ty, $Inner; f32; $Op $op $OpA $opa);
    )*};
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
    ([$($g:tt)*] $Ty:ty, $Inner:ty) => {
        $crate::for_each_operator!($crate::surface::ops::impl_nested_base [@list [$($g)*] $Ty, $Inner]);
    };
}
pub(crate) use impl_nested_base;
