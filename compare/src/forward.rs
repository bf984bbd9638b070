//! Seeding and reading forward-mode numbers of each crate, so that one
//! generic benchmark routine drives them all.
//!
//! Seeds are built here, once, and the benchmarks pass them through
//! `black_box` on every call: no compiler can see that the tangents are unit
//! vectors and drop the multiplications by zero that a real call performs.

use crate::Scalar;
use gradus::Dual;
use nalgebra::{Const, U1};
use num_dual::{Derivative, DualSVec64};

/// A forward-mode number carrying `N` directional derivatives.
pub trait Forward<const N: usize>: Scalar {
    /// `[x₀ + e₀ε, …, x_{N−1} + e_{N−1}ε]`: input i seeded with unit tangent i.
    fn seed(x: &[f64; N]) -> [Self; N];
    /// The value.
    fn value(self) -> f64;
    /// The N derivatives.
    fn partials(self) -> [f64; N];
}

impl<const N: usize> Forward<N> for Dual<f64, N> {
    fn seed(x: &[f64; N]) -> [Self; N] {
        core::array::from_fn(|i| Dual::variable(x[i], i))
    }
    #[inline(always)]
    fn value(self) -> f64 {
        Dual::value(&self)
    }
    #[inline(always)]
    fn partials(self) -> [f64; N] {
        Dual::partials(&self)
    }
}

impl<const N: usize> Forward<N> for DualSVec64<N> {
    fn seed(x: &[f64; N]) -> [Self; N] {
        core::array::from_fn(|i| DualSVec64::from_re(x[i]).derivative(i))
    }
    #[inline(always)]
    fn value(self) -> f64 {
        self.re
    }
    /// As num-dual's own `gradient` reads it (`unwrap_generic`).
    #[inline(always)]
    fn partials(self) -> [f64; N] {
        self.eps.unwrap_generic(Const::<N>, U1).into()
    }
}

impl<const N: usize> Forward<N> for ad_trait::forward_ad::adfn::adfn<N> {
    fn seed(x: &[f64; N]) -> [Self; N] {
        core::array::from_fn(|i| {
            let mut t = [0.0; N];
            t[i] = 1.0;
            Self::new(x[i], t)
        })
    }
    #[inline(always)]
    fn value(self) -> f64 {
        ad_trait::forward_ad::adfn::adfn::value(&self)
    }
    #[inline(always)]
    fn partials(self) -> [f64; N] {
        self.tangent()
    }
}

/// echidna's batched forward type: N tangent lanes, lane i seeded for xᵢ.
impl<const N: usize> Forward<N> for echidna::DualVec<f64, N> {
    fn seed(x: &[f64; N]) -> [Self; N] {
        core::array::from_fn(|i| echidna::DualVec::with_tangent(x[i], i))
    }
    #[inline(always)]
    fn value(self) -> f64 {
        self.re
    }
    #[inline(always)]
    fn partials(self) -> [f64; N] {
        self.eps
    }
}

/// hyperdual counts the value in its size: N derivatives need `Hyperdual<f64, N + 1>`,
/// which stable Rust cannot write generically, so each size is listed.
macro_rules! hyperdual_forward {
    ($($n:literal => $m:literal),*) => {$(
        impl Forward<$n> for hyperdual::Hyperdual<f64, $m> {
            fn seed(x: &[f64; $n]) -> [Self; $n] {
                core::array::from_fn(|i| {
                    Self::from_fn(|k| if k == 0 { x[i] } else if k == i + 1 { 1.0 } else { 0.0 })
                })
            }
            #[inline(always)]
            fn value(self) -> f64 {
                self[0]
            }
            #[inline(always)]
            fn partials(self) -> [f64; $n] {
                core::array::from_fn(|k| self[k + 1])
            }
        }
    )*};
}
hyperdual_forward!(2 => 3, 8 => 9, 16 => 17, 32 => 33);

/// A number that carries a value, gradient and Hessian in one pass.
pub trait Second<const N: usize>: Scalar {
    /// Input i seeded for ∂/∂xᵢ (every second-order slot zero).
    fn seed(x: &[f64; N]) -> [Self; N];
    /// (f, ∇f, ∇²f).
    fn read(self) -> (f64, [f64; N], [[f64; N]; N]);
}

