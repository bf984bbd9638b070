//! [`HessianTracer`]: the inputs each value depends on *and* the pairs of
//! inputs that interact in it, with the [`HessianDetector`] that owns them.

use super::dag::{EMPTY, PairDag, SetDag, Walk};
use super::surface::{Traced, impl_tracer};
use crate::Function;
use crate::rules::Class;
use crate::sparse::SparsityPattern;
use core::cell::RefCell;
use core::fmt;
#[allow(unused_imports)] // the generated surface names these on `f64`
use num_traits::{Float, FloatConst, One, Zero};

/// `a` equals `b`, in a constant context.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The class of `x * y` (two numbers) in the operator list.
macro_rules! mul_class {
    ([] $($name:ident ($rc:ident, $lc:ident) $Op:ident $op:ident $OpA:ident $opa:ident:
        [$c0:ident, $c1:ident, $c2:ident],)*) => {{
        let mut class = Class::Nonlinear;
        $( if same(stringify!($Op), "Mul") { class = Class::$c0; } )*
        class
    }};
}

/// The class of `recip` in the unary list.
macro_rules! recip_class {
    ([] $($name:ident: $class:ident, $simba:ident,)*) => {{
        let mut class = Class::Nonlinear;
        $( if same(stringify!($name), "recip") { class = Class::$class; } )*
        class
    }};
}

/// x / y is traced as x · (1/y), from the classes of `*` and `recip`: its
/// second derivative in x vanishes, which the single class of `/` cannot say.
const MUL: Class = crate::for_each_operator!(mul_class);
const RECIP: Class = crate::for_each_unary!(recip_class);

/// A sparsity tracer for Hessians: a number that carries the set of inputs
/// it depends on (its gradient's pattern) and the set of input pairs whose
/// second derivative may be nonzero (its Hessian's pattern).
///
/// Like [`JacobianTracer`](super::JacobianTracer) it has the whole numeric
/// surface, is a `Copy` handle (32 bytes) borrowing its [`HessianDetector`],
/// and is global (no values; comparisons panic) or local (values, branches
/// followed) as its detector is. The pair sets follow the [`Class`] of each
/// function in the lists of [`rules`](crate::rules), for f(u) and f(u, v)
/// with gradients g and pair sets H:
///
/// | class | gradient | pairs |
/// |---|---|---|
/// | constant (`floor`, …) | ∅ | ∅ |
/// | linear (`+`, `abs`, `x * c`, …) | g_u ∪ g_v | H_u ∪ H_v |
/// | bilinear (`x * y`) | g_u ∪ g_v | H_u ∪ H_v ∪ g_u × g_v |
/// | nonlinear (`sin`, `hypot`, …) | g = g_u ∪ g_v | H_u ∪ H_v ∪ g × g |
///
/// and `x / y` as x · (1/y), so its pairs are g_x × g_y and g_y × g_y.
///
/// ```
/// use gradus::sparse::HessianDetector;
/// use num_traits::Float;
///
/// let detector = HessianDetector::global(3);
/// let x = detector.inputs();
/// let y = x[0] * x[1] + x[2].sin() + x[0] / x[2];
/// let h = detector.pattern(y);
/// assert_eq!(h.row(0), &[1, 2]); // ∂²/∂x0² of x0·x1 and x0/x2 is 0
/// assert_eq!(h.row(1), &[0]);
/// assert_eq!(h.row(2), &[0, 2]);
/// ```
#[derive(Clone, Copy)]
pub struct HessianTracer<'d, V = f64> {
    value: V,
    known: bool,
    grad: u32,
    pairs: u32,
    detector: Option<&'d HessianDetector<V>>,
}

impl<'d, V: Float> HessianTracer<'d, V> {
    /// The value, when it is known: always in a local detection, and for the
    /// program's constants in a global one.
    pub fn value(&self) -> Option<V> {
        self.known.then_some(self.value)
    }

    /// Whether the tracer depends on no input at all.
    pub fn is_independent(&self) -> bool {
        self.grad == EMPTY
    }

    #[inline]
    fn detector_of(a: Self, b: Self) -> Option<&'d HessianDetector<V>> {
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

    /// The sets of a binary function, with the product rule of its class.
    #[inline(always)]
    fn combine(mut self, other: Self, class: Class) -> Self {
        let Some(d) = Self::detector_of(self, other) else {
            // Two constants.
            return self;
        };
        if class == Class::Constant {
            self.grad = EMPTY;
            self.pairs = EMPTY;
            return self;
        }
        let mut sets = d.sets.borrow_mut();
        let mut pairs = d.pairs.borrow_mut();
        let grad = sets.union(self.grad, other.grad);
        let mut h = pairs.union(self.pairs, other.pairs);
        match class {
            Class::Bilinear => {
                let p = pairs.product(self.grad, other.grad);
                h = pairs.union(h, p);
            }
            Class::Nonlinear => h = pairs.with_square(h, grad),
            Class::Constant | Class::Linear => {}
        }
        self.grad = grad;
        self.pairs = h;
        self.detector = Some(d);
        self
    }
}

impl<V: Float> Traced for HessianTracer<'_, V> {
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
        HessianTracer {
            value,
            known: true,
            grad: EMPTY,
            pairs: EMPTY,
            detector: None,
        }
    }
    #[inline(always)]
    fn independent(&self) -> bool {
        self.grad == EMPTY
    }
    #[inline(always)]
    fn sets_unary(mut self, class: Class) -> Self {
        match class {
            Class::Constant => {
                self.grad = EMPTY;
                self.pairs = EMPTY;
            }
            Class::Linear => {}
            Class::Bilinear | Class::Nonlinear => {
                if let Some(d) = self.detector {
                    self.pairs = d.pairs.borrow_mut().with_square(self.pairs, self.grad);
                }
            }
        }
        self
    }
    #[inline(always)]
    fn sets_binary(self, other: Self, class: Class, quotient: bool) -> Self {
        if quotient {
            self.combine(other.sets_unary(RECIP), MUL)
        } else {
            self.combine(other, class)
        }
    }
}

