//! The numeric surface of the tracers: one [`Elementary`](crate::surface::Elementary)
//! impl per tracer type, generated from the lists of functions and their
//! [`Class`]es, on top of [`Traced`] (what a tracer does with its sets).

use crate::rules::Class;
use num_traits::Float;

/// What a tracer type does with its dependency sets; the value (known or
/// not) is handled once, here.
pub(crate) trait Traced: Copy {
    /// The type of the values.
    type V: Float;
    /// The value, when it is known (always in a local detection; for the
    /// constants of the program in a global one).
    fn known(&self) -> Option<Self::V>;
    /// The same sets with another value.
    fn with_known(self, value: Option<Self::V>) -> Self;
    /// A constant of the program.
    fn constant(value: Self::V) -> Self;
    /// Whether the tracer depends on no input.
    fn independent(&self) -> bool;
    /// The sets of a unary function of `self` of the given class.
    fn sets_unary(self, class: Class) -> Self;
    /// The sets of a binary function of the given class; `quotient` marks
    /// x / y, whose second derivative in x vanishes (traced as x · (1/y)).
    fn sets_binary(self, other: Self, class: Class, quotient: bool) -> Self;
}

/// f(x): the sets of its class, the value of the plain program.
#[inline(always)]
pub(crate) fn map<X: Traced>(x: X, class: Class, f: impl FnOnce(X::V) -> X::V) -> X {
    let value = x.known().map(f);
    x.sets_unary(class).with_known(value)
}

/// f(x, y), likewise.
#[inline(always)]
pub(crate) fn zip<X: Traced>(
    x: X,
    y: X,
    class: Class,
    quotient: bool,
    f: impl FnOnce(X::V, X::V) -> X::V,
) -> X {
    let value = match (x.known(), y.known()) {
        (Some(a), Some(b)) => Some(f(a, b)),
        _ => None,
    };
    x.sets_binary(y, class, quotient).with_known(value)
}

/// The class of xⁿ: x⁰ is constant and x¹ linear, whatever x.
pub(crate) fn power_class<V: Float>(n: V) -> Class {
    if n == V::zero() {
        Class::Constant
    } else if n == V::one() {
        Class::Linear
    } else {
        Class::Nonlinear
    }
}

/// Whether an operator of the list is the division.
macro_rules! quotient {
    (Div) => {
        true
    };
    ($other:ident) => {
        false
    };
}
pub(crate) use quotient;

/// One method per unary function of the list.
macro_rules! tracer_unary {
    ([] $($name:ident: $class:ident, $simba:ident,)*) => {$(
        #[inline]
        fn $name(self) -> Self {
            $crate::sparse::tracer::surface::map(self, $crate::rules::Class::$class,
                ::num_traits::Float::$name)
        }
    )*};
}
pub(crate) use tracer_unary;

/// One method per binary function of the list.
macro_rules! tracer_binary {
    ([] $($name:ident: $class:ident,)*) => {$(
        #[inline]
        fn $name(self, other: Self) -> Self {
            $crate::sparse::tracer::surface::zip(self, other, $crate::rules::Class::$class, false,
                ::num_traits::Float::$name)
        }
    )*};
}
pub(crate) use tracer_binary;

/// The three forms of each operator of the list.
macro_rules! tracer_operators {
    ([] $($name:ident ($rc:ident, $lc:ident) $Op:ident $op:ident $OpA:ident $opa:ident:
        [$c0:ident, $c1:ident, $c2:ident],)*) => {$(
        #[inline]
        fn $name(self, other: Self) -> Self {
            $crate::sparse::tracer::surface::zip(self, other, $crate::rules::Class::$c0,
                $crate::sparse::tracer::surface::quotient!($Op),
                |a: V, b: V| ::core::ops::$Op::$op(a, b))
        }
        #[inline]
        fn $rc(self, c: V) -> Self {
            $crate::sparse::tracer::surface::map(self, $crate::rules::Class::$c1,
                |v: V| ::core::ops::$Op::$op(v, c))
        }
        #[inline]
        fn $lc(c: V, x: Self) -> Self {
            $crate::sparse::tracer::surface::map(x, $crate::rules::Class::$c2,
                |v: V| ::core::ops::$Op::$op(c, v))
        }
    )*};
}
pub(crate) use tracer_operators;

