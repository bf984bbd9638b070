//! [`Scalar`]: the few operations the workloads use, implemented for every
//! number type under comparison.
//!
//! The peers do not share a numeric trait: num-dual has `DualNum` (no
//! `num_traits::Float`), ad_trait has `AD` (no `x * 2.0`), `reverse` has
//! inherent methods only, echidna has its own `Scalar` on top of `Float`. So each workload is written once against this small
//! trait, and each implementation forwards to the crate's own, fastest form of
//! the operation: a constant is always applied with the crate's
//! number-times-`f64` operator on the right (no crate is made to promote a
//! constant to a full number), and the transcendental functions are the crate's
//! own methods. Every method is `#[inline(always)]`, so this layer costs nothing.

use core::ops::{Add, Div, Mul, Sub};

/// The arithmetic the workloads need. Constants only ever appear on the right.
pub trait Scalar:
    Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self>
{
    /// `self + c` for a constant `c`.
    fn add_c(self, c: f64) -> Self;
    /// `self * c` for a constant `c`.
    fn mul_c(self, c: f64) -> Self;
    /// sin
    fn sin(self) -> Self;
    /// exp
    fn exp(self) -> Self;
    /// natural logarithm
    fn ln(self) -> Self;
    /// square root
    fn sqrt(self) -> Self;
}

/// Implements [`Scalar`] by forwarding to `Float`-style inherent or trait
/// methods and `Self op f64`. `$c` turns the `f64` constant into the right-hand
/// operand type the crate accepts; a trailing `&` marks methods taking `&self`.
macro_rules! forward_scalar {
    ([$($g:tt)*] $ty:ty, |$c:ident| $conv:expr, $path:path $(, $by:tt)?) => {
        impl<$($g)*> Scalar for $ty {
            #[inline(always)]
            fn add_c(self, $c: f64) -> Self {
                self + $conv
            }
            #[inline(always)]
            fn mul_c(self, $c: f64) -> Self {
                self * $conv
            }
            #[inline(always)]
            fn sin(self) -> Self {
                <$ty as $path>::sin($($by)? self)
            }
            #[inline(always)]
            fn exp(self) -> Self {
                <$ty as $path>::exp($($by)? self)
            }
            #[inline(always)]
            fn ln(self) -> Self {
                <$ty as $path>::ln($($by)? self)
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                <$ty as $path>::sqrt($($by)? self)
            }
        }
    };
}

// ---- plain f64: the cost of the function itself ----
forward_scalar!([] f64, |c| c, num_traits::Float);

// ---- gradus: Dual<f64, N>, the forward-over-forward Dual<Dual<f64, N>, N>,
// HyperDual<f64, N>, HvpDual<f64, N> and the reverse-mode Var (base float on
// the right at every depth) ----
forward_scalar!([const N: usize] gradus::Dual<f64, N>, |c| c, num_traits::Float);
forward_scalar!([const M: usize, const N: usize] gradus::Dual<gradus::Dual<f64, M>, N>, |c| c, num_traits::Float);

forward_scalar!([const N: usize] gradus::HyperDual<f64, N>, |c| c, num_traits::Float);
forward_scalar!([const N: usize] gradus::HvpDual<f64, N>, |c| c, num_traits::Float);

forward_scalar!(['t] gradus::Var<'t, f64>, |c| c, num_traits::Float);

// ---- num-dual: vector duals (gradient, Jacobian), Dual2Vec (Hessian), and
// the scalar HyperDual (one Hessian entry per pass) ----
forward_scalar!([const N: usize] num_dual::DualSVec64<N>, |c| c, num_dual::DualNum, &);
forward_scalar!([const N: usize] num_dual::Dual2SVec64<N>, |c| c, num_dual::DualNum, &);
forward_scalar!([] num_dual::HyperDual64, |c| c, num_dual::DualNum, &);

// ---- hyperdual: Hyperdual<f64, N + 1> (slot 0 is the value), and nested for
// second derivatives (constants must be given as the inner type) ----
forward_scalar!([const M: usize] hyperdual::Hyperdual<f64, M>, |c| c, num_traits::Float);
forward_scalar!(
    [const M: usize] hyperdual::Hyperdual<hyperdual::Hyperdual<f64, M>, M>,
    |c| hyperdual::Hyperdual::<f64, M>::from_real(c),
    num_traits::Float
);

// ---- ad_trait: forward `adfn<N>` and reverse `adr` (constants as `F64`) ----
forward_scalar!([const N: usize] ad_trait::forward_ad::adfn::adfn<N>, |c| ad_trait::F64(c), ad_trait::nalgebra::ComplexField);
forward_scalar!([] ad_trait::reverse_ad::adr::adr, |c| ad_trait::F64(c), ad_trait::nalgebra::ComplexField);

// ---- echidna: forward `DualVec` (gradients, Jacobians) and `Dual` (its
// `jacobian` driver), the thread-local reverse tape's `Reverse`, and the
// bytecode tape's `BReverse` (all take an `f64` on the right) ----
forward_scalar!([const N: usize] echidna::DualVec<f64, N>, |c| c, num_traits::Float);
forward_scalar!([] echidna::Dual<f64>, |c| c, num_traits::Float);
forward_scalar!([] echidna::Reverse<f64>, |c| c, num_traits::Float);
forward_scalar!([] echidna::BReverse<f64>, |c| c, num_traits::Float);

// ---- reverse: `Var<'tape>` with inherent methods taking `&self` ----
impl Scalar for reverse::Var<'_> {
    #[inline(always)]
    fn add_c(self, c: f64) -> Self {
        self + c
    }
    #[inline(always)]
    fn mul_c(self, c: f64) -> Self {
        self * c
    }
    #[inline(always)]
    fn sin(self) -> Self {
        reverse::Var::sin(&self)
    }
    #[inline(always)]
    fn exp(self) -> Self {
        reverse::Var::exp(&self)
    }
    #[inline(always)]
    fn ln(self) -> Self {
        reverse::Var::ln(&self)
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        reverse::Var::sqrt(&self)
    }
}