impl_tracer!(HessianTracer);

/// The value (or `?` in a global detection) and the gradient's
/// dependencies: `2.5 {0, 3}`, `? {1}`.
impl<V: Float + fmt::Display> fmt::Display for HessianTracer<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value() {
            Some(v) => fmt::Display::fmt(&v, f)?,
            None => f.write_str("?")?,
        }
        let deps = match self.detector {
            Some(d) => d.gradient_pattern(*self).row(0).to_vec(),
            None => Vec::new(),
        };
        super::write_set(f, &deps)
    }
}

impl<V: Float + fmt::Debug> fmt::Debug for HessianTracer<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HessianTracer")
            .field("value", &self.value())
            .field("grad", &self.grad)
            .field("pairs", &self.pairs)
            .finish()
    }
}

/// A sparsity detection for Hessians: it owns the sets of its
/// [`HessianTracer`]s and reads the patterns of a scalar output.
///
/// [`global`](Self::global) and [`local`](Self::local) mean what they mean
/// for a [`JacobianDetector`](super::JacobianDetector): valid for every
/// input (comparisons panic), or valid at the point (branches followed).
/// The Hessian pattern is symmetric and structural: it may hold a pair
/// whose second derivative happens to be zero at a point (x·y·z at y = 0),
/// never miss one that is not.
///
/// ```
/// use gradus::sparse::HessianDetector;
/// use num_traits::Float;
///
/// // Σ 100 (x[i+1] − x[i]²)² + (1 − x[i])²: tridiagonal.
/// fn rosenbrock<T: Float>(x: &[T]) -> T {
///     let c = T::from(100.0).unwrap();
///     x.windows(2)
///         .fold(T::zero(), |s, w| s + c * (w[1] - w[0] * w[0]).powi(2) + (T::one() - w[0]).powi(2))
/// }
///
/// let detector = HessianDetector::global(5);
/// let h = detector.pattern(rosenbrock(&detector.inputs()));
/// assert_eq!(h, gradus::sparse::SparsityPattern::from_fn(5, 5, |i, j| i.abs_diff(j) <= 1));
/// ```
pub struct HessianDetector<V = f64> {
    n: usize,
    point: Option<Vec<V>>,
    sets: RefCell<SetDag>,
    pairs: RefCell<PairDag>,
    walks: RefCell<(Walk, Walk)>,
}

impl<V> fmt::Debug for HessianDetector<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HessianDetector")
            .field("inputs", &self.n)
            .field("local", &self.point.is_some())
            .finish_non_exhaustive()
    }
}

impl HessianDetector {
    /// A global detection for a function of `n` inputs: valid for every input.
    pub fn global(n: usize) -> Self {
        Self::empty(n)
    }
}

impl<V: Float> HessianDetector<V> {
    fn empty(n: usize) -> Self {
        HessianDetector {
            n,
            point: None,
            sets: RefCell::new(SetDag::new(n, 8 * n)),
            pairs: RefCell::new(PairDag::with_capacity(8 * n)),
            walks: RefCell::new((Walk::default(), Walk::default())),
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

    /// Tracer `i` of the `n` inputs.
    ///
    /// # Panics
    /// If `i` is not below [`ninputs`](Self::ninputs).
    pub fn input(&self, i: usize) -> HessianTracer<'_, V> {
        assert!(
            i < self.n,
            "HessianDetector::input: input {i} requested of a detection of {} inputs",
            self.n
        );
        let (value, known) = match &self.point {
            Some(x) => (x[i], true),
            None => (V::nan(), false),
        };
        HessianTracer {
            value,
            known,
            grad: SetDag::input(i),
            pairs: EMPTY,
            detector: Some(self),
        }
    }

    /// The `n` input tracers, in order.
    pub fn inputs(&self) -> Vec<HessianTracer<'_, V>> {
        (0..self.n).map(|i| self.input(i)).collect()
    }

    fn check(&self, y: &HessianTracer<'_, V>) {
        if let Some(d) = y.detector
            && !core::ptr::eq(d, self)
        {
            super::mixed_detectors();
        }
    }

    /// The 1 × n pattern of the gradient of `y`.
    ///
    /// # Panics
    /// If `y` belongs to another detection.
    pub fn gradient_pattern(&self, y: HessianTracer<'_, V>) -> SparsityPattern {
        self.check(&y);
        let mut row = Vec::new();
        self.sets
            .borrow()
            .collect(y.grad, &mut self.walks.borrow_mut().0, &mut row);
        SparsityPattern::from_rows(self.n, [row])
    }

    /// The n × n symmetric pattern of the Hessian of `y`.
    ///
    /// # Panics
    /// If `y` belongs to another detection.
    pub fn pattern(&self, y: HessianTracer<'_, V>) -> SparsityPattern {
        self.check(&y);
        let mut entries = Vec::new();
        let (walk, set_walk) = &mut *self.walks.borrow_mut();
        self.pairs
            .borrow()
            .collect(y.pairs, &self.sets.borrow(), walk, set_walk, &mut entries);
        SparsityPattern::from_entries(self.n, self.n, entries)
    }

    /// Runs `f` on the input tracers and returns the pattern of its Hessian.
    pub fn trace<F: Function>(&self, f: F) -> SparsityPattern {
        let y = f.eval(&self.inputs());
        self.pattern(y)
    }
}
