//! Check derivatives against finite differences: the tool for testing your own
//! derivatives, by gradus or by hand.
//!
//! A derivative that is wrong usually looks plausible. The reliable test is to
//! compare it, at many points, with an independent estimate: the central
//! difference (f(x + h) − f(x − h)) / 2h, made accurate by **Ridders'
//! extrapolation** (a sequence of shrinking steps h, h/1.4, h/1.4², …,
//! extrapolated to h → 0 by Richardson's method, with an error estimate).
//! This module does that for derivatives, gradients, Jacobians and Hessians of
//! plain `f64` functions, and reports the worst disagreement and where it is.
//!
//! | check | function | computed | entries |
//! |---|---|---|---|
//! | [`derivative`] | `Fn(f64) -> f64` | `f64` | f′(x) |
//! | [`gradient`] | `Fn(&[f64]) -> f64` | `&[f64]` | ∂f/∂x\[j\] |
//! | [`jacobian`] | `Fn(&[f64]) -> V`, `V: AsRef<[f64]>` | rows `&[R]` | ∂f\[i\]/∂x\[j\] |
//! | [`hessian`] | `Fn(&[f64]) -> f64` | rows `&[R]` | ∂²f/∂x\[i\]∂x\[j\] |
//!
//! Each returns `Ok(`[`Report`]`)` (the worst absolute and relative errors
//! and where they occurred) or `Err(`[`CheckError`]`)`, whose `Display` names
//! the failing entry, both numbers, the tolerance and the point. `CheckError`
//! is a [`std::error::Error`], so inside a `proptest!` body a check is one
//! line ending in `?` (proptest converts it into a test failure), and outside
//! proptest `.unwrap()` prints the whole diagnosis. [`Checker`] sets the
//! tolerances and the initial step; the free functions use its defaults.
//!
//! A hand-written gradient with a mistake in it is caught, and the message
//! says which component is wrong:
//!
//! ```
//! use gradus::check;
//! use num_traits::Float;
//!
//! // f(x, y) = x² sin y
//! fn f<T: Float>(x: &[T]) -> T {
//!     x[0] * x[0] * x[1].sin()
//! }
//! // A hand-written gradient with a slip: ∂f/∂y should be x² cos y.
//! fn wrong_grad(x: &[f64]) -> [f64; 2] {
//!     [2.0 * x[0] * x[1].sin(), x[0] * x[1].cos()]
//! }
//!
//! let x = [1.5, 0.7];
//! let err = check::gradient(f, &x, &wrong_grad(&x)).unwrap_err();
//! let message = err.to_string();
//! assert!(message.contains("∂f/∂x[1]"), "{message}");
//!
//! // gradus's own gradient of the same code passes.
//! let (_, g) = gradus::gradient(|v| f(&v), x);
//! let report = check::gradient(f, &x, &g).unwrap();
//! assert!(report.worst_rel.rel_error < 1e-8);
//! ```
//!
//! In a property test, check every random point with `?`:
//!
//! ```
//! use gradus::check;
//! use proptest::prelude::*;
//!
//! fn f<T: num_traits::Float>(x: &[T]) -> T {
//!     (x[0] * x[1]).exp() / (T::one() + x[1] * x[1])
//! }
//!
//! proptest! {
//!     #![proptest_config(ProptestConfig::with_cases(32))]
//!     // in a test file: #[test]
//!     fn gradient_is_right(a in -2.0..2.0f64, b in -2.0..2.0f64) {
//!         let (_, g) = gradus::gradient(|v| f(&v), [a, b]);
//!         check::gradient(f, &[a, b], &g)?;
//!     }
//! }
//! gradient_is_right();
//! ```
//!
//! ## Tolerance
//!
//! An entry passes when |computed − estimate| ≤ `abs_tol` + `rel_tol` · s,
//! where s is the largest of |computed|, |estimate| and the function's own
//! scale |f(x)| / max(1, |x\[j\]|) (for a Hessian entry, divided by
//! max(1, |x\[i\]|) · max(1, |x\[j\]|) instead): finite differences cannot
//! resolve a derivative much smaller than the function's rise over its run,
//! so that scale keeps a true zero (cos′ at 0) from failing on rounding
//! noise. Two non-finite numbers agree when both are NaN or both the same
//! infinity. The defaults (`rel_tol` 1e-6, `abs_tol` 1e-10, initial step 0.1
//! relative to max(1, |x\[j\]|)) suit smooth functions whose features are not
//! much smaller than the initial step.
//!
//! ## Choosing points
//!
//! Finite differences are only as good as the function is smooth over the
//! step: check at points at least a step away from kinks (`abs` at 0, `floor`
//! at integers, `max` at ties) and from the edge of the domain, or lower the
//! step with [`Checker::step`]. A step that leaves the domain (a NaN value) is
//! skipped automatically: the extrapolation starts at the first step whose
//! difference is finite.
//!
//! A Hessian is the Jacobian of the gradient: when you have an exact gradient
//! (from gradus), `jacobian(grad_fn, x, hessian)` checks a Hessian to more
//! digits than [`hessian`], which differences f twice.