/// gradus forward-over-forward: `Dual<Dual<f64, N>, N>`, the inner ε for the
/// gradient, the outer ε for its derivative.
impl<const N: usize> Second<N> for Dual<Dual<f64, N>, N> {
    fn seed(x: &[f64; N]) -> [Self; N] {
        core::array::from_fn(|i| {
            Dual::new(
                Dual::variable(x[i], i),
                core::array::from_fn(|j| Dual::constant(if i == j { 1.0 } else { 0.0 })),
            )
        })
    }
    #[inline(always)]
    fn read(self) -> (f64, [f64; N], [[f64; N]; N]) {
        let re = self.value();
        let eps = self.partials();
        (re.value(), re.partials(), eps.map(|e| e.partials()))
    }
}

/// gradus's `HyperDual<f64, N>`, the type behind `gradus::hessian`.
impl<const N: usize> Second<N> for gradus::HyperDual<f64, N> {
    fn seed(x: &[f64; N]) -> [Self; N] {
        core::array::from_fn(|i| gradus::HyperDual::variable(x[i], i))
    }
    #[inline(always)]
    fn read(self) -> (f64, [f64; N], [[f64; N]; N]) {
        (self.value(), self.gradient(), self.hessian())
    }
}

/// num-dual's `Dual2Vec`, the type behind its `hessian`, read as `hessian` reads it.
impl<const N: usize> Second<N> for num_dual::Dual2SVec64<N> {
    fn seed(x: &[f64; N]) -> [Self; N] {
        core::array::from_fn(|i| {
            let mut d = num_dual::Dual2SVec64::<N>::from_re(x[i]);
            d.v1 = Derivative::derivative_generic(U1, Const::<N>, i);
            d
        })
    }
    #[inline(always)]
    fn read(self) -> (f64, [f64; N], [[f64; N]; N]) {
        let g = self.v1.unwrap_generic(U1, Const::<N>);
        let h = self.v2.unwrap_generic(Const::<N>, Const::<N>);
        (
            self.re,
            core::array::from_fn(|k| g[k]),
            core::array::from_fn(|j| core::array::from_fn(|k| h[(j, k)])),
        )
    }
}

/// hyperdual nested in itself, `Hyperdual<Hyperdual<f64, N + 1>, N + 1>`.
macro_rules! hyperdual_second {
    ($($n:literal => $m:literal),*) => {$(
        impl Second<$n> for hyperdual::Hyperdual<hyperdual::Hyperdual<f64, $m>, $m> {
            fn seed(x: &[f64; $n]) -> [Self; $n] {
                use hyperdual::Hyperdual;
                core::array::from_fn(|i| {
                    Self::from_fn(|j| {
                        if j == 0 {
                            Hyperdual::<f64, $m>::from_fn(|k| {
                                if k == 0 { x[i] } else if k == i + 1 { 1.0 } else { 0.0 }
                            })
                        } else {
                            Hyperdual::<f64, $m>::from_real(if j == i + 1 { 1.0 } else { 0.0 })
                        }
                    })
                })
            }
            #[inline(always)]
            fn read(self) -> (f64, [f64; $n], [[f64; $n]; $n]) {
                (
                    self[0][0],
                    core::array::from_fn(|k| self[0][k + 1]),
                    core::array::from_fn(|j| core::array::from_fn(|k| self[j + 1][k + 1])),
                )
            }
        }
    )*};
}
hyperdual_second!(2 => 3, 4 => 5, 8 => 9, 16 => 17);

/// The Hessian by N(N + 1)/2 passes of num-dual's scalar `HyperDual64`
/// (ε₁ on xᵢ, ε₂ on xⱼ, the ε₁ε₂ part is Hᵢⱼ): the classic hyper-dual method.
/// Each pass's seeds go through `black_box`.
#[inline(always)]
pub fn hessian_scalar_passes<F, const N: usize>(
    f: F,
    x: &[f64; N],
) -> (f64, [f64; N], [[f64; N]; N])
where
    F: Fn(&[num_dual::HyperDual64; N]) -> num_dual::HyperDual64,
{
    let (mut v, mut g, mut h) = (0.0, [0.0; N], [[0.0; N]; N]);
    // The (i, j) pair is the seed, not just an index: a range loop says so best.
    #[allow(clippy::needless_range_loop)]
    for i in 0..N {
        for j in i..N {
            let xs: [num_dual::HyperDual64; N] = core::array::from_fn(|k| {
                let e1 = if k == i { 1.0 } else { 0.0 };
                let e2 = if k == j { 1.0 } else { 0.0 };
                num_dual::HyperDual64::new(x[k], e1, e2, 0.0)
            });
            let y = f(&core::hint::black_box(xs));
            h[i][j] = y.eps1eps2;
            h[j][i] = y.eps1eps2;
            if i == j {
                g[i] = y.eps1;
                v = y.re;
            }
        }
    }
    (v, g, h)
}
