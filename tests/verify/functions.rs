//! THE list of functions under test: every method and operator of the
//! numeric surface, each written once, generic over the scalar, with
//!
//! - its domain for random points (one [`Dom`] per argument),
//! - extra edge inputs of its own (domain boundaries, jumps), beside the
//!   shared edge list,
//! - `gap`: how far the point is from the nearest kink, jump or domain edge
//!   (finite differences stay inside it; points closer than that are skipped),
//! - `ref`: its derivatives in closed form, written independently of
//!   `src/rules.rs` in plain `f64`, stating the documented convention at
//!   every special point (first derivatives, and the second derivative of
//!   unary functions).
//!
//! A function added to the crate is covered by every check in this binary by
//! adding one entry here.

#![allow(unused_variables)] // `gap |v| INF` and similar entries ignore the point

use crate::framework::{MAXN, Program, Scalar};
use core::f64::consts::{LN_2, LN_10};
use num_traits::{Float, MulAdd, Signed};

const INF: f64 = f64::INFINITY;
const NAN: f64 = f64::NAN;

/// How to draw one argument from u ∈ [0, 1).
#[derive(Clone, Copy, Debug)]
pub enum Dom {
    /// Uniform in [lo, hi].
    U(f64, f64),
    /// Log-uniform in [lo, hi] (0 < lo < hi): many magnitudes.
    L(f64, f64),
    /// ± log-uniform: sign from u, magnitude in [lo, hi].
    S(f64, f64),
    /// a + log-uniform in [lo, hi]: just above a domain edge a.
    A(f64, f64, f64),
}

impl Dom {
    pub fn sample(self, u: f64) -> f64 {
        let log = |lo: f64, hi: f64, t: f64| (lo.ln() + t * (hi.ln() - lo.ln())).exp();
        match self {
            Dom::U(lo, hi) => lo + u * (hi - lo),
            Dom::L(lo, hi) => log(lo, hi, u),
            Dom::S(lo, hi) => {
                if u < 0.5 {
                    -log(lo, hi, 2.0 * u)
                } else {
                    log(lo, hi, 2.0 * u - 1.0)
                }
            }
            Dom::A(a, lo, hi) => a + log(lo, hi, u),
        }
    }
}

/// Expected derivatives: gradient, and the Hessian where the entry states it.
#[derive(Clone, Copy, Debug)]
pub struct Expect {
    pub grad: [f64; MAXN],
    pub hess: Option<[[f64; MAXN]; MAXN]>,
}

/// f′ and f″ of a unary function.
pub fn un(d1: f64, d2: f64) -> Expect {
    let mut h = [[0.0; MAXN]; MAXN];
    h[0][0] = d2;
    Expect {
        grad: [d1, 0.0, 0.0],
        hess: Some(h),
    }
}

/// ∂f/∂x, ∂f/∂y of a binary function.
pub fn bi(dx: f64, dy: f64) -> Expect {
    Expect {
        grad: [dx, dy, 0.0],
        hess: None,
    }
}

/// The three partials of a ternary function.
pub fn tri(a: f64, b: f64, c: f64) -> Expect {
    Expect {
        grad: [a, b, c],
        hess: None,
    }
}

/// One entry of the table.
pub struct Fun {
    pub id: Id,
    pub name: &'static str,
    pub dom: &'static [Dom],
    /// Edge inputs of this function (domain boundaries, jumps), used like
    /// the shared edge values.
    pub edges: &'static [f64],
    pub gap: fn(&[f64]) -> f64,
    pub reference: fn(&[f64]) -> Expect,
}

impl Program for Fun {
    fn arity(&self) -> usize {
        self.dom.len()
    }
    fn run<T: Scalar>(&self, x: &[T]) -> T {
        run(self.id, x)
    }
}

impl Fun {
    pub fn by_id(id: Id) -> &'static Fun {
        FUNS.iter()
            .find(|f| f.id == id)
            .expect("every id is in FUNS")
    }
}