use core::fmt;
use std::vec::Vec;

/// A finite-difference estimate with its estimated error.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// The extrapolated derivative.
    pub value: f64,
    /// Ridders' estimate of its absolute error (the disagreement between the
    /// last two extrapolations; +inf when only one step gave a finite value).
    pub error: f64,
}

/// Which derivative a check compares, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// f′(x) of a scalar function.
    Derivative,
    /// ∂f/∂x\[j\] of a scalar function of a vector.
    Gradient,
    /// ∂f\[i\]/∂x\[j\] of a vector function.
    Jacobian,
    /// ∂²f/∂x\[i\]∂x\[j\] of a scalar function of a vector.
    Hessian,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Derivative => "derivative",
            Kind::Gradient => "gradient",
            Kind::Jacobian => "Jacobian",
            Kind::Hessian => "Hessian",
        }
    }
}

/// One compared entry: where it is, both numbers, and how far apart they are.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Entry {
    /// The kind of derivative this entry belongs to.
    pub kind: Kind,
    /// Row: the output index of a Jacobian, `i` of a Hessian entry
    /// ∂²f/∂x\[i\]∂x\[j\], 0 for a gradient or derivative.
    pub row: usize,
    /// Column: the input index `j` (0 for a derivative).
    pub col: usize,
    /// The derivative being checked.
    pub computed: f64,
    /// The finite-difference estimate.
    pub estimate: f64,
    /// Ridders' error estimate of `estimate`.
    pub estimate_error: f64,
    /// |computed − estimate| (+inf when exactly one of them is not finite,
    /// or they are different infinities; 0 when both are NaN).
    pub abs_error: f64,
    /// `abs_error / max(|computed|, |estimate|)` (0 when both are 0).
    pub rel_error: f64,
    /// The tolerance this entry was held to.
    pub tolerance: f64,
}

impl Entry {
    /// `abs_error / tolerance`: above 1 fails.
    pub fn ratio(&self) -> f64 {
        if self.abs_error == 0.0 {
            0.0
        } else {
            self.abs_error / self.tolerance
        }
    }

    /// True when this entry is within its tolerance.
    pub fn passes(&self) -> bool {
        self.abs_error <= self.tolerance
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Kind::Derivative => f.write_str("f′(x)"),
            Kind::Gradient => write!(f, "∂f/∂x[{}]", self.col),
            Kind::Jacobian => write!(f, "∂f[{}]/∂x[{}]", self.row, self.col),
            Kind::Hessian if self.row == self.col => write!(f, "∂²f/∂x[{}]²", self.row),
            Kind::Hessian => write!(f, "∂²f/∂x[{}]∂x[{}]", self.row, self.col),
        }
    }
}

/// The outcome of a check: how many entries were compared and the worst ones.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The kind of derivative checked.
    pub kind: Kind,
    /// Number of entries compared.
    pub checked: usize,
    /// The entry with the largest |computed − estimate|.
    pub worst_abs: Entry,
    /// The entry with the largest relative error.
    pub worst_rel: Entry,
    /// The entry furthest outside (or least inside) its tolerance: the one
    /// that decides pass or fail.
    pub worst: Entry,
}

