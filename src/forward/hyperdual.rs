//! Second order: [`HyperDual<T, N>`], a value, its gradient and its Hessian
//! in N variables, all from one evaluation. The method, the conventions and
//! examples are documented on the type.

use crate::Dual;
use crate::number::{Number, value_field};
use crate::partials::{plain_weight, zero_partial_mul};
use crate::rules::{Derivs, Derivs2};
use crate::surface::fmt::{Term, write_terms};
use crate::surface::{impl_nested_base, impl_surface};
use core::fmt;
use num_traits::Float;

/// A second-order number: a value, its gradient and its Hessian in `N`
/// variables, on the stack.
///
/// Running a function once on `HyperDual`s seeded with
/// [`HyperDual::variable`] gives f, ∇f and ∇²f, each exact to rounding. The
/// [`hessian`](crate::hessian()) driver does the seeding for you.
///
/// ```
/// use gradus::HyperDual;
/// use num_traits::Float;
///
/// // f(x1, x2) = ln x1 + x1·x2 − sin x2 at (2, 5)
/// let x1 = HyperDual::<f64, 2>::variable(2.0, 0);
/// let x2 = HyperDual::<f64, 2>::variable(5.0, 1);
/// let f = x1.ln() + x1 * x2 - x2.sin();
/// assert!((f.value() - 11.652071455223084).abs() < 1e-12);
/// assert!((f.gradient()[0] - 5.5).abs() < 1e-12);
/// let h = f.hessian();
/// assert_eq!(h[0], [-0.25, 1.0]);
/// assert_eq!(h[1], [1.0, 5f64.sin()]);
/// ```
///
/// # How it works
///
/// A hyper-dual number carries the second-order Taylor expansion of a
/// function around a point:
///
/// ```text
/// f(x + h) ≈ f(x) + Σᵢ gᵢ hᵢ + ½ Σᵢⱼ Hᵢⱼ hᵢ hⱼ
/// ```
///
/// and each elementary operation updates all three parts with the chain rule
/// to second order. For a unary function φ with φ′, φ″ from the
/// [table](crate::rules):
///
/// ```text
/// value ← φ(a)
/// gᵢ    ← gᵢ φ′
/// Hᵢⱼ   ← Hᵢⱼ φ′ + gᵢ gⱼ φ″
/// ```
///
/// and for a binary φ(x, y) with operands (a, g, A) and (b, k, B):
///
/// ```text
/// gradient ← g φx + k φy
/// Hessian  ← A φx + B φy + g gᵀ φxx + (g kᵀ + k gᵀ) φxy + k kᵀ φyy
/// ```
///
/// A term whose second derivative is exactly zero is skipped (one test per
/// operation, never per entry), so `+`, `−` and operations with a constant
/// cost only the first-order part, and an operand whose derivatives are all
/// zero (a constant such as `T::one()` in generic code) reduces a binary
/// operation to the unary one.
///
/// **Symmetry.** Hᵢⱼ = Hⱼᵢ, so every operation computes only the upper
/// triangle j ≥ i: N(N+1)/2 entries instead of N². The lower triangle is never
/// read or written (it stays zero); [`hessian`](Self::hessian) mirrors the upper
/// triangle into the full matrix it returns.
///
/// **Cost.** An operation costs about N(N+1)/2 multiply-adds plus writing
/// its result, a whole number (it is `Copy`, N² + N + 1 scalars, on the
/// stack: 2 KiB for `HyperDual<f64, 16>`). For N above 4 each number also
/// tracks the window of variables it depends on, and an operation visits
/// only the union of its operands' windows; a sum accumulated term by term
/// visits only each term's window. So code whose intermediate values each
/// involve a few variables (sums of local terms, like the extended
/// Rosenbrock function) costs far less than the dense N² per operation; what
/// remains is mostly writing each result. Results do not depend on it.
///
/// **Zero-partial rule.** Exactly as for [`Dual`]: a product
/// with an exactly zero factor is zero, so an infinite φ′ or φ″ never turns a
/// zero gradient or Hessian entry into NaN (the Hessian of `sqrt(x₁) + x₂` at
/// x₁ = 0 is `[[−inf, 0], [0, 0]]`, not NaN everywhere).
///
/// # The classic hyper-dual number, and blocks of mixed partials
///
/// The scalar hyper-dual number a + b ε₁ + c ε₂ + d ε₁ε₂ of the literature
/// (ε₁² = ε₂² = 0) is a `HyperDual<T, 2>` seeded with two *distinct* directions:
/// slot 0 carries ε₁ and slot 1 carries ε₂, and the mixed partial
/// ∂²f/∂u∂w along the two seeds is `hessian()[0][1]`. For two different inputs
/// that is ∂²f/∂x∂y; for one input seeded along both slots it is f″. To get a
/// whole M × N block of mixed partials ∂²f/∂xᵢ∂yⱼ without the rest of the
/// Hessian, nest [`Dual`]s instead: the inner `Dual<T, M>` seeds
/// the x's, the outer `Dual<_, N>` the y's, and
/// `result.partials()[j].partials()[i]` is ∂²f/∂xᵢ∂yⱼ.
///
/// ```
/// use gradus::{Dual, HyperDual};
/// use num_traits::Float;
///
/// // f(x, y) = x² sin y at (3, 0.5):  ∂²f/∂x∂y = 2x cos y
/// let f = |x: HyperDual<f64, 2>, y: HyperDual<f64, 2>| x * x * y.sin();
/// let x = HyperDual::variable(3.0, 0); // ε₁
/// let y = HyperDual::variable(0.5, 1); // ε₂
/// let fxy = f(x, y).hessian()[0][1];
/// assert!((fxy - 6.0 * 0.5f64.cos()).abs() < 1e-14);
///
/// // The same mixed partial as a 1 × 1 block: Dual<Dual<f64, 1>, 1>, inner
/// // slot for x, outer slot for y.
/// type D = Dual<Dual<f64, 1>, 1>;
/// let x = D::constant(Dual::variable(3.0, 0));
/// let y = D::variable(Dual::constant(0.5), 0);
/// let z = x * x * y.sin();
/// assert!((z.partials()[0].partials()[0] - 6.0 * 0.5f64.cos()).abs() < 1e-14);
/// ```
///
/// # Third and higher derivatives
///
/// `HyperDual<T, N>` is generic over `T: Float` and is itself a `Float`, so it
/// nests with itself and with [`Dual`]:
/// `Dual<HyperDual<f64, N>, N>` carries every third partial
/// (`partials()[k].hessian()[i][j]` = ∂³f/∂xₖ∂xᵢ∂xⱼ), and
/// `HyperDual<HyperDual<f64, 1>, 1>` the first four derivatives of a scalar
/// function:
///
/// ```
/// use gradus::HyperDual;
/// use num_traits::Float;
///
/// type H2 = HyperDual<HyperDual<f64, 1>, 1>;
/// // Seed both levels: the inner carries ε₁, the outer ε₂.
/// let x = H2::variable(HyperDual::variable(0.7, 0), 0);
/// let y = x.sin();
/// let d2 = y.hessian()[0][0];           // a HyperDual<f64, 1>: sin″ and its derivatives
/// assert!((d2.value() + 0.7f64.sin()).abs() < 1e-15);          // f″   = −sin
/// assert!((d2.gradient()[0] + 0.7f64.cos()).abs() < 1e-15);    // f‴   = −cos
/// assert!((d2.hessian()[0][0] - 0.7f64.sin()).abs() < 1e-15);  // f⁗   = sin
/// ```
#[derive(Clone, Copy)]
pub struct HyperDual<T, const N: usize> {
    re: T,
    grad: [T; N],
    /// Upper triangle (j ≥ i) meaningful; the lower triangle stays zero.
    hess: [[T; N]; N],
    /// The active window: every gradient entry and every Hessian row and
    /// column outside `lo..hi` is zero (empty for a constant).
    lo: usize,
    hi: usize,
}