macro_rules! table {
    ($(
        $id:ident $name:literal [$($dom:expr),+] edges [$($e:expr),*]
        gap |$gv:ident| $gap:expr,
        ref |$rv:ident| $r:expr,
        run |$x:ident| $body:expr;
    )*) => {
        /// One identifier per entry of [`FUNS`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Id { $($id),* }

        /// THE function list.
        pub static FUNS: &[Fun] = &[$(
            Fun {
                id: Id::$id,
                name: $name,
                dom: &[$($dom),+],
                edges: &[$($e),*],
                gap: |$gv: &[f64]| -> f64 { $gap },
                reference: |$rv: &[f64]| -> Expect { $r },
            }
        ),*];

        /// Runs entry `id` on `x`, generic over the scalar.
        pub fn run<T: Scalar>(id: Id, x: &[T]) -> T {
            match id {
                $(Id::$id => { let $x = x; $body })*
            }
        }
    };
}

use Dom::{A, L, S, U};

/// An integer exponent, opaque to the optimizer (see `Scalar::k`).
fn n(i: i32) -> i32 {
    std::hint::black_box(i)
}

// ---- helpers for gaps -------------------------------------------------------

/// Distance from v to the nearest integer.
pub fn dist_int(v: f64) -> f64 {
    (v - v.round()).abs()
}

/// Distance from v to the nearest half-integer (the jumps of `round`).
pub fn dist_half(v: f64) -> f64 {
    (v - v.floor() - 0.5).abs()
}

/// Gap of c % y in y: the jumps are where c / y is an integer.
fn rem_gap_y(c: f64, y: f64) -> f64 {
    // q = c / y; dq/dy = −c / y²: a jump in q of δ is δ y² / |c| in y.
    dist_int(c / y) * y * y / c.abs().max(1e-300)
}

// ---- closed-form references (plain f64, the documented conventions) --------

/// sqrt: f′ = 1/(2√x), f″ = −1/(4x√x); at ±0: +inf, −inf (one-sided limits);
/// below 0: NaN.
fn sqrt_ref(x: f64) -> Expect {
    if x == 0.0 {
        return un(INF, -INF);
    }
    let s = x.sqrt();
    un(0.5 / s, -0.25 / (x * s))
}

/// cbrt: f′ = 1/(3∛x²), f″ = −2/(9∛x⁵); at ±0: +inf, −inf.
fn cbrt_ref(x: f64) -> Expect {
    if x == 0.0 {
        return un(INF, -INF);
    }
    let c = x.cbrt();
    un(1.0 / (3.0 * c * c), -2.0 / (9.0 * c.powi(5)))
}

/// log_b x for b = e, 2, 10 (ln b = `lb`): f′ = 1/(x ln b), f″ = −1/(x² ln b);
/// at ±0: +inf, −inf; below 0: NaN (value and derivatives).
fn log_ref(x: f64, lb: f64) -> Expect {
    if x == 0.0 {
        return un(INF, -INF);
    }
    if x < 0.0 {
        return un(NAN, NAN);
    }
    un(1.0 / (x * lb), -1.0 / (x * x * lb))
}

/// asin: 1/√(1−x²), x/(1−x²)^{3/2}; at ±1: +inf, ±inf; |x| > 1: NaN.
fn asin_ref(x: f64) -> Expect {
    if x.abs() == 1.0 {
        return un(INF, INF.copysign(x));
    }
    let q = (1.0 - x) * (1.0 + x);
    let s = q.sqrt();
    un(1.0 / s, x / (q * s))
}

/// atanh: 1/(1−x²), 2x/(1−x²)²; at ±1: +inf, ±inf; |x| > 1: NaN.
fn atanh_ref(x: f64) -> Expect {
    if x.abs() == 1.0 {
        return un(INF, INF.copysign(x));
    }
    if x.abs() > 1.0 {
        return un(NAN, NAN);
    }
    let q = (1.0 - x) * (1.0 + x);
    un(1.0 / q, 2.0 * x / (q * q))
}

/// acosh: 1/√(x²−1), −x/(x²−1)^{3/2}; at 1: +inf, −inf; at +inf: 0, 0;
/// below 1: NaN.
fn acosh_ref(x: f64) -> Expect {
    if x == 1.0 {
        return un(INF, -INF);
    }
    if x < 1.0 {
        return un(NAN, NAN);
    }
    if x == INF {
        return un(0.0, 0.0);
    }
    let q = (x - 1.0) * (x + 1.0);
    let s = q.sqrt();
    un(1.0 / s, -x / (q * s))
}