/// `Elementary` and the whole numeric surface for one tracer type
/// (`impl_tracer!(Type)` for `Type<'d, V>`), which implements [`Traced`] and has the
/// inherent `no_value() -> !` and `no_comparison() -> !` that say what to do
/// instead.
macro_rules! impl_tracer {
    ($Ty:ident) => {
        impl<'d, V: ::num_traits::Float> $crate::surface::Elementary for $Ty<'d, V> {
            type Inner = V;

            /// The value; a global tracer has none (the panic says to detect
            /// locally).
            #[inline]
            fn re(&self) -> V {
                match $crate::sparse::tracer::surface::Traced::known(self) {
                    Some(v) => v,
                    None => Self::no_value(),
                }
            }
            #[inline]
            fn from_re(re: V) -> Self {
                <Self as $crate::sparse::tracer::surface::Traced>::constant(re)
            }
            #[inline]
            fn is_constant(&self) -> bool {
                $crate::sparse::tracer::surface::Traced::independent(self)
            }

            $crate::for_each_unary!($crate::sparse::tracer::surface::tracer_unary);
            $crate::for_each_binary!($crate::sparse::tracer::surface::tracer_binary);
            $crate::for_each_operator!($crate::sparse::tracer::surface::tracer_operators);

            #[inline]
            fn neg(self) -> Self {
                $crate::sparse::tracer::surface::map(self, $crate::rules::Class::Linear, |v: V| -v)
            }
            #[inline]
            fn powi(self, n: i32) -> Self {
                let class = match n {
                    0 => $crate::rules::Class::Constant,
                    1 => $crate::rules::Class::Linear,
                    _ => $crate::rules::Class::Nonlinear,
                };
                $crate::sparse::tracer::surface::map(self, class, |v: V| ::num_traits::Float::powi(v, n))
            }
            #[inline]
            fn powf_const(self, p: V) -> Self {
                let class = $crate::sparse::tracer::surface::power_class(p);
                $crate::sparse::tracer::surface::map(self, class, |v: V| ::num_traits::Float::powf(v, p))
            }
            #[inline]
            fn powf(self, y: Self) -> Self {
                use $crate::sparse::tracer::surface::Traced;
                match y.known() {
                    // A constant exponent: the class of the power it is.
                    Some(p) if y.independent() => {
                        <Self as $crate::surface::Elementary>::powf_const(self, p)
                    }
                    _ => $crate::sparse::tracer::surface::zip(self, y,
                        $crate::rules::Class::Nonlinear, false, ::num_traits::Float::powf),
                }
            }
            #[inline]
            fn sin_cos(self) -> (Self, Self) {
                use $crate::sparse::tracer::surface::Traced;
                let s = <Self as $crate::surface::Elementary>::sin(self);
                let c = <Self as $crate::surface::Elementary>::cos(self);
                match self.known() {
                    Some(v) => {
                        let (sv, cv) = ::num_traits::Float::sin_cos(v);
                        (s.with_known(Some(sv)), c.with_known(Some(cv)))
                    }
                    None => (s, c),
                }
            }
            #[inline]
            fn mul_add(self, a: Self, b: Self) -> Self {
                use $crate::sparse::tracer::surface::Traced;
                let r = <Self as $crate::surface::Elementary>::add(
                    <Self as $crate::surface::Elementary>::mul(self, a), b);
                let fused = match (self.known(), a.known(), b.known()) {
                    (Some(x), Some(y), Some(z)) => Some(::num_traits::Float::mul_add(x, y, z)),
                    _ => None,
                };
                r.with_known(fused)
            }

            /// The argument the plain program returns when both values are
            /// known; otherwise the union of both (valid whichever wins).
            #[inline]
            fn max(self, other: Self) -> Self {
                use $crate::sparse::tracer::surface::Traced;
                match (self.known(), other.known()) {
                    (Some(a), Some(b)) => {
                        if $crate::rules::max_takes_first(a, b) { self } else { other }
                    }
                    _ => self.sets_binary(other, $crate::rules::Class::Linear, false).with_known(None),
                }
            }
            /// As `max`.
            #[inline]
            fn min(self, other: Self) -> Self {
                use $crate::sparse::tracer::surface::Traced;
                match (self.known(), other.known()) {
                    (Some(a), Some(b)) => {
                        if $crate::rules::min_takes_first(a, b) { self } else { other }
                    }
                    _ => self.sets_binary(other, $crate::rules::Class::Linear, false).with_known(None),
                }
            }
            /// As `max`, of three.
            #[inline]
            fn clamp(self, lo: Self, hi: Self) -> Self {
                use $crate::sparse::tracer::surface::Traced;
                match (self.known(), lo.known(), hi.known()) {
                    (Some(x), Some(l), Some(h)) => match $crate::rules::clamp_takes(x, l, h) {
                        $crate::rules::Clamped::Lo => lo,
                        $crate::rules::Clamped::Inside => self,
                        $crate::rules::Clamped::Hi => hi,
                    },
                    _ => self
                        .sets_binary(lo, $crate::rules::Class::Linear, false)
                        .sets_binary(hi, $crate::rules::Class::Linear, false)
                        .with_known(None),
                }
            }
            /// ±x: x's sets, none from `sign`.
            #[inline]
            fn copysign(self, sign: Self) -> Self {
                use $crate::sparse::tracer::surface::Traced;
                match (self.known(), sign.known()) {
                    (Some(a), Some(s)) => {
                        if a.is_sign_negative() != s.is_sign_negative() {
                            <Self as $crate::surface::Elementary>::neg(self)
                        } else {
                            self
                        }
                    }
                    _ => self.with_known(None),
                }
            }
            /// Compares known values; a global tracer's comparison panics
            /// with what to do instead.
            #[inline]
            fn compare(&self, other: &Self) -> Option<::core::cmp::Ordering> {
                use $crate::sparse::tracer::surface::Traced;
                match (self.known(), other.known()) {
                    (Some(a), Some(b)) => a.partial_cmp(&b),
                    _ => Self::no_comparison(),
                }
            }
        }

        $crate::surface::impl_surface!(['d, V: ::num_traits::Float] $Ty<'d, V>, V);

        /// The plain folds, but log-sum-exp as ln Σ exp xᵢ: the same
        /// dependencies without the shift's value query (which a global
        /// tracer cannot answer).
        impl<'d, V: ::num_traits::Float> $crate::Reduce for $Ty<'d, V> {
            fn logsumexp(xs: &[Self]) -> Self {
                xs.iter().fold(Self::zero(), |s, &x| s + x.exp()).ln()
            }
        }
    };
}
pub(crate) use impl_tracer;