impl<T: Float, const N: usize> HyperDual<T, N> {
    /// A hyper-dual number with the given value, gradient and Hessian.
    ///
    /// The Hessian is symmetric by definition: only its upper triangle
    /// (`hessian[i][j]` with j ≥ i) is read.
    #[inline(always)]
    pub fn new(re: T, gradient: [T; N], hessian: [[T; N]; N]) -> Self {
        let mut hess = [[T::zero(); N]; N];
        for (i, (row, src)) in hess.iter_mut().zip(&hessian).enumerate() {
            row[i..].copy_from_slice(&src[i..]);
        }
        HyperDual {
            re,
            grad: gradient,
            hess,
            lo: 0,
            hi: N,
        }
    }

    /// A constant: gradient and Hessian zero.
    #[inline(always)]
    pub fn constant(re: T) -> Self {
        HyperDual {
            re,
            grad: [T::zero(); N],
            hess: [[T::zero(); N]; N],
            lo: 0,
            hi: 0,
        }
    }

    /// The `i`-th independent variable: gradient eᵢ, Hessian zero.
    ///
    /// # Panics
    /// If `i >= N`: a `HyperDual<T, N>` has only N variables.
    #[inline(always)]
    pub fn variable(re: T, i: usize) -> Self {
        assert!(
            i < N,
            "HyperDual::variable: index {i} is out of range for HyperDual<_, {N}>: use an index below {N}, or a HyperDual with more variables"
        );
        let mut x = HyperDual::constant(re);
        x.grad[i] = T::one();
        (x.lo, x.hi) = (i, i + 1);
        x
    }

