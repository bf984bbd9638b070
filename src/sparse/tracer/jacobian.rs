//! [`JacobianTracer`]: the set of inputs each value depends on, and the
//! [`JacobianDetector`] that owns the sets and reads the pattern.

use super::dag::{EMPTY, SetDag, Walk};
use super::surface::{Traced, impl_tracer};
use crate::VectorFunction;
use crate::rules::Class;
use crate::sparse::SparsityPattern;
use core::cell::RefCell;
use core::fmt;
#[allow(unused_imports)] // the generated surface names these on `f64`
use num_traits::{Float, FloatConst, One, Zero};

/// A sparsity tracer for Jacobians: a number that carries the set of inputs
/// it depends on (and, in a local detection, its value) instead of
/// derivatives.
///
/// It has the whole numeric surface of the other gradus numbers (every
/// operator, [`Float`], …), so generic `T: Float` code and
/// [`VectorFunction`] impls run on it unchanged. A tracer is a small `Copy`
/// handle into the sets of its [`JacobianDetector`] (24 bytes), and it
/// borrows the detector, so it cannot outlive it.
///
/// What each function does to the set follows its [`Class`] in the lists of
/// [`rules`](crate::rules): a step function (`floor`, `round`, `signum`, …)
/// depends on nothing, everything else on the union of its arguments' sets.
/// In a **global** detection the values are unknown, so `max`, `min`,
/// `clamp` take the union of their arguments and `copysign` the set of its
/// first argument (valid whichever branch the program takes), and reading a
/// value (`<`, `==`, `is_nan`, `to_f64`, …) panics with what to do instead;
/// the constants of the program keep their values, so branches on them are
/// followed. In a **local** detection every tracer carries the value of the
/// plain program, and branches are taken as there.
///
/// ```
/// use gradus::sparse::JacobianDetector;
/// use num_traits::Float;
///
/// let detector = JacobianDetector::global(3);
/// let x = detector.inputs();
/// let y = [x[0] * x[1].sin(), x[2].floor() + x[1], x[0].max(x[2])];
/// assert_eq!(detector.dependencies(y[0]), [0, 1]);
/// assert_eq!(detector.dependencies(y[1]), [1]); // floor is a step function
/// assert_eq!(detector.dependencies(y[2]), [0, 2]); // either branch
/// ```
#[derive(Clone, Copy)]
pub struct JacobianTracer<'d, V = f64> {
    value: V,
    known: bool,
    set: u32,
    detector: Option<&'d JacobianDetector<V>>,
}

impl<'d, V: Float> JacobianTracer<'d, V> {
    /// The value, when it is known: always in a local detection, and for the
    /// program's constants in a global one.
    pub fn value(&self) -> Option<V> {
        self.known.then_some(self.value)
    }

    /// Whether the tracer depends on no input at all.
    pub fn is_independent(&self) -> bool {
        self.set == EMPTY
    }

    /// The detector both tracers belong to (`None` for two constants).
    #[inline]
    fn detector_of(a: Self, b: Self) -> Option<&'d JacobianDetector<V>> {
        match (a.detector, b.detector) {
            (Some(p), Some(q)) => {
                if !core::ptr::eq(p, q) {
                    super::mixed_detectors();
                }
                Some(p)
            }
            (p, q) => p.or(q),
        }
    }

    #[cold]
    #[inline(never)]
    #[track_caller]
    fn no_value() -> ! {
        super::no_value()
    }

    #[cold]
    #[inline(never)]
    #[track_caller]
    fn no_comparison() -> ! {
        super::no_comparison()
    }
}

impl<V: Float> Traced for JacobianTracer<'_, V> {
    type V = V;

    #[inline(always)]
    fn known(&self) -> Option<V> {
        self.known.then_some(self.value)
    }
    #[inline(always)]
    fn with_known(mut self, value: Option<V>) -> Self {
        self.known = value.is_some();
        self.value = value.unwrap_or_else(V::nan);
        self
    }
    #[inline(always)]
    fn constant(value: V) -> Self {
        JacobianTracer {
            value,
            known: true,
            set: EMPTY,
            detector: None,
        }
    }
    #[inline(always)]
    fn independent(&self) -> bool {
        self.set == EMPTY
    }
    #[inline(always)]
    fn sets_unary(mut self, class: Class) -> Self {
        if class == Class::Constant {
            self.set = EMPTY;
        }
        self
    }
    #[inline(always)]
    fn sets_binary(mut self, other: Self, class: Class, _quotient: bool) -> Self {
        let detector = Self::detector_of(self, other);
        self.set = match (class, detector) {
            (Class::Constant, _) | (_, None) => EMPTY,
            (_, Some(d)) => d.sets.borrow_mut().union(self.set, other.set),
        };
        self.detector = detector;
        self
    }
}

impl_tracer!(JacobianTracer);

/// The value (or `?` in a global detection) and the dependencies, read from
/// the detector: `2.5 {0, 3}`, `? {1}`.
impl<V: Float + fmt::Display> fmt::Display for JacobianTracer<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value() {
            Some(v) => fmt::Display::fmt(&v, f)?,
            None => f.write_str("?")?,
        }
        let deps = match self.detector {
            Some(d) => d.dependencies(*self),
            None => Vec::new(),
        };
        super::write_set(f, &deps)
    }
}

impl<V: Float + fmt::Debug> fmt::Debug for JacobianTracer<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JacobianTracer")
            .field("value", &self.value())
            .field("set", &self.set)
            .finish()
    }
}