impl Report {
    /// True when every entry is within its tolerance.
    pub fn passes(&self) -> bool {
        self.worst.passes()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} check of {} entries: worst relative error {:.3e} at {}, worst absolute error {:.3e} at {}",
            self.kind.name(),
            self.checked,
            self.worst_rel.rel_error,
            self.worst_rel,
            self.worst_abs.abs_error,
            self.worst_abs,
        )
    }
}

/// Why a check failed.
#[derive(Clone, Debug, PartialEq)]
pub enum CheckError {
    /// Some entry differs from its finite-difference estimate by more than
    /// the tolerance. `report.worst` is the most offending entry.
    Mismatch {
        /// The full report.
        report: Box<Report>,
        /// The point at which the check was made.
        x: Vec<f64>,
    },
    /// The computed derivative does not have the shape the function implies.
    Shape {
        /// What was checked.
        kind: Kind,
        /// (rows, columns) implied by the function and the point.
        expected: (usize, usize),
        /// (rows, columns) given; for ragged rows, the first row whose length is wrong.
        found: (usize, usize),
    },
}

impl CheckError {
    /// The report, for a mismatch.
    pub fn report(&self) -> Option<&Report> {
        match self {
            CheckError::Mismatch { report, .. } => Some(report),
            CheckError::Shape { .. } => None,
        }
    }
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckError::Mismatch { report, x } => {
                let w = &report.worst;
                writeln!(
                    f,
                    "{} check failed: {} = {:e} (computed), but finite differences give {:e} (± {:.1e})",
                    report.kind.name(),
                    w,
                    w.computed,
                    w.estimate,
                    w.estimate_error,
                )?;
                writeln!(
                    f,
                    "  absolute error {:.3e}, relative error {:.3e}, tolerance {:.3e}",
                    w.abs_error, w.rel_error, w.tolerance
                )?;
                writeln!(f, "  at x = {x:?}")?;
                write!(f, "  {report}")
            }
            CheckError::Shape {
                kind,
                expected,
                found,
            } => write!(
                f,
                "{} check: the computed derivative has shape {}×{}, but the function and point imply {}×{}",
                kind.name(),
                found.0,
                found.1,
                expected.0,
                expected.1
            ),
        }
    }
}

impl std::error::Error for CheckError {}

/// Step shrink factor between extrapolation levels.
const SHRINK: f64 = 1.4;
/// Extrapolation levels (table size).
const LEVELS: usize = 12;
/// How many initial steps may be skipped because they leave the domain.
const SKIPS: usize = 40;

/// Ridders' extrapolation to t → 0 of an estimate `a(t)` whose error is a
/// series in t²: a(t) = a + c₁t² + c₂t⁴ + ….
fn extrapolate(mut a: impl FnMut(f64) -> f64, t0: f64) -> Estimate {
    let mut t = t0;
    let mut first = a(t);
    let mut skipped = 0;
    while !first.is_finite() && skipped < SKIPS {
        t /= SHRINK;
        first = a(t);
        skipped += 1;
    }
    if !first.is_finite() {
        return Estimate {
            value: first,
            error: f64::INFINITY,
        };
    }
    let mut tab = [[0.0f64; LEVELS]; LEVELS];
    tab[0][0] = first;
    let (mut best, mut err) = (first, f64::INFINITY);
    for i in 1..LEVELS {
        t /= SHRINK;
        let ai = a(t);
        if !ai.is_finite() {
            break;
        }
        tab[0][i] = ai;
        let mut fac = SHRINK * SHRINK;
        for j in 1..=i {
            tab[j][i] = (tab[j - 1][i] * fac - tab[j - 1][i - 1]) / (fac - 1.0);
            fac *= SHRINK * SHRINK;
            let e = (tab[j][i] - tab[j - 1][i])
                .abs()
                .max((tab[j][i] - tab[j - 1][i - 1]).abs());
            if e <= err {
                err = e;
                best = tab[j][i];
            }
        }
    }
    Estimate {
        value: best,
        error: err,
    }
}