    /// The value (real part).
    #[inline(always)]
    pub fn value(&self) -> T {
        self.re
    }

    /// The gradient: first partial derivatives.
    #[inline(always)]
    pub fn gradient(&self) -> [T; N] {
        self.grad
    }

    /// The full, symmetric Hessian: second partial derivatives, mirrored from
    /// the upper triangle that the arithmetic computes.
    #[inline(always)]
    // Indexed: an iterator over `h` would borrow it, and `h` would then be
    // built in a local and copied out.
    #[allow(clippy::needless_range_loop)]
    pub fn hessian(&self) -> [[T; N]; N] {
        // Built in place by indexing: the result is written straight into the
        // caller's destination, without a copy of the triangle first.
        let mut h = [[T::zero(); N]; N];
        for i in 0..N {
            for j in 0..N {
                h[i][j] = if j >= i {
                    self.hess[i][j]
                } else {
                    self.hess[j][i]
                };
            }
        }
        h
    }

    /// One entry of the Hessian, the second partial ∂²f/∂xᵢ∂xⱼ (symmetric
    /// in `i` and `j`), without building the whole matrix.
    ///
    /// # Panics
    /// If `i >= N` or `j >= N`.
    #[inline(always)]
    pub fn hessian_entry(&self, i: usize, j: usize) -> T {
        assert!(
            i < N && j < N,
            "HyperDual::hessian_entry: index ({i}, {j}) is out of range for HyperDual<_, {N}>: both must be below {N}"
        );
        if i <= j {
            self.hess[i][j]
        } else {
            self.hess[j][i]
        }
    }

    /// [`hessian_entry`](Self::hessian_entry) under its earlier name.
    #[deprecated(
        since = "0.1.1",
        note = "renamed `hessian_entry`: it is an entry of the Hessian"
    )]
    #[inline(always)]
    pub fn second(&self, i: usize, j: usize) -> T {
        self.hessian_entry(i, j)
    }
}

/// Whether every element of `v[lo..hi]` is finite (the plain, unguarded path
/// may then form products of two derivative components without an inf · 0).
/// Indexed, not iterated: see the arithmetic's notes on addresses.
#[inline(always)]
fn all_finite<T: Float>(v: &[T], lo: usize, hi: usize) -> bool {
    (lo..hi).all(|i| v[i].is_finite())
}

/// Whether `w` is exactly one (every derivative component of a nested `w`
/// zero), so that multiplying by it is the identity.
#[inline(always)]
fn is_one<T: Float>(w: T) -> bool {
    (w - T::one()).is_zero()
}

/// At or below this many variables the arithmetic ignores the active window
/// (fixed bounds unroll); above it, it visits only the window.
const WINDOW_MIN_N: usize = 4;

/// The Hessian arithmetic.
///
/// Every operation builds its result as one fresh number `out`, reading its
/// operands by reference: zeros outside the window of variables the result
/// depends on, computed entries (upper triangle only) inside it. Updating an
/// operand received by value and returning it instead copied the whole number
/// about twice per operation (2 KiB each at N = 16, the dominant cost): the
/// operand into a local, the local into the result.
///
/// To have `out` *be* the caller's destination rather than a local copied
/// into it, each function below declares `out`, writes it only through
/// direct indexing (`out.hess[i][j] = …`, never through a `&mut` to it or a
/// slice of it) and returns it. The loops index rather than iterate, and no
/// call receives a pointer into a number.
// Indexed loops on purpose: an iterator over `out` borrows it (see above).
#[allow(clippy::needless_range_loop)]
impl<T: Float, const N: usize> HyperDual<T, N> {
    /// The window the arithmetic visits: the active one for large N, where
    /// skipping known zeros pays; all of `0..N` for small N, where fixed
    /// bounds let the compiler unroll and keep the number in registers.
    #[inline(always)]
    fn window(&self) -> (usize, usize) {
        if N > WINDOW_MIN_N {
            // The bounds, restated, let the compiler drop index checks.
            let hi = self.hi.min(N);
            (self.lo.min(hi), hi)
        } else {
            (0, N)
        }
    }