/// A sparsity detection for Jacobians: it owns the sets of its
/// [`JacobianTracer`]s and reads the pattern of their outputs.
///
/// - [`global(n)`](Self::global): the values are unknown, and the pattern
///   holds for **every** input: each entry that can be nonzero anywhere is
///   in it. A program that branches on a value panics (at the comparison)
///   with a message saying to detect locally.
/// - [`local(x)`](Self::local): every tracer carries the value of the
///   plain program at `x` and follows its branches. The pattern holds **at
///   x** (and near it, as long as no branch flips); it may miss entries that
///   are nonzero elsewhere.
///
/// Either way the pattern is *structural*: it may hold an entry whose
/// derivative happens to be zero at a point (the derivative of `x * y` in x
/// where y = 0), never miss one that is not.
///
/// ```
/// use gradus::sparse::JacobianDetector;
/// use num_traits::Float;
///
/// fn f<T: Float>(x: &[T]) -> Vec<T> {
///     let y = if x[0] > T::zero() { x[1] } else { x[2] };
///     vec![y * x[0], x[1].exp()]
/// }
///
/// let local = JacobianDetector::local(&[1.0, 2.0, 3.0]);
/// let pattern = local.pattern(&f(&local.inputs()));
/// assert_eq!(pattern.row(0), &[0, 1]); // the branch taken at x0 = 1
/// assert_eq!(pattern.row(1), &[1]);
/// ```
///
/// The same function traced globally panics at `x[0] > 0`:
///
/// ```should_panic
/// # use gradus::sparse::JacobianDetector;
/// # use num_traits::Float;
/// # fn f<T: Float>(x: &[T]) -> Vec<T> {
/// #     let y = if x[0] > T::zero() { x[1] } else { x[2] };
/// #     vec![y * x[0], x[1].exp()]
/// # }
/// let global = JacobianDetector::global(3);
/// f(&global.inputs()); // panics: "… use local detection at a point …"
/// ```
pub struct JacobianDetector<V = f64> {
    n: usize,
    point: Option<Vec<V>>,
    sets: RefCell<SetDag>,
    walk: RefCell<Walk>,
}

impl<V> fmt::Debug for JacobianDetector<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JacobianDetector")
            .field("inputs", &self.n)
            .field("local", &self.point.is_some())
            .field("nodes", &self.sets.borrow().len())
            .finish()
    }
}

impl JacobianDetector {
    /// A global detection for a function of `n` inputs: valid for every input.
    pub fn global(n: usize) -> Self {
        Self::empty(n)
    }
}

impl<V: Float> JacobianDetector<V> {
    fn empty(n: usize) -> Self {
        JacobianDetector {
            n,
            point: None,
            sets: RefCell::new(SetDag::new(n, 8 * n)),
            walk: RefCell::new(Walk::default()),
        }
    }

    /// A local detection at the point `x`: the tracers carry the values of
    /// the plain program there, in the type of `x`, and follow its branches.
    pub fn local(x: &[V]) -> Self {
        let mut d = Self::empty(x.len());
        d.point = Some(x.to_vec());
        d
    }

    /// The number of inputs.
    pub fn ninputs(&self) -> usize {
        self.n
    }

    /// Whether the detection is local (carries values).
    pub fn is_local(&self) -> bool {
        self.point.is_some()
    }

    /// Tracer `i` of the `n` inputs: it depends on input `i`.
    ///
    /// # Panics
    /// If `i` is not below [`ninputs`](Self::ninputs).
    pub fn input(&self, i: usize) -> JacobianTracer<'_, V> {
        assert!(
            i < self.n,
            "JacobianDetector::input: input {i} requested of a detection of {} inputs",
            self.n
        );
        let (value, known) = match &self.point {
            Some(x) => (x[i], true),
            None => (V::nan(), false),
        };
        JacobianTracer {
            value,
            known,
            set: SetDag::input(i),
            detector: Some(self),
        }
    }

    /// The `n` input tracers, in order.
    pub fn inputs(&self) -> Vec<JacobianTracer<'_, V>> {
        (0..self.n).map(|i| self.input(i)).collect()
    }

    /// The sorted inputs `y` depends on.
    ///
    /// # Panics
    /// If `y` belongs to another detection.
    pub fn dependencies(&self, y: JacobianTracer<'_, V>) -> Vec<usize> {
        let mut out = Vec::new();
        self.collect(y, &mut out);
        out.sort_unstable();
        out
    }

    fn collect(&self, y: JacobianTracer<'_, V>, out: &mut Vec<usize>) {
        if let Some(d) = y.detector
            && !core::ptr::eq(d, self)
        {
            super::mixed_detectors();
        }
        self.sets
            .borrow()
            .collect(y.set, &mut self.walk.borrow_mut(), out);
    }

    /// The m × n pattern of the outputs `ys`: row i holds the inputs `ys[i]`
    /// depends on.
    ///
    /// # Panics
    /// If an output belongs to another detection.
    pub fn pattern(&self, ys: &[JacobianTracer<'_, V>]) -> SparsityPattern {
        let mut offsets = Vec::with_capacity(ys.len() + 1);
        let mut indices = Vec::new();
        offsets.push(0);
        for &y in ys {
            let start = indices.len();
            self.collect(y, &mut indices);
            indices[start..].sort_unstable();
            offsets.push(indices.len());
        }
        SparsityPattern::from_csr(ys.len(), self.n, offsets, indices)
    }

    /// Runs `f` on the input tracers, with `m` outputs, and returns the
    /// m × n pattern of its Jacobian.
    pub fn trace<F: VectorFunction>(&self, f: F, m: usize) -> SparsityPattern {
        let x = self.inputs();
        let mut y = vec![<JacobianTracer<'_, V> as Traced>::constant(V::zero()); m];
        f.eval(&x, &mut y);
        self.pattern(&y)
    }
}