/// The step scale of coordinate `xj`: steps are relative to max(1, |xj|).
fn scale_of(xj: f64) -> f64 {
    if xj.is_finite() {
        xj.abs().max(1.0)
    } else {
        1.0
    }
}

/// f′(x) by Ridders' extrapolation of central differences, starting at step
/// `h` (absolute) and shrinking by 1.4 per level.
///
/// ```
/// let d = gradus::check::fd_derivative(f64::exp, 1.0, 0.1);
/// assert!((d.value - 1f64.exp()).abs() < 1e-12);
/// assert!(d.error < 1e-10);
/// ```
pub fn fd_derivative(f: impl Fn(f64) -> f64, x: f64, h: f64) -> Estimate {
    extrapolate(|t| (f(x + t) - f(x - t)) / (t + t), h)
}

/// The gradient of `f` at `x` by finite differences: entry j is
/// [`fd_derivative`] along coordinate j with initial step
/// `step · max(1, |x[j]|)`.
pub fn fd_gradient(f: impl Fn(&[f64]) -> f64, x: &[f64], step: f64) -> Vec<Estimate> {
    let mut xs = x.to_vec();
    (0..x.len())
        .map(|j| {
            let h = step * scale_of(x[j]);
            extrapolate(
                |t| {
                    xs[j] = x[j] + t;
                    let fp = f(&xs);
                    xs[j] = x[j] - t;
                    let fm = f(&xs);
                    xs[j] = x[j];
                    (fp - fm) / (t + t)
                },
                h,
            )
        })
        .collect()
}

/// The Jacobian of `f` at `x` by finite differences: `result[i][j]` estimates
/// ∂f\[i\]/∂x\[j\] (initial step `step · max(1, |x[j]|)`).
///
/// The function is evaluated twice per step for each input; each output's
/// extrapolation runs on its own, so one output leaving its domain does not
/// spoil the others.
pub fn fd_jacobian<V: AsRef<[f64]>>(
    f: impl Fn(&[f64]) -> V,
    x: &[f64],
    step: f64,
) -> Vec<Vec<Estimate>> {
    let m = f(x).as_ref().len();
    let mut out = vec![Vec::with_capacity(x.len()); m];
    let mut xs = x.to_vec();
    for j in 0..x.len() {
        let h = step * scale_of(x[j]);
        for (i, row) in out.iter_mut().enumerate() {
            row.push(extrapolate(
                |t| {
                    xs[j] = x[j] + t;
                    let fp = f(&xs).as_ref()[i];
                    xs[j] = x[j] - t;
                    let fm = f(&xs).as_ref()[i];
                    xs[j] = x[j];
                    (fp - fm) / (t + t)
                },
                h,
            ));
        }
    }
    out
}

/// The Hessian of `f` at `x` by finite differences of f itself: second
/// central differences (f(x + hᵢ) − 2f(x) + f(x − hᵢ)) / hᵢ² on the diagonal
/// and the four-point formula off it, each extrapolated by Ridders' method.
/// Symmetric by construction.
pub fn fd_hessian(f: impl Fn(&[f64]) -> f64, x: &[f64], step: f64) -> Vec<Vec<Estimate>> {
    let n = x.len();
    let f0 = f(x);
    let nan = Estimate {
        value: f64::NAN,
        error: f64::INFINITY,
    };
    let mut out = vec![vec![nan; n]; n];
    let mut xs = x.to_vec();
    for i in 0..n {
        for j in i..n {
            let (si, sj) = (scale_of(x[i]), scale_of(x[j]));
            let e = if i == j {
                extrapolate(
                    |t| {
                        let h = t * si;
                        xs[i] = x[i] + h;
                        let fp = f(&xs);
                        xs[i] = x[i] - h;
                        let fm = f(&xs);
                        xs[i] = x[i];
                        ((fp - f0) + (fm - f0)) / (h * h)
                    },
                    step,
                )
            } else {
                extrapolate(
                    |t| {
                        let (hi, hj) = (t * si, t * sj);
                        let mut at = |di: f64, dj: f64| {
                            xs[i] = x[i] + di;
                            xs[j] = x[j] + dj;
                            let v = f(&xs);
                            xs[i] = x[i];
                            xs[j] = x[j];
                            v
                        };
                        let s = (at(hi, hj) - at(hi, -hj)) - (at(-hi, hj) - at(-hi, -hj));
                        s / (4.0 * hi * hj)
                    },
                    step,
                )
            };
            out[i][j] = e;
            out[j][i] = e;
        }
    }
    out
}