    /// φ(src): value f, g f′, H f′ + g gᵀ f″, inside `src`'s window.
    #[inline(always)]
    fn unary_of(src: &Self, d: Derivs<T>) -> Self {
        let (lo, hi) = src.window();
        let mut out = HyperDual::constant(d.f);
        (out.lo, out.hi) = (lo, hi);
        let (g, h) = (&src.grad, &src.hess);
        if plain_weight(d.df) && d.d2f.is_zero() {
            // Linear functions (x·c, −x, x + c, …): H f′ only.
            for i in lo..hi {
                for j in i..hi {
                    out.hess[i][j] = h[i][j] * d.df;
                }
            }
        } else if plain_weight(d.df) && plain_weight(d.d2f) && all_finite(g, lo, hi) {
            // The smooth case, fused into one pass over the triangle.
            for i in lo..hi {
                let gc = g[i] * d.d2f;
                for j in i..hi {
                    out.hess[i][j] = h[i][j] * d.df + gc * g[j];
                }
            }
        } else {
            // Guarded: an exact zero factor gives zero, entry by entry (as a
            // select, not a branch).
            for i in lo..hi {
                let gc = zero_partial_mul(g[i], d.d2f);
                for j in i..hi {
                    out.hess[i][j] = zero_partial_mul(h[i][j], d.df) + zero_partial_mul(gc, g[j]);
                }
            }
        }
        if plain_weight(d.df) {
            for i in lo..hi {
                out.grad[i] = g[i] * d.df;
            }
        } else {
            for i in lo..hi {
                out.grad[i] = zero_partial_mul(g[i], d.df);
            }
        }
        out
    }

    /// φ(x, y). An operand whose derivatives are all zero reduces it to the
    /// unary rule on the other (every term it would contribute has an exact
    /// zero factor); a sum visits only its right operand's window.
    #[inline(always)]
    fn binary_of(x: &Self, y: &Self, d: Derivs2<T>) -> Self {
        // An empty window marks a constant in O(1) (`constant`, `from_re`,
        // every literal in generic code); scanning every component, as the
        // exact `is_constant` does, cost +40 % instructions on the
        // Rosenbrock Hessian at N = 4. A number whose derivatives are zero
        // inside a nonempty window (x − x) takes the general path, whose
        // every term with it has an exact zero factor: the same numbers.
        if y.lo >= y.hi {
            Self::unary_of(x, d.in_x())
        } else if x.lo >= x.hi {
            Self::unary_of(y, d.in_y())
        } else if d.dxx.is_zero()
            && d.dxy.is_zero()
            && d.dyy.is_zero()
            && is_one(d.dx)
            && plain_weight(d.dy)
        {
            Self::sum_of(x, y, d)
        } else {
            Self::general_of(x, y, d)
        }
    }

    /// x + y·φy (φx exactly one, no second derivatives: `+`, `−`): x's
    /// window copied, y's added, so each entry outside y's window keeps x's
    /// value exactly (x·1 + 0·φy). A sum accumulated over many narrow terms
    /// stays cheap.
    #[inline(always)]
    fn sum_of(x: &Self, y: &Self, d: Derivs2<T>) -> Self {
        let (lo, hi) = x.window();
        let (ylo, yhi) = y.window();
        // A copy of x (zero outside its window): one pass over the number,
        // where zeroing a fresh one and copying x's rows into it was two.
        let mut out = *x;
        out.re = d.f;
        (out.lo, out.hi) = (lo.min(ylo), hi.max(yhi));
        for i in ylo..yhi {
            for j in i..yhi {
                out.hess[i][j] = out.hess[i][j] + y.hess[i][j] * d.dy;
            }
        }
        if plain_weight(d.dy) {
            for i in ylo..yhi {
                out.grad[i] = out.grad[i] + y.grad[i] * d.dy;
            }
        } else {
            for i in ylo..yhi {
                out.grad[i] =
                    zero_partial_mul(out.grad[i], d.dx) + zero_partial_mul(y.grad[i], d.dy);
            }
        }
        out
    }