/// xⁿ: n xⁿ⁻¹, n(n−1) xⁿ⁻²; a term whose coefficient is 0 is exactly 0.
fn powi_ref(x: f64, n: i32) -> Expect {
    let nf = n as f64;
    let d1 = if n == 0 { 0.0 } else { nf * x.powi(n - 1) };
    let c2 = nf * (nf - 1.0);
    let d2 = if c2 == 0.0 { 0.0 } else { c2 * x.powi(n - 2) };
    un(d1, d2)
}

/// xᵖ for constant p: p xᵖ⁻¹, p(p−1) xᵖ⁻²; a zero coefficient gives 0.
fn powf_ref(x: f64, p: f64) -> Expect {
    let d1 = if p == 0.0 { 0.0 } else { p * x.powf(p - 1.0) };
    let c2 = p * (p - 1.0);
    let d2 = if c2 == 0.0 { 0.0 } else { c2 * x.powf(p - 2.0) };
    un(d1, d2)
}

/// xʸ: ∂x = y xʸ⁻¹ (0 when y = 0), ∂y = xʸ ln x (0 where xʸ = 0).
fn pow2_ref(x: f64, y: f64) -> Expect {
    let f = x.powf(y);
    let dx = if y == 0.0 { 0.0 } else { y * x.powf(y - 1.0) };
    let dy = if f == 0.0 { 0.0 } else { f * x.ln() };
    bi(dx, dy)
}

/// |x|: sign, with abs′(±0) = 0; NaN in, NaN out; f″ = 0.
fn abs_ref(x: f64) -> Expect {
    let d = if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else if x == 0.0 {
        0.0
    } else {
        NAN
    };
    un(d, 0.0)
}

/// A step function: derivative 0 everywhere, also at jumps.
fn step_ref(_: f64) -> Expect {
    un(0.0, 0.0)
}

/// atan2(y, x): (x/r², −y/r²) with r = hypot; at the origin 0, 0.
fn atan2_ref(y: f64, x: f64) -> Expect {
    if x == 0.0 && y == 0.0 {
        return bi(0.0, 0.0);
    }
    let h = x.hypot(y);
    bi(x / h / h, -y / h / h)
}

/// hypot: (x/h, y/h); at the origin 0, 0.
fn hypot_ref(x: f64, y: f64) -> Expect {
    if x == 0.0 && y == 0.0 {
        return bi(0.0, 0.0);
    }
    let h = x.hypot(y);
    bi(x / h, y / h)
}

/// log_b x: ∂x = 1/(x ln b), ∂b = −log_b x/(b ln b); x or b below 0: NaN.
fn log_base_ref(x: f64, b: f64) -> Expect {
    if x < 0.0 || b < 0.0 {
        return bi(NAN, NAN);
    }
    let x = x + 0.0; // ±0 are the same point
    let lb = b.ln();
    bi(1.0 / (x * lb), -(x.ln() / lb) / (b * lb))
}