/// Tolerances and the initial step of a finite-difference check.
///
/// ```
/// use gradus::check::Checker;
/// let strict = Checker::new().rel_tol(1e-9).abs_tol(0.0);
/// let report = strict.derivative(f64::sin, 0.3, 0.3f64.cos()).unwrap();
/// assert_eq!(report.checked, 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Checker {
    step: f64,
    rel_tol: f64,
    abs_tol: f64,
}

impl Default for Checker {
    fn default() -> Self {
        Checker {
            step: 0.1,
            rel_tol: 1e-6,
            abs_tol: 1e-10,
        }
    }
}

/// Accumulates entries and keeps the worst ones.
struct Worst {
    kind: Kind,
    checked: usize,
    abs: Option<Entry>,
    rel: Option<Entry>,
    worst: Option<Entry>,
}

impl Worst {
    fn new(kind: Kind) -> Self {
        Worst {
            kind,
            checked: 0,
            abs: None,
            rel: None,
            worst: None,
        }
    }

    fn push(&mut self, e: Entry) {
        self.checked += 1;
        let better = |old: &Option<Entry>, key: fn(&Entry) -> f64| match old {
            None => true,
            Some(o) => key(&e) > key(o) || (key(o).is_nan() && !key(&e).is_nan()),
        };
        if better(&self.abs, |e| e.abs_error) {
            self.abs = Some(e);
        }
        if better(&self.rel, |e| e.rel_error) {
            self.rel = Some(e);
        }
        if better(&self.worst, Entry::ratio) {
            self.worst = Some(e);
        }
    }

    fn finish(self, x: &[f64]) -> Result<Report, CheckError> {
        let empty = Entry {
            kind: self.kind,
            row: 0,
            col: 0,
            computed: 0.0,
            estimate: 0.0,
            estimate_error: 0.0,
            abs_error: 0.0,
            rel_error: 0.0,
            tolerance: 0.0,
        };
        let report = Report {
            kind: self.kind,
            checked: self.checked,
            worst_abs: self.abs.unwrap_or(empty),
            worst_rel: self.rel.unwrap_or(empty),
            worst: self.worst.unwrap_or(empty),
        };
        if report.passes() {
            Ok(report)
        } else {
            Err(CheckError::Mismatch {
                report: Box::new(report),
                x: x.to_vec(),
            })
        }
    }
}

/// |a − b| with the non-finite rule: both NaN, or the same infinity, agree.
fn distance(a: f64, b: f64) -> f64 {
    if a.is_nan() && b.is_nan() {
        0.0
    } else if a.is_finite() && b.is_finite() {
        (a - b).abs()
    } else if a == b {
        0.0
    } else {
        f64::INFINITY
    }
}

impl Checker {
    /// The default checker: relative tolerance 1e-6, absolute 1e-10, initial
    /// step 0.1 (relative to max(1, |x\[j\]|)).
    pub fn new() -> Self {
        Self::default()
    }

    /// The initial step of the extrapolation, relative to max(1, |x\[j\]|).
    /// Lower it near kinks and domain edges; it need not be small otherwise
    /// (the extrapolation shrinks it as far as it helps).
    pub fn step(mut self, step: f64) -> Self {
        self.step = step;
        self
    }

    /// The relative tolerance (see the module docs for the scale it multiplies).
    pub fn rel_tol(mut self, rel_tol: f64) -> Self {
        self.rel_tol = rel_tol;
        self
    }

    /// The absolute tolerance added to the relative one.
    pub fn abs_tol(mut self, abs_tol: f64) -> Self {
        self.abs_tol = abs_tol;
        self
    }

    /// The initial step (relative).
    pub fn get_step(&self) -> f64 {
        self.step
    }