    /// φ(x, y) over the union of the windows: g ← a φx + b φy,
    /// H ← A φx + B φy + a aᵀ φxx + (a bᵀ + b aᵀ) φxy + b bᵀ φyy.
    #[inline(always)]
    fn general_of(x: &Self, y: &Self, d: Derivs2<T>) -> Self {
        let (lo, hi) = {
            let (a, b) = (x.window(), y.window());
            (a.0.min(b.0), a.1.max(b.1))
        };
        let mut out = HyperDual::constant(d.f);
        (out.lo, out.hi) = (lo, hi);
        let (a, b) = (&x.grad, &y.grad);
        let (ha, hb) = (&x.hess, &y.hess);
        let linear = d.dxx.is_zero() && d.dxy.is_zero() && d.dyy.is_zero();
        let first = plain_weight(d.dx) && plain_weight(d.dy);
        if first && linear {
            // A φx + B φy.
            for i in lo..hi {
                for j in i..hi {
                    out.hess[i][j] = ha[i][j] * d.dx + hb[i][j] * d.dy;
                }
            }
        } else if first
            && d.dxx.is_zero()
            && plain_weight(d.dxy)
            && d.dyy.is_zero()
            && all_finite(a, lo, hi)
            && all_finite(b, lo, hi)
        {
            // ×: A φx + B φy + (a bᵀ + b aᵀ) φxy.
            for i in lo..hi {
                let (ac, bc) = (a[i] * d.dxy, b[i] * d.dxy);
                for j in i..hi {
                    out.hess[i][j] = ha[i][j] * d.dx + hb[i][j] * d.dy + ac * b[j] + bc * a[j];
                }
            }
        } else {
            // Everything else (÷, powf, atan2, …, and every zero or
            // non-finite factor): all five terms, an exact zero factor giving zero.
            for i in lo..hi {
                let (axx, axy) = (zero_partial_mul(a[i], d.dxx), zero_partial_mul(a[i], d.dxy));
                let (bxy, byy) = (zero_partial_mul(b[i], d.dxy), zero_partial_mul(b[i], d.dyy));
                for j in i..hi {
                    out.hess[i][j] = zero_partial_mul(ha[i][j], d.dx)
                        + zero_partial_mul(hb[i][j], d.dy)
                        + zero_partial_mul(axx, a[j])
                        + zero_partial_mul(axy, b[j])
                        + zero_partial_mul(bxy, a[j])
                        + zero_partial_mul(byy, b[j]);
                }
            }
        }
        if plain_weight(d.dx) && plain_weight(d.dy) {
            for i in lo..hi {
                out.grad[i] = a[i] * d.dx + b[i] * d.dy;
            }
        } else {
            for i in lo..hi {
                out.grad[i] = zero_partial_mul(a[i], d.dx) + zero_partial_mul(b[i], d.dy);
            }
        }
        out
    }

    /// Whether an operation is one call rather than inline: for numbers
    /// larger than a `HyperDual<f64, 4>` (N ≥ 5 for `f64`, and the larger
    /// nestings).
    ///
    /// Inline, the compiler keeps a small number in registers. Inlined, a
    /// large number's by-value moves (operand into the operation, result out
    /// of it) became copies of the whole number that the optimiser kept;
    /// across a call the operands are read where they lie and the result is
    /// written straight into its destination (`HyperDual<f64, 16>`
    /// Rosenbrock Hessian: 113k → 62k instructions). The size of the whole
    /// number decides, because that is what the copies cost; for a nested
    /// scalar it also keeps the code of each operation, whose every entry is
    /// a whole operation of `T`, out of every call site.
    const CALL: bool = core::mem::size_of::<Self>() > core::mem::size_of::<HyperDual<f64, 4>>();

    /// φ(x) with the rule evaluated at the value: inline, or inside the one
    /// call that builds the result (see [`CALL`](Self::CALL)).
    #[inline(always)]
    fn unary<F: FnOnce(T) -> Derivs<T>>(x: Self, rule: F) -> Self {
        if Self::CALL {
            Self::unary_call(x, rule)
        } else {
            Self::unary_inline(x, rule(x.re))
        }
    }

    /// [`unary_of`](Self::unary_of) on an operand received by value. The
    /// rule's result arrives as an argument: evaluating it from `x.re` in
    /// the same body that takes `&x` made the compiler copy the number
    /// (Rosenbrock Hessian at N = 4: +13 % instructions).
    #[inline(always)]
    fn unary_inline(x: Self, d: Derivs<T>) -> Self {
        Self::unary_of(&x, d)
    }

    /// φ(x, y), as [`unary`](Self::unary).
    #[inline(always)]
    fn binary<F: FnOnce(T, T) -> Derivs2<T>>(x: Self, y: Self, rule: F) -> Self {
        if Self::CALL {
            Self::binary_call(x, y, rule)
        } else {
            Self::binary_inline(x, y, rule(x.re, y.re))
        }
    }

