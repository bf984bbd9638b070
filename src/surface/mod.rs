//! The numeric surface, generated once for every number type.
//!
//! A gradus number type says only how it evaluates each elementary function
//! ([`Elementary`]); for the types with a chain rule ([`Number`]) that is
//! one blanket impl reading the [table](crate::rules). [`impl_surface!`] then
//! writes, for one type:
//!
//! | file | what it provides |
//! |---|---|
//! | [`ops`] | `+ - * / %` and `-x`, the `*Assign` forms, owned and borrowed: type ∘ type, type ∘ inner scalar, base float (`f32`/`f64`) ∘ type and type ∘ base float at every nesting depth |
//! | [`numeric`] | num-traits' `Zero`, `One`, `Num`, `NumCast`, `ToPrimitive`, `FromPrimitive`, `Bounded`, `Inv`, `MulAdd`, `Pow`, `Signed`, `FloatConst`; `Sum`, `Product`, `PartialEq`/`PartialOrd` (values), `Default`, `FromBase` |
//! | [`float`] | every elementary function as an inherent method, and `num_traits::Float` forwarding to them |
//! | [`fmt`] | the `Display` helpers every type's `Display` uses |
//!
//! The lists of functions come from [`for_each_unary!`](crate::for_each_unary),
//! [`for_each_binary!`](crate::for_each_binary) and
//! [`for_each_operator!`](crate::for_each_operator), so a function added to
//! the table reaches every type, and a type that evaluates functions its own
//! way (a Taylor polynomial, a sparsity tracer) fails to compile until it
//! says what it does with the new one.

use crate::number::Number;
use crate::rules;
use num_traits::Float;

pub(crate) mod float;
pub(crate) mod fmt;
pub(crate) mod numeric;
pub(crate) mod ops;

pub(crate) use float::impl_float;
pub(crate) use numeric::impl_numeric;
pub(crate) use ops::{impl_nested_base, impl_ops};

/// Declares one trait method per unary function of the list.
macro_rules! declare_unary {
    ([] $($name:ident: $class:ident, $simba:ident,)*) => {$(
        #[doc = concat!("`", stringify!($name), "` ([`rules::", stringify!($name), "`]).")]
        fn $name(self) -> Self;
    )*};
}

/// Declares one trait method per binary function of the list.
macro_rules! declare_binary {
    ([] $($name:ident: $class:ident,)*) => {$(
        #[doc = concat!("`", stringify!($name), "` ([`rules::", stringify!($name), "`]).")]
        fn $name(self, other: Self) -> Self;
    )*};
}

/// Declares the three trait methods of each operator of the list.
macro_rules! declare_operators {
    ([] $($name:ident ($rc:ident, $lc:ident) $Op:ident $op:ident $OpA:ident $opa:ident:
        [$c0:ident, $c1:ident, $c2:ident],)*) => {$(
        #[doc = concat!("[`rules::", stringify!($name), "`] of two numbers.")]
        fn $name(self, other: Self) -> Self;
        #[doc = concat!("[`rules::", stringify!($rc), "`]: a constant on the right.")]
        fn $rc(self, c: Self::Inner) -> Self;
        #[doc = concat!("[`rules::", stringify!($lc), "`]: a constant on the left.")]
        fn $lc(c: Self::Inner, x: Self) -> Self;
    )*};
}

/// How a number type evaluates each elementary function: the one hook the
/// generated surface calls.
///
/// Every method of the lists in [`rules`] has a method here. Types with a
/// chain rule get them all from [`Number`] by the blanket impl below; a type
/// that evaluates functions its own way implements this trait directly.
/// `max`, `min`, `clamp`, `copysign` and comparisons have defaults that
/// branch on the value, as the plain program does.
pub(crate) trait Elementary: Copy {
    /// The scalar one level down.
    type Inner: Float;

    /// The value.
    fn re(&self) -> Self::Inner;
    /// A constant.
    fn from_re(re: Self::Inner) -> Self;
    /// True when every derivative component is exactly zero.
    fn is_constant(&self) -> bool;

    crate::for_each_unary!(declare_unary);
    crate::for_each_binary!(declare_binary);
    crate::for_each_operator!(declare_operators);

    /// −x.
    fn neg(self) -> Self;
    /// xⁿ for an integer n ([`rules::powi`]).
    fn powi(self, n: i32) -> Self;
    /// xᵖ for a constant p ([`rules::powf_const`]).
    fn powf_const(self, p: Self::Inner) -> Self;
    /// xʸ ([`rules::powf`]; [`rules::powf_const`] when y is a constant).
    fn powf(self, y: Self) -> Self;
    /// `(sin x, cos x)` from one `sin_cos` of the value.
    fn sin_cos(self) -> (Self, Self);
    /// `self * a + b`, the value fused as in the plain program.
    fn mul_add(self, a: Self, b: Self) -> Self;