table! {
    // ---- arithmetic, unary --------------------------------------------------
    Neg "-x" [S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| un(-1.0, 0.0), run |x| -x[0];
    Recip "recip" [S(1e-3, 1e3)] edges []
        gap |v| v[0].abs(), ref |v| un(-1.0 / (v[0] * v[0]), 2.0 / (v[0] * v[0] * v[0])),
        run |x| x[0].recip();
    Inv "Inv::inv" [S(1e-3, 1e3)] edges []
        gap |v| v[0].abs(), ref |v| un(-1.0 / (v[0] * v[0]), 2.0 / (v[0] * v[0] * v[0])),
        run |x| x[0].inv();

    // ---- scalar (base float) on either side ---------------------------------
    LMul "2.0 * x" [S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| un(2.0, 0.0), run |x| T::l_mul(2.0, x[0]);
    RMul "x * 2.0" [S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| un(2.0, 0.0), run |x| x[0] * 2.0;
    LAdd "2.0 + x" [S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| un(1.0, 0.0), run |x| T::l_add(2.0, x[0]);
    RAdd "x + 2.0" [S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| un(1.0, 0.0), run |x| x[0] + 2.0;
    LSub "2.0 - x" [S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| un(-1.0, 0.0), run |x| T::l_sub(2.0, x[0]);
    RSub "x - 2.0" [S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| un(1.0, 0.0), run |x| x[0] - 2.0;
    RDiv "x / 3.0" [S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| un(1.0 / 3.0, 0.0), run |x| x[0] / 3.0;
    LDiv "1.0 / x" [S(1e-3, 1e3)] edges []
        gap |v| v[0].abs(), ref |v| un(-1.0 / (v[0] * v[0]), 2.0 / (v[0] * v[0] * v[0])),
        run |x| T::l_div(1.0, x[0]);
    RRem "x % 3.0" [U(-20.0, 20.0)] edges [3.0, -3.0, 6.0]
        gap |v| 3.0 * dist_int(v[0] / 3.0), ref |v| un(1.0, 0.0), run |x| x[0] % 3.0;
    LRem "5.0 % x" [S(0.1, 20.0)] edges [5.0, 2.5, -5.0]
        gap |v| rem_gap_y(5.0, v[0]), ref |v| un(-(5.0 / v[0]).trunc(), 0.0),
        run |x| T::l_rem(5.0, x[0]);
    AssignF "x += 2; x *= 3; x -= 1; x /= 4; x %= 1e6" [U(-100.0, 100.0)] edges []
        gap |v| INF, ref |v| un(0.75, 0.0),
        run |x| {
            let mut z = x[0];
            z += 2.0;
            z *= 3.0;
            z -= 1.0;
            z /= 4.0;
            z %= 1e6;
            z
        };

    // ---- powers and roots ---------------------------------------------------
    Sqrt "sqrt" [L(1e-4, 1e4)] edges []
        gap |v| v[0], ref |v| sqrt_ref(v[0]), run |x| x[0].sqrt();
    Cbrt "cbrt" [S(1e-4, 1e4)] edges []
        gap |v| v[0].abs(), ref |v| cbrt_ref(v[0]), run |x| x[0].cbrt();
    PowiM3 "powi(-3)" [S(1e-2, 1e2)] edges []
        gap |v| v[0].abs(), ref |v| powi_ref(v[0], -3), run |x| x[0].powi(n(-3));
    PowiM1 "powi(-1)" [S(1e-2, 1e2)] edges []
        gap |v| v[0].abs(), ref |v| powi_ref(v[0], -1), run |x| x[0].powi(n(-1));
    Powi0 "powi(0)" [S(1e-2, 1e2)] edges []
        gap |v| INF, ref |v| powi_ref(v[0], 0), run |x| x[0].powi(n(0));
    Powi1 "powi(1)" [S(1e-2, 1e2)] edges []
        gap |v| INF, ref |v| powi_ref(v[0], 1), run |x| x[0].powi(n(1));
    Powi2 "powi(2)" [S(1e-2, 1e2)] edges []
        gap |v| INF, ref |v| powi_ref(v[0], 2), run |x| x[0].powi(n(2));
    Powi3 "powi(3)" [S(1e-2, 1e2)] edges []
        gap |v| INF, ref |v| powi_ref(v[0], 3), run |x| x[0].powi(n(3));
    Powi7 "powi(7)" [S(1e-2, 1e2)] edges []
        gap |v| INF, ref |v| powi_ref(v[0], 7), run |x| x[0].powi(n(7));
    PowI32 "Pow<i32>: x.pow(3)" [S(1e-2, 1e2)] edges []
        gap |v| INF, ref |v| powi_ref(v[0], 3), run |x| x[0].pow(n(3));
    PowfHalf "powf(0.5)" [L(1e-3, 1e3)] edges []
        gap |v| v[0], ref |v| powf_ref(v[0], 0.5), run |x| x[0].powf(T::k(0.5));
    PowfThird "powf(1/3)" [L(1e-3, 1e3)] edges []
        gap |v| v[0], ref |v| powf_ref(v[0], 1.0 / 3.0), run |x| x[0].powf(T::k(1.0 / 3.0));
    Powf1_5 "powf(1.5)" [L(1e-3, 1e3)] edges []
        gap |v| v[0], ref |v| powf_ref(v[0], 1.5), run |x| x[0].powf(T::k(1.5));
    Powf2_5 "powf(2.5)" [L(1e-3, 1e3)] edges []
        gap |v| v[0], ref |v| powf_ref(v[0], 2.5), run |x| x[0].powf(T::k(2.5));
    PowfMHalf "powf(-0.5)" [L(1e-3, 1e3)] edges []
        gap |v| v[0], ref |v| powf_ref(v[0], -0.5), run |x| x[0].powf(T::k(-0.5));
    Powf0 "powf(0)" [S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| powf_ref(v[0], 0.0), run |x| x[0].powf(T::k(0.0));
    Powf1 "powf(1)" [S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| powf_ref(v[0], 1.0), run |x| x[0].powf(T::k(1.0));
    Powf2 "powf(2)" [S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| powf_ref(v[0], 2.0), run |x| x[0].powf(T::k(2.0));
    Powf3 "powf(3)" [S(1e-3, 1e2)] edges []
        gap |v| INF, ref |v| powf_ref(v[0], 3.0), run |x| x[0].powf(T::k(3.0));
    PowfM2 "powf(-2)" [S(1e-2, 1e2)] edges []
        gap |v| v[0].abs(), ref |v| powf_ref(v[0], -2.0), run |x| x[0].powf(T::k(-2.0));
    PowF64 "Pow<f64>: x.pow(2.5)" [L(1e-3, 1e3)] edges []
        gap |v| v[0], ref |v| powf_ref(v[0], 2.5), run |x| x[0].pow(std::hint::black_box(2.5f64));

    // ---- exponentials and logarithms ----------------------------------------
    Exp "exp" [U(-50.0, 50.0)] edges [-745.5, 709.9]
        gap |v| INF, ref |v| { let e = v[0].exp(); un(e, e) }, run |x| x[0].exp();
    Exp2 "exp2" [U(-50.0, 50.0)] edges [-1075.0, 1024.0]
        gap |v| INF, ref |v| { let e = v[0].exp2() * LN_2; un(e, e * LN_2) }, run |x| x[0].exp2();
    ExpM1 "exp_m1" [U(-50.0, 50.0)] edges []
        gap |v| INF, ref |v| { let e = v[0].exp(); un(e, e) }, run |x| x[0].exp_m1();
    Ln "ln" [L(1e-4, 1e4)] edges []
        gap |v| v[0], ref |v| log_ref(v[0], 1.0), run |x| x[0].ln();
    Ln1p "ln_1p" [A(-1.0, 1e-4, 1e4)] edges [-1.0, -2.0]
        gap |v| v[0] + 1.0, ref |v| {
            if v[0] == -1.0 { un(INF, -INF) }
            else if v[0] < -1.0 { un(NAN, NAN) }
            else { let r = 1.0 / (1.0 + v[0]); un(r, -r * r) }
        },
        run |x| x[0].ln_1p();
    Log2 "log2" [L(1e-4, 1e4)] edges []
        gap |v| v[0], ref |v| log_ref(v[0], LN_2), run |x| x[0].log2();
    Log10 "log10" [L(1e-4, 1e4)] edges []
        gap |v| v[0], ref |v| log_ref(v[0], LN_10), run |x| x[0].log10();

    // ---- trigonometric ------------------------------------------------------
    Sin "sin" [U(-20.0, 20.0)] edges [core::f64::consts::PI]
        gap |v| INF, ref |v| un(v[0].cos(), -v[0].sin()), run |x| x[0].sin();
    Cos "cos" [U(-20.0, 20.0)] edges [core::f64::consts::PI]
        gap |v| INF, ref |v| un(-v[0].sin(), -v[0].cos()), run |x| x[0].cos();
    SinCosS "sin_cos().0" [U(-20.0, 20.0)] edges []
        gap |v| INF, ref |v| un(v[0].cos(), -v[0].sin()), run |x| x[0].sin_cos().0;
    SinCosC "sin_cos().1" [U(-20.0, 20.0)] edges []
        gap |v| INF, ref |v| un(-v[0].sin(), -v[0].cos()), run |x| x[0].sin_cos().1;
    Tan "tan" [U(-20.0, 20.0)] edges [core::f64::consts::FRAC_PI_2]
        gap |v| v[0].cos().abs(), ref |v| { let t = v[0].tan(); let d = 1.0 + t * t; un(d, 2.0 * t * d) },
        run |x| x[0].tan();
    Asin "asin" [U(-1.0, 1.0)] edges [1.0000000000000002]
        gap |v| 1.0 - v[0].abs(), ref |v| asin_ref(v[0]), run |x| x[0].asin();
    Acos "acos" [U(-1.0, 1.0)] edges [1.0000000000000002]
        gap |v| 1.0 - v[0].abs(), ref |v| { let e = asin_ref(v[0]); un(-e.grad[0], -e.hess.unwrap()[0][0]) },
        run |x| x[0].acos();
    Atan "atan" [S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| {
            // at ±inf: the limits 0, 0
            if v[0].is_infinite() { return un(0.0, 0.0); }
            let d = 1.0 / (1.0 + v[0] * v[0]);
            un(d, -2.0 * (v[0] * d) * d)
        },
        run |x| x[0].atan();

    // ---- hyperbolic ---------------------------------------------------------
    Sinh "sinh" [U(-50.0, 50.0)] edges []
        gap |v| INF, ref |v| un(v[0].cosh(), v[0].sinh()), run |x| x[0].sinh();
    Cosh "cosh" [U(-50.0, 50.0)] edges []
        gap |v| INF, ref |v| un(v[0].sinh(), v[0].cosh()), run |x| x[0].cosh();
    Tanh "tanh" [U(-20.0, 20.0)] edges []
        gap |v| INF, ref |v| { let c = v[0].cosh(); let d = 1.0 / (c * c); un(d, -2.0 * v[0].tanh() * d) },
        run |x| x[0].tanh();
    Asinh "asinh" [S(1e-3, 1e6)] edges []
        gap |v| INF, ref |v| {
            if v[0].is_infinite() { return un(0.0, 0.0); }
            let h = v[0].hypot(1.0);
            un(1.0 / h, -(v[0] / h) / (h * h))
        },
        run |x| x[0].asinh();
    Acosh "acosh" [A(1.0, 1e-4, 1e4)] edges [0.9999999999999999]
        gap |v| v[0] - 1.0, ref |v| acosh_ref(v[0]), run |x| x[0].acosh();
    Atanh "atanh" [U(-1.0, 1.0)] edges [1.0000000000000002, 2.0]
        gap |v| 1.0 - v[0].abs(), ref |v| atanh_ref(v[0]), run |x| x[0].atanh();

    // ---- piecewise, sign, rounding ------------------------------------------
    Abs "abs" [S(1e-3, 1e3)] edges []
        gap |v| v[0].abs(), ref |v| abs_ref(v[0]), run |x| x[0].abs();
    SignedAbs "Signed::abs" [S(1e-3, 1e3)] edges []
        gap |v| v[0].abs(), ref |v| abs_ref(v[0]), run |x| Signed::abs(&x[0]);
    Signum "signum" [S(1e-3, 1e3)] edges []
        gap |v| v[0].abs(), ref |v| step_ref(v[0]), run |x| x[0].signum();
    Floor "floor" [U(-100.0, 100.0)] edges [2.0, -2.0, 2.5]
        gap |v| dist_int(v[0]), ref |v| step_ref(v[0]), run |x| x[0].floor();
    Ceil "ceil" [U(-100.0, 100.0)] edges [2.0, -2.0, 2.5]
        gap |v| dist_int(v[0]), ref |v| step_ref(v[0]), run |x| x[0].ceil();
    Round "round" [U(-100.0, 100.0)] edges [2.5, -2.5, 2.0]
        gap |v| dist_half(v[0]), ref |v| step_ref(v[0]), run |x| x[0].round();
    Trunc "trunc" [U(-100.0, 100.0)] edges [2.0, -2.0, 2.5]
        gap |v| dist_int(v[0]), ref |v| step_ref(v[0]), run |x| x[0].trunc();
    Fract "fract" [U(-100.0, 100.0)] edges [2.0, -2.0, 2.5]
        gap |v| dist_int(v[0]), ref |v| un(1.0, 0.0), run |x| x[0].fract();
    ToDegrees "to_degrees" [U(-1e3, 1e3)] edges []
        gap |v| INF, ref |v| un(1f64.to_degrees(), 0.0), run |x| x[0].to_degrees();
    ToRadians "to_radians" [U(-1e3, 1e3)] edges []
        gap |v| INF, ref |v| un(1f64.to_radians(), 0.0), run |x| x[0].to_radians();

    // ---- binary operators ---------------------------------------------------
    Add "x + y" [S(1e-3, 1e3), S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| bi(1.0, 1.0), run |x| x[0] + x[1];
    Sub "x - y" [S(1e-3, 1e3), S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| bi(1.0, -1.0), run |x| x[0] - x[1];
    Mul "x * y" [S(1e-3, 1e3), S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| bi(v[1], v[0]), run |x| x[0] * x[1];
    Div "x / y" [S(1e-3, 1e3), S(1e-2, 1e2)] edges []
        gap |v| v[1].abs(), ref |v| bi(1.0 / v[1], -(v[0] / v[1]) / v[1]), run |x| x[0] / x[1];
    Rem "x % y" [U(-50.0, 50.0), S(0.5, 20.0)] edges [3.0, -3.0]
        gap |v| (dist_int(v[0] / v[1]) * v[1].abs()).min(rem_gap_y(v[0], v[1])),
        ref |v| bi(1.0, -(v[0] / v[1]).trunc()), run |x| x[0] % x[1];
    AssignT "z = x; z += y; z *= y; z -= x; z /= 4; z %= 1e9" [S(1e-2, 1e2), S(1e-2, 1e2)] edges []
        gap |v| INF, ref |v| bi((v[1] - 1.0) / 4.0, (v[0] + 2.0 * v[1]) / 4.0),
        run |x| {
            let mut z = x[0];
            z += x[1];
            z *= x[1];
            z -= x[0];
            z /= T::k(4.0);
            z %= T::k(1e9);
            z
        };

    // ---- binary functions ---------------------------------------------------
    Atan2 "atan2(y, x)" [U(-10.0, 10.0), U(-10.0, 10.0)] edges []
        gap |v| v[0].hypot(v[1]).min(if v[1] < 0.0 { v[0].abs() } else { INF }),
        ref |v| atan2_ref(v[0], v[1]), run |x| x[0].atan2(x[1]);
    Hypot "hypot" [U(-10.0, 10.0), U(-10.0, 10.0)] edges []
        gap |v| v[0].hypot(v[1]), ref |v| hypot_ref(v[0], v[1]), run |x| x[0].hypot(x[1]);
    LogBase "log(x, base)" [L(1e-3, 1e3), L(1e-2, 1e2)] edges []
        gap |v| v[0].min(v[1]).min((v[1] - 1.0).abs()), ref |v| log_base_ref(v[0], v[1]), run |x| x[0].log(x[1]);
    Powf "powf(x, y)" [L(1e-3, 1e2), U(-4.0, 4.0)] edges []
        gap |v| v[0], ref |v| pow2_ref(v[0], v[1]), run |x| x[0].powf(x[1]);
    PowSelf "Pow<Self>: x.pow(y)" [L(1e-3, 1e2), U(-4.0, 4.0)] edges []
        gap |v| v[0], ref |v| pow2_ref(v[0], v[1]), run |x| x[0].pow(x[1]);
    Max "max" [U(-10.0, 10.0), U(-10.0, 10.0)] edges []
        gap |v| (v[0] - v[1]).abs(),
        ref |v| if !(v[1] > v[0] || v[0].is_nan()) { bi(1.0, 0.0) } else { bi(0.0, 1.0) },
        run |x| x[0].max(x[1]);
    Min "min" [U(-10.0, 10.0), U(-10.0, 10.0)] edges []
        gap |v| (v[0] - v[1]).abs(),
        ref |v| if !(v[1] < v[0] || v[0].is_nan()) { bi(1.0, 0.0) } else { bi(0.0, 1.0) },
        run |x| x[0].min(x[1]);
    AbsSub "abs_sub" [U(-10.0, 10.0), U(-10.0, 10.0)] edges []
        gap |v| (v[0] - v[1]).abs(),
        ref |v| if v[0] <= v[1] { bi(0.0, 0.0) } else { bi(1.0, -1.0) },
        run |x| {
            #[allow(deprecated)]
            let r = x[0].abs_sub(x[1]);
            r
        };
    Copysign "copysign" [S(1e-3, 1e3), S(1e-3, 1e3)] edges []
        gap |v| v[0].abs().min(v[1].abs()),
        ref |v| bi(if v[0].is_sign_negative() == v[1].is_sign_negative() { 1.0 } else { -1.0 }, 0.0),
        run |x| x[0].copysign(x[1]);

    // ---- ternary and n-ary --------------------------------------------------
    MulAddF "mul_add(x, a, b)" [S(1e-3, 1e3), S(1e-3, 1e3), S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| tri(v[1], v[0], 1.0), run |x| Float::mul_add(x[0], x[1], x[2]);
    MulAddT "MulAdd::mul_add" [S(1e-3, 1e3), S(1e-3, 1e3), S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| tri(v[1], v[0], 1.0), run |x| MulAdd::mul_add(x[0], x[1], x[2]);
    Clamp "clamp(x, lo, hi)" [U(-10.0, 10.0), U(-5.0, -0.5), U(0.5, 5.0)] edges []
        gap |v| (v[0] - v[1]).abs().min((v[0] - v[2]).abs()),
        ref |v| if v[1].is_nan() || v[2].is_nan() || v[1] > v[2] { tri(1.0, 0.0, 0.0) } else if v[0] < v[1] { tri(0.0, 1.0, 0.0) } else if v[0] > v[2] { tri(0.0, 0.0, 1.0) } else { tri(1.0, 0.0, 0.0) },
        // Bounds out of order (or NaN) are a precondition violation of the
        // plain f64 `clamp` (num-traits debug-asserts); gradus's own clamp at
        // such bounds is checked in `edges.rs`.
        run |x| if x[1] <= x[2] { x[0].clamp(x[1], x[2]) } else { x[0] };
    Sum1 "Sum of [x]" [S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| un(1.0, 0.0), run |x| x.iter().copied().sum();
    Sum3 "Sum of [x, y, z]" [S(1e-3, 1e3), S(1e-3, 1e3), S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| tri(1.0, 1.0, 1.0), run |x| x.iter().copied().sum();
    Product3 "Product of [x, y, z]" [S(1e-2, 1e2), S(1e-2, 1e2), S(1e-2, 1e2)] edges []
        gap |v| INF, ref |v| tri(v[1] * v[2], v[0] * v[2], v[0] * v[1]),
        run |x| x.iter().copied().product();
    ReduceSum "Reduce::sum_of([x, y, z])" [S(1e-3, 1e3), S(1e-3, 1e3), S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| tri(1.0, 1.0, 1.0), run |x| T::sum_of(x);
    ReduceDot "Reduce::dot([x, y], [y, z])" [S(1e-3, 1e3), S(1e-3, 1e3), S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| tri(v[1], v[0] + v[2], v[1]), run |x| T::dot(&x[..2], &x[1..]);
    ReduceNorm2 "Reduce::norm_squared([x, y, z])" [S(1e-3, 1e3), S(1e-3, 1e3), S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| tri(2.0 * v[0], 2.0 * v[1], 2.0 * v[2]), run |x| T::norm_squared(x);
    ReduceWeighted "Reduce::weighted_sum([x, y, z], [0.5, −2, 3])" [S(1e-3, 1e3), S(1e-3, 1e3), S(1e-3, 1e3)] edges []
        gap |v| INF, ref |v| tri(0.5, -2.0, 3.0), run |x| T::weighted_sum(x, &[0.5, -2.0, 3.0]);
    ReduceLse "Reduce::logsumexp([x, y, z])" [U(-30.0, 30.0), U(-30.0, 30.0), U(-30.0, 30.0)] edges []
        gap |v| INF, ref |v| logsumexp_ref(v), run |x| T::logsumexp(x);
}

/// The softmax; where the largest value is ±inf, 1 on the first largest
/// element (the result is that element); NaN anywhere gives NaN.
fn logsumexp_ref(v: &[f64]) -> Expect {
    if v.iter().any(|x| x.is_nan()) {
        return tri(NAN, NAN, NAN);
    }
    let k = (0..3).fold(0, |k, i| if v[i] > v[k] { i } else { k });
    if v[k].is_infinite() {
        let mut g = [0.0; 3];
        g[k] = 1.0;
        return tri(g[0], g[1], g[2]);
    }
    let e: Vec<f64> = v.iter().map(|x| (x - v[k]).exp()).collect();
    let s: f64 = e.iter().sum();
    tri(e[0] / s, e[1] / s, e[2] / s)
}