    /// [`binary_of`](Self::binary_of) on operands received by value (see
    /// [`unary_inline`](Self::unary_inline)).
    #[inline(always)]
    fn binary_inline(x: Self, y: Self, d: Derivs2<T>) -> Self {
        Self::binary_of(&x, &y, d)
    }

    /// [`unary_of`](Self::unary_of) as a call, the rule evaluated inside it
    /// (reading the values before the call split the operand copies).
    ///
    /// `#[inline]` gives each codegen unit its own copy, so that at the call
    /// the optimiser sees that the operand is only read and passes it without
    /// a copy (across codegen units it cannot, and copies it); `#[cold]` is
    /// what keeps the optimiser from inlining the call back, not a statement
    /// about how often it runs.
    #[cold]
    #[inline]
    fn unary_call<F: FnOnce(T) -> Derivs<T>>(x: Self, rule: F) -> Self {
        let d = rule(x.re);
        Self::unary_of(&x, d)
    }

    /// [`binary_of`](Self::binary_of) as a call (see [`unary_call`](Self::unary_call)).
    #[cold]
    #[inline]
    fn binary_call<F: FnOnce(T, T) -> Derivs2<T>>(x: Self, y: Self, rule: F) -> Self {
        let d = rule(x.re, y.re);
        Self::binary_of(&x, &y, d)
    }
}

impl<T: Float, const N: usize> Number for HyperDual<T, N> {
    value_field!(T, re, HyperDual::constant);

    /// value ← f, g ← g f′, H ← H f′ + g gᵀ f″ (upper triangle).
    #[inline(always)]
    fn chain(self, d: Derivs<T>) -> Self {
        Self::unary(self, |_| d)
    }

    /// value ← f, g ← a φx + b φy,
    /// H ← A φx + B φy + a aᵀ φxx + (a bᵀ + b aᵀ) φxy + b bᵀ φyy (upper triangle).
    ///
    /// An operand whose derivatives are all zero reduces this to [`chain`](Number::chain)
    /// on the other (every term it would contribute has an exact zero factor).
    #[inline(always)]
    fn chain2(self, other: Self, d: Derivs2<T>) -> Self {
        Self::binary(self, other, |_, _| d)
    }

    #[inline(always)]
    fn apply<F: FnOnce(T) -> Derivs<T>>(self, rule: F) -> Self {
        Self::unary(self, rule)
    }

    #[inline(always)]
    fn apply2<F: FnOnce(T, T) -> Derivs2<T>>(self, other: Self, rule: F) -> Self {
        Self::binary(self, other, rule)
    }

    #[inline(always)]
    fn is_constant(&self) -> bool {
        // Indexed, not iterated: see the arithmetic's notes on addresses.
        let (lo, hi) = self.window();
        (lo..hi).all(|i| self.grad[i].is_zero() && (i..hi).all(|j| self.hess[i][j].is_zero()))
    }
}

impl_surface!([T: Float, const N: usize] HyperDual<T, N>, T);
/// The plain folds (each operation is already O(N)).
impl<T: Float, const N: usize> crate::Reduce for HyperDual<T, N> {}
impl_nested_base!([T: Float, const M: usize, const N: usize] HyperDual<Dual<T, M>, N>, Dual<T, M>);
impl_nested_base!([T: Float, const M: usize, const N: usize] HyperDual<HyperDual<T, M>, N>, HyperDual<T, M>);
impl_nested_base!([T: Float, const M: usize, const N: usize] Dual<HyperDual<T, M>, N>, HyperDual<T, M>);

/// `3 + [1, 0]ε + [[0, 0], [0, 0]]ε²`: value, gradient and the full
/// (mirrored) Hessian; precision and other flags apply to every component.
impl<T: Float + fmt::Display, const N: usize> fmt::Display for HyperDual<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = self.hessian();
        let rows: [&[T]; N] = core::array::from_fn(|i| &h[i][..]);
        let terms = [Term::List(&self.grad, "ε"), Term::Matrix(&rows, "ε²")];
        write_terms(f, &self.re, &terms)
    }
}

/// Shows the value, gradient and the full (mirrored) Hessian.
impl<T: Float + fmt::Debug, const N: usize> fmt::Debug for HyperDual<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperDual")
            .field("re", &self.re)
            .field("gradient", &self.grad)
            .field("hessian", &self.hessian())
            .finish()
    }
}