    /// The larger argument with its derivatives ([`rules::max_takes_first`]).
    #[inline(always)]
    fn max(self, other: Self) -> Self {
        either(rules::max_takes_first(self.re(), other.re()), self, other)
    }
    /// The smaller argument with its derivatives ([`rules::min_takes_first`]).
    #[inline(always)]
    fn min(self, other: Self) -> Self {
        either(rules::min_takes_first(self.re(), other.re()), self, other)
    }
    /// `lo`, `hi` or `self` with its derivatives ([`rules::clamp_takes`]).
    #[inline(always)]
    fn clamp(self, lo: Self, hi: Self) -> Self {
        match rules::clamp_takes(self.re(), lo.re(), hi.re()) {
            rules::Clamped::Lo => lo,
            rules::Clamped::Inside => self,
            rules::Clamped::Hi => hi,
        }
    }
    /// |x| with the sign of `sign`: ±(x's derivatives), none from `sign`.
    #[inline(always)]
    fn copysign(self, sign: Self) -> Self {
        if self.re().is_sign_negative() != sign.re().is_sign_negative() {
            self.neg()
        } else {
            self
        }
    }
    /// Orders by value: derivatives never change a branch.
    #[inline(always)]
    fn compare(&self, other: &Self) -> Option<core::cmp::Ordering> {
        self.re().partial_cmp(&other.re())
    }
}

/// `a` if `first`, else `b`: the branch rules of `max` and `min` pick a
/// whole argument, derivatives included.
#[inline(always)]
fn either<X>(first: bool, a: X, b: X) -> X {
    if first { a } else { b }
}

/// Forwards one unary function to its rule.
macro_rules! unary_rules {
    ([] $($name:ident: $class:ident, $simba:ident,)*) => {$(
        #[inline(always)]
        fn $name(self) -> Self {
            self.apply(rules::$name)
        }
    )*};
}

/// Forwards one binary function to its rule.
macro_rules! binary_rules {
    ([] $($name:ident: $class:ident,)*) => {$(
        #[inline(always)]
        fn $name(self, other: Self) -> Self {
            self.apply2(other, rules::$name)
        }
    )*};
}

/// Forwards the three forms of each operator to their rules.
macro_rules! operator_rules {
    ([] $($name:ident ($rc:ident, $lc:ident) $Op:ident $op:ident $OpA:ident $opa:ident:
        [$c0:ident, $c1:ident, $c2:ident],)*) => {$(
        #[inline(always)]
        fn $name(self, other: Self) -> Self {
            self.apply2(other, rules::$name)
        }
        #[inline(always)]
        fn $rc(self, c: Self::Inner) -> Self {
            self.apply(|x| rules::$rc(x, c))
        }
        #[inline(always)]
        fn $lc(c: Self::Inner, x: Self) -> Self {
            x.apply(|v| rules::$lc(c, v))
        }
    )*};
}

/// Every type with a chain rule evaluates each function by its rule.
impl<A: Number> Elementary for A {
    type Inner = A::Inner;

    #[inline(always)]
    fn re(&self) -> A::Inner {
        Number::re(self)
    }
    #[inline(always)]
    fn from_re(re: A::Inner) -> A {
        Number::from_re(re)
    }
    #[inline(always)]
    fn is_constant(&self) -> bool {
        Number::is_constant(self)
    }

    crate::for_each_unary!(unary_rules);
    crate::for_each_binary!(binary_rules);
    crate::for_each_operator!(operator_rules);

    #[inline(always)]
    fn neg(self) -> A {
        self.apply(rules::neg)
    }
    #[inline(always)]
    fn powi(self, n: i32) -> A {
        self.apply(|x| rules::powi(x, n))
    }
    #[inline(always)]
    fn powf_const(self, p: A::Inner) -> A {
        self.apply(|x| rules::powf_const(x, p))
    }
    #[inline(always)]
    fn powf(self, y: A) -> A {
        if Number::is_constant(&y) {
            self.powf_const(Number::re(&y))
        } else {
            self.apply2(y, rules::powf)
        }
    }
    #[inline(always)]
    fn sin_cos(self) -> (A, A) {
        let (s, c) = rules::sin_cos(Number::re(&self));
        (self.chain(s), self.chain(c))
    }
    #[inline(always)]
    fn mul_add(self, a: A, b: A) -> A {
        let fused = Number::re(&self).mul_add(Number::re(&a), Number::re(&b));
        self.mul(a).add(b).with_re(fused)
    }
}

/// Implements the whole numeric surface for a type that implements
/// [`Elementary`] (directly, or through [`Number`]).
///
/// `impl_surface!([generics] Type, Inner)` — e.g.
/// `impl_surface!([T: Float, const N: usize] Dual<T, N>, T)`.
macro_rules! impl_surface {
    ([$($g:tt)*] $Ty:ty, $T:ident) => {
        $crate::surface::impl_ops!([$($g)*] $Ty, $T);
        $crate::surface::impl_numeric!([$($g)*] $Ty, $T);
        $crate::surface::impl_float!([$($g)*] $Ty, $T);
    };
}
pub(crate) use impl_surface;