    #[allow(clippy::too_many_arguments)]
    fn entry(&self, kind: Kind, row: usize, col: usize, c: f64, e: Estimate, fscale: f64) -> Entry {
        let abs_error = distance(c, e.value);
        let m = c.abs().max(e.value.abs());
        let rel_error = if abs_error == 0.0 {
            0.0
        } else if m.is_finite() && m > 0.0 {
            abs_error / m
        } else {
            f64::INFINITY
        };
        let mut s = 0.0f64;
        for v in [c, e.value, fscale] {
            if v.is_finite() {
                s = s.max(v.abs());
            }
        }
        Entry {
            kind,
            row,
            col,
            computed: c,
            estimate: e.value,
            estimate_error: e.error,
            abs_error,
            rel_error,
            tolerance: self.abs_tol + self.rel_tol * s,
        }
    }

    /// Checks `computed` against f′(x).
    pub fn derivative(
        &self,
        f: impl Fn(f64) -> f64,
        x: f64,
        computed: f64,
    ) -> Result<Report, CheckError> {
        let e = fd_derivative(&f, x, self.step * scale_of(x));
        let mut w = Worst::new(Kind::Derivative);
        w.push(self.entry(Kind::Derivative, 0, 0, computed, e, f(x) / scale_of(x)));
        w.finish(&[x])
    }

    /// Checks `computed` against the gradient of `f` at `x`.
    pub fn gradient(
        &self,
        f: impl Fn(&[f64]) -> f64,
        x: &[f64],
        computed: &[f64],
    ) -> Result<Report, CheckError> {
        if computed.len() != x.len() {
            return Err(CheckError::Shape {
                kind: Kind::Gradient,
                expected: (1, x.len()),
                found: (1, computed.len()),
            });
        }
        let fx = f(x);
        let est = fd_gradient(&f, x, self.step);
        let mut w = Worst::new(Kind::Gradient);
        for (j, (&c, &e)) in computed.iter().zip(&est).enumerate() {
            w.push(self.entry(Kind::Gradient, 0, j, c, e, fx / scale_of(x[j])));
        }
        w.finish(x)
    }

    /// Checks `computed` (rows = outputs, columns = inputs) against the
    /// Jacobian of `f` at `x`.
    pub fn jacobian<V: AsRef<[f64]>, R: AsRef<[f64]>>(
        &self,
        f: impl Fn(&[f64]) -> V,
        x: &[f64],
        computed: &[R],
    ) -> Result<Report, CheckError> {
        let fx = f(x);
        let fx = fx.as_ref();
        shape(Kind::Jacobian, (fx.len(), x.len()), computed)?;
        let est = fd_jacobian(&f, x, self.step);
        let mut w = Worst::new(Kind::Jacobian);
        for (i, (row, erow)) in computed.iter().zip(&est).enumerate() {
            for (j, (&c, &e)) in row.as_ref().iter().zip(erow).enumerate() {
                w.push(self.entry(Kind::Jacobian, i, j, c, e, fx[i] / scale_of(x[j])));
            }
        }
        w.finish(x)
    }

    /// Checks `computed` against the Hessian of `f` at `x`, estimated from
    /// values of f alone (see [`fd_hessian`]). Both `computed[i][j]` and
    /// `computed[j][i]` are compared with the same estimate, so an asymmetric
    /// Hessian fails. With an exact gradient at hand, checking the Hessian as
    /// the [`jacobian`](Checker::jacobian) of the gradient is more accurate.
    pub fn hessian<R: AsRef<[f64]>>(
        &self,
        f: impl Fn(&[f64]) -> f64,
        x: &[f64],
        computed: &[R],
    ) -> Result<Report, CheckError> {
        shape(Kind::Hessian, (x.len(), x.len()), computed)?;
        let fx = f(x);
        let est = fd_hessian(&f, x, self.step);
        let mut w = Worst::new(Kind::Hessian);
        for (i, (row, erow)) in computed.iter().zip(&est).enumerate() {
            for (j, (&c, &e)) in row.as_ref().iter().zip(erow).enumerate() {
                let fscale = fx / (scale_of(x[i]) * scale_of(x[j]));
                w.push(self.entry(Kind::Hessian, i, j, c, e, fscale));
            }
        }
        w.finish(x)
    }
}

fn shape<R: AsRef<[f64]>>(
    kind: Kind,
    expected: (usize, usize),
    computed: &[R],
) -> Result<(), CheckError> {
    if computed.len() != expected.0 {
        let cols = computed.first().map_or(expected.1, |r| r.as_ref().len());
        return Err(CheckError::Shape {
            kind,
            expected,
            found: (computed.len(), cols),
        });
    }
    if let Some(r) = computed.iter().find(|r| r.as_ref().len() != expected.1) {
        return Err(CheckError::Shape {
            kind,
            expected,
            found: (computed.len(), r.as_ref().len()),
        });
    }
    Ok(())
}

/// Checks a derivative with the default [`Checker`].
///
/// ```
/// assert!(gradus::check::derivative(f64::ln, 2.0, 0.5).is_ok());
/// assert!(gradus::check::derivative(f64::ln, 2.0, 2.0).is_err());
/// ```
pub fn derivative(f: impl Fn(f64) -> f64, x: f64, computed: f64) -> Result<Report, CheckError> {
    Checker::default().derivative(f, x, computed)
}

/// Checks a gradient with the default [`Checker`].
pub fn gradient(
    f: impl Fn(&[f64]) -> f64,
    x: &[f64],
    computed: &[f64],
) -> Result<Report, CheckError> {
    Checker::default().gradient(f, x, computed)
}

/// Checks a Jacobian with the default [`Checker`].
///
/// ```
/// use num_traits::Float;
/// // polar → Cartesian
/// fn p<T: Float>(x: &[T]) -> [T; 2] {
///     [x[0] * x[1].cos(), x[0] * x[1].sin()]
/// }
/// let (_, j) = gradus::jacobian(|x| p(&x), [2.0, 0.5]);
/// gradus::check::jacobian(p, &[2.0, 0.5], &j).unwrap();
/// ```
pub fn jacobian<V: AsRef<[f64]>, R: AsRef<[f64]>>(
    f: impl Fn(&[f64]) -> V,
    x: &[f64],
    computed: &[R],
) -> Result<Report, CheckError> {
    Checker::default().jacobian(f, x, computed)
}

/// Checks a Hessian with the default [`Checker`] (from values of f; see
/// [`Checker::hessian`]).
///
/// ```
/// // f(x, y) = x³y: H = [[6xy, 3x²], [3x², 0]]
/// let f = |x: &[f64]| x[0].powi(3) * x[1];
/// let (x, y) = (1.5, -2.0);
/// let h = [[6.0 * x * y, 3.0 * x * x], [3.0 * x * x, 0.0]];
/// gradus::check::hessian(f, &[x, y], &h).unwrap();
/// ```
pub fn hessian<R: AsRef<[f64]>>(
    f: impl Fn(&[f64]) -> f64,
    x: &[f64],
    computed: &[R],
) -> Result<Report, CheckError> {
    Checker::default().hessian(f, x, computed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ridders_is_accurate_on_smooth_functions() {
        for &x in &[-3.0, -0.5, 0.0, 0.7, 2.0, 10.0] {
            let d = fd_derivative(f64::sin, x, 0.1);
            assert!((d.value - x.cos()).abs() < 1e-12, "{x}: {d:?}");
            let d = fd_derivative(f64::exp, x, 0.1 * x.abs().max(1.0));
            assert!((d.value - x.exp()).abs() <= 1e-11 * x.exp(), "{x}: {d:?}");
        }
    }

    #[test]
    fn steps_leaving_the_domain_are_skipped() {
        // ln at 0.01 with an initial step of 1: the first steps reach x < 0.
        let d = fd_derivative(f64::ln, 0.01, 1.0);
        assert!((d.value - 100.0).abs() < 1e-6, "{d:?}");
    }

    #[test]
    fn nowhere_finite_gives_nan_with_infinite_error() {
        let d = fd_derivative(|_| f64::NAN, 1.0, 0.1);
        assert!(d.value.is_nan() && d.error == f64::INFINITY);
    }

    #[test]
    fn hessian_estimates_are_accurate() {
        let f = |x: &[f64]| (x[0] * x[1]).sin() + x[0] * x[0] * x[2];
        let x = [0.3, -1.2, 2.0];
        let h = fd_hessian(f, &x, 0.1);
        let (a, b) = (x[0], x[1]);
        let s = (a * b).sin();
        let c = (a * b).cos();
        let exact = [
            [-b * b * s + 2.0 * x[2], c - a * b * s, 2.0 * a],
            [c - a * b * s, -a * a * s, 0.0],
            [2.0 * a, 0.0, 0.0],
        ];
        for i in 0..3 {
            for j in 0..3 {
                assert!(
                    (h[i][j].value - exact[i][j]).abs() < 1e-8,
                    "{i}{j}: {:?}",
                    h[i][j]
                );
            }
        }
        hessian(f, &x, &exact).unwrap();
    }

    #[test]
    fn a_wrong_entry_is_located() {
        let f = |x: &[f64]| [x[0] * x[1], x[0] + x[1].exp()];
        let x = [2.0, 0.5];
        let mut j = [[0.5, 2.0], [1.0, 0.5f64.exp()]];
        jacobian(f, &x, &j).unwrap();
        j[1][1] *= 1.001;
        let err = jacobian(f, &x, &j).unwrap_err();
        let r = err.report().unwrap();
        assert_eq!((r.worst.row, r.worst.col), (1, 1));
        assert_eq!((r.worst_rel.row, r.worst_rel.col), (1, 1));
        assert_eq!(r.checked, 4);
        let msg = err.to_string();
        assert!(
            msg.contains("∂f[1]/∂x[1]") && msg.contains("x = [2.0, 0.5]"),
            "{msg}"
        );
    }

    #[test]
    fn asymmetric_hessian_fails() {
        let f = |x: &[f64]| x[0] * x[1];
        hessian(f, &[1.0, 2.0], &[[0.0, 1.0], [1.0, 0.0]]).unwrap();
        let err = hessian(f, &[1.0, 2.0], &[[0.0, 1.0], [1.1, 0.0]]).unwrap_err();
        let w = err.report().unwrap().worst;
        assert_eq!((w.row, w.col), (1, 0));
        assert!(err.to_string().contains("∂²f/∂x[1]∂x[0]"));
    }

    #[test]
    fn shapes_are_checked() {
        let f = |x: &[f64]| x[0] + x[1];
        let e = gradient(f, &[1.0, 2.0], &[1.0]).unwrap_err();
        assert!(matches!(
            e,
            CheckError::Shape {
                expected: (1, 2),
                found: (1, 1),
                ..
            }
        ));
        let e = hessian(f, &[1.0, 2.0], &[vec![0.0, 0.0], vec![0.0]]).unwrap_err();
        assert!(matches!(e, CheckError::Shape { found: (2, 1), .. }));
        assert!(e.to_string().contains("2×1"));
    }

    #[test]
    fn tolerance_uses_the_function_scale() {
        // cos′(π/2 ± tiny) ≈ −1, but d/dx cos at π is −sin π ≈ −1.2e-16:
        // finite differences give rounding noise around 0, which must pass.
        derivative(
            f64::cos,
            core::f64::consts::PI,
            -core::f64::consts::PI.sin(),
        )
        .unwrap();
        derivative(f64::cos, core::f64::consts::PI, 0.0).unwrap();
        assert!(derivative(f64::cos, core::f64::consts::PI, 1e-4).is_err());
    }

    #[test]
    fn non_finite_agreement() {
        assert_eq!(distance(f64::NAN, f64::NAN), 0.0);
        assert_eq!(distance(f64::INFINITY, f64::INFINITY), 0.0);
        assert_eq!(distance(f64::INFINITY, f64::NEG_INFINITY), f64::INFINITY);
        assert_eq!(distance(1.0, f64::NAN), f64::INFINITY);
        // f = NaN everywhere: a NaN derivative agrees, a finite one does not.
        derivative(|_| f64::NAN, 1.0, f64::NAN).unwrap();
        assert!(derivative(|_| f64::NAN, 1.0, 0.0).is_err());
    }
}
