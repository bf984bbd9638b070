//! The backward sweep: one loop from the output down to the inputs, and the
//! [`Adjoints`] it leaves behind.

use super::tape::{Edge, Node, Tape, WIDE, mixed_tapes};
use super::var::Var;
use num_traits::Float;

impl<T: Float> Tape<T> {
    /// The vector-Jacobian product wᵀJ of several outputs in one sweep: the
    /// returned adjoints hold Σᵢ wᵢ ∂yᵢ/∂x for every node x.
    ///
    /// Outputs that are constants (not on any tape) contribute nothing.
    /// Read the result with [`Adjoints::wrt`] for the inputs.
    ///
    /// # Panics
    /// If `ys` and `w` differ in length, or an output belongs to another tape.
    ///
    /// ```
    /// use gradus::Tape;
    /// let tape = Tape::new();
    /// let (a, b) = (tape.var(3.0), tape.var(4.0));
    /// let ys = [a * b, a + b];
    /// let g = tape.vjp(&ys, &[1.0, 10.0]);
    /// assert_eq!((g.wrt(a), g.wrt(b)), (4.0 + 10.0, 3.0 + 10.0));
    /// ```
    pub fn vjp<'t>(&'t self, ys: &[Var<'t, T>], w: &[T]) -> Adjoints<'t, T> {
        assert_eq!(
            ys.len(),
            w.len(),
            "Tape::vjp: {} outputs but {} weights: pass one weight per output",
            ys.len(),
            w.len()
        );
        let mut top = None;
        for y in ys {
            if let Some(i) = self.own_index(y) {
                top = Some(top.map_or(i, |t: usize| t.max(i)));
            }
        }
        let seeds = ys
            .iter()
            .zip(w)
            .filter_map(|(y, &wi)| self.own_index(y).map(|i| (i, seed(wi, y.scale()))));
        self.sweep(top, seeds)
    }

    /// Runs one backward sweep from node `output` seeded with `scale`.
    pub(crate) fn backward_from(&self, output: u32, scale: T) -> Adjoints<'_, T> {
        let i = output as usize;
        self.sweep(Some(i), core::iter::once((i, scale)))
    }

    /// The position of `v` on this tape; `None` for a constant.
    ///
    /// # Panics
    /// If `v` belongs to another tape.
    #[inline]
    pub(crate) fn own_index(&self, v: &Var<'_, T>) -> Option<usize> {
        match v.tape_ref() {
            None => None,
            Some(t) if core::ptr::eq(t, self) => Some(v.raw_index() as usize),
            Some(_) => mixed_tapes(),
        }
    }

    /// The backward sweep: adjoints of nodes `0..=top`, seeded at the given
    /// nodes, in one loop from the last node to the first (no recursion, cost
    /// linear in the tape however much the nodes share).
    ///
    /// The zero-partial rule: a contribution adjoint · weight in which either
    /// factor is exactly zero adds nothing, so an infinite or NaN local
    /// derivative never reaches an input whose path to the output carries a
    /// zero, exactly as in forward mode.
    fn sweep(
        &self,
        top: Option<usize>,
        seeds: impl Iterator<Item = (usize, T)>,
    ) -> Adjoints<'_, T> {
        if self.frozen.get().0 != super::tape::NONE {
            accumulator_open();
        }
        let mut adj = self.adjoints.borrow_mut();
        let len = top.map_or(0, |t| t + 1);
        adj.clear();
        adj.resize(len, T::zero());
        for (i, w) in seeds {
            adj[i] = adj[i] + w;
        }
        let start = self.inputs_first.get().min(len);
        self.sweep_nodes(&mut adj[..len], start);
        let generation = self.generation.get().wrapping_add(1);
        self.generation.set(generation);
        Adjoints {
            tape: Some(self),
            generation,
        }
    }

    /// The sweep that ends [`sum_gradient_on`](super::sum_gradient_on): the
    /// prefix's nodes `0..len`, seeded with the adjoints its terms left in
    /// the buffer.
    pub(crate) fn sweep_accumulated(&self, len: usize) -> Adjoints<'_, T> {
        {
            let mut adj = self.adjoints.borrow_mut();
            adj.resize(len, T::zero());
            let start = self.inputs_first.get().min(len);
            self.sweep_nodes(&mut adj[..len], start);
        }
        let generation = self.generation.get().wrapping_add(1);
        self.generation.set(generation);
        Adjoints {
            tape: Some(self),
            generation,
        }
    }

    /// Sweeps nodes `start..adj.len()` from the last to the first, adding
    /// each node's contributions to its parents' adjoints in `adj` (parents
    /// below `start` included: an accumulated term's sweep stops at its
    /// prefix and leaves the prefix's adjoints in place).
    pub(crate) fn sweep_nodes(&self, adj: &mut [T], start: usize) {
        let edges = self.edges.borrow();
        let mut sweep = Sweep {
            adj,
            carry: [T::zero(), T::zero()],
            edges: &edges,
        };
        let len = sweep.adj.len();
        let (slots, overflow) = self.stores();
        // nodes [0, split) are in the slots, [split, len) in the overflow;
        // plain loops: a closure visiting each node was not always inlined
        // (+25 % instructions measured on the reverse Rosenbrock gradient)
        let split = slots.len().min(len);
        for i in (start.max(split)..len).rev() {
            sweep.step(i, &overflow[i - split]);
        }
        for i in (start..split).rev() {
            sweep.step(i, &slots[i].get());
        }
        sweep.finish(start);
    }
}

impl<'t, T: Float> Var<'t, T> {
    /// The derivatives of this variable with respect to every input recorded
    /// before it, in one backward sweep over the tape.
    ///
    /// The sweep reuses an adjoint buffer owned by the tape: it allocates only
    /// when the tape has grown past every earlier sweep. Read the results with
    /// [`Adjoints::wrt`] before the next sweep of the same tape. A constant
    /// has zero derivatives.
    ///
    /// ```
    /// use gradus::Tape;
    /// let tape = Tape::new();
    /// let (a, b) = (tape.var(3.0), tape.var(4.0));
    /// let y = a * b + a;
    /// let g = y.backward();
    /// assert_eq!((g.wrt(a), g.wrt(b)), (5.0, 3.0));
    /// ```
    pub fn backward(&self) -> Adjoints<'t, T> {
        match self.tape_ref() {
            Some(tape) => tape.backward_from(self.raw_index(), self.scale()),
            None => Adjoints::of_constant(),
        }
    }
}

/// The seed w · scale of an output under the zero-partial rule.
fn seed<T: Float>(w: T, scale: T) -> T {
    crate::partials::zero_partial_mul(w, scale)
}

/// The state of one backward sweep.
///
/// `adj[i]` is complete when node `i` is reached, because every parent
/// precedes its children on the tape. Contributions to the two nodes just
/// below (`i − 1` and `i − 2`, the most common parents: the previous
/// operations) are carried in registers instead of a round trip through
/// memory, which shortens the chain of dependent additions that bounds the
/// sweep's speed (an accumulating loop's running total is such a chain). A
/// stored weight is never zero, so the zero-partial rule needs only the test
/// of the adjoint.
struct Sweep<'a, T> {
    adj: &'a mut [T],
    /// Pending contributions to nodes `i − 1` and `i − 2`.
    carry: [T; 2],
    /// The edges of the wide nodes.
    edges: &'a [Edge<T>],
}

impl<T: Float> Sweep<'_, T> {
    /// Visits node `i`.
    #[inline(always)]
    fn step(&mut self, i: usize, node: &Node<T>) {
        let n = self.adj.len();
        let a = self.adj[i] + self.carry[0];
        self.adj[i] = a;
        self.carry = [self.carry[1], T::zero()];
        if a.is_zero() {
            return;
        }
        let p0 = node.parents[0] as usize;
        if p0 >= n {
            // an input, or a wide node (off the common path)
            if node.parents[0] == WIDE {
                let at = node.parents[1] as usize;
                self.carry = wide(self.adj, self.carry, self.edges, i, a, at);
            }
            return;
        }
        let p1 = node.parents[1] as usize;
        // the zero-partial rule at every nesting depth (for `f64` the
        // nested cases are dead code: `a` and the weights are non-zero here)
        let (c0, c1) = (
            crate::partials::zero_partial_mul(a, node.weights[0]),
            crate::partials::zero_partial_mul(a, node.weights[1]),
        );
        self.add(i, p0, c0);
        self.add(i, p1, c1);
    }

    /// Adds contribution `c` from node `i` to its parent `p < i`.
    #[inline(always)]
    fn add(&mut self, i: usize, p: usize, c: T) {
        match i - p {
            1 => self.carry[0] = self.carry[0] + c,
            2 => self.carry[1] = self.carry[1] + c,
            _ => self.adj[p] = self.adj[p] + c,
        }
    }

    /// Adds the carried contributions to the nodes below the first visited.
    #[inline(always)]
    fn finish(self, start: usize) {
        let [c1, c2] = self.carry;
        if start >= 1 && !c1.is_zero() {
            self.adj[start - 1] = self.adj[start - 1] + c1;
        }
        if start >= 2 && !c2.is_zero() {
            self.adj[start - 2] = self.adj[start - 2] + c2;
        }
    }
}

/// The contributions of wide node `i` (adjoint `a`), whose edges start at
/// `at`, given and returning the sweep's carries.
///
/// Out of line and cold (one call for a whole reduction), and a free
/// function receiving the sweep's parts by value: a method taking the sweep
/// by reference would let its address escape, and the carries of the loop
/// over binary nodes would live in memory.
#[cold]
#[inline(never)]
fn wide<T: Float>(
    adj: &mut [T],
    carry: [T; 2],
    edges: &[Edge<T>],
    i: usize,
    a: T,
    at: usize,
) -> [T; 2] {
    let mut sweep = Sweep { adj, carry, edges };
    let count = edges[at].parent as usize;
    for e in &edges[at + 1..at + 1 + count] {
        let c = crate::partials::zero_partial_mul(a, e.weight);
        sweep.add(i, e.parent as usize, c);
    }
    sweep.carry
}

/// The adjoints after one backward sweep: [`wrt`](Adjoints::wrt) reads
/// ∂y/∂x for any variable x of the tape.
///
/// The numbers live in a buffer owned by the tape and reused by the next
/// sweep, which is how [`Var::backward`] avoids allocating. Reading an
/// `Adjoints` after another sweep of the same tape panics: copy out what you
/// need (with [`wrt_into`](Adjoints::wrt_into)) before the next
/// [`backward`](Var::backward).
#[derive(Clone, Copy)]
pub struct Adjoints<'tape, T = f64> {
    /// `None` for the sweep of a constant output: every adjoint is zero.
    tape: Option<&'tape Tape<T>>,
    generation: u64,
}

impl<T> core::fmt::Debug for Adjoints<'_, T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Adjoints")
            .field("constant_output", &self.tape.is_none())
            .finish_non_exhaustive()
    }
}

impl<'t, T: Float> Adjoints<'t, T> {
    /// The result of sweeping a constant output: nothing depends on anything.
    pub(crate) fn of_constant() -> Self {
        Adjoints {
            tape: None,
            generation: 0,
        }
    }

    /// The adjoint of input `x` in the buffer `adj` (zero past its end).
    #[inline]
    fn read(&self, adj: &[T], x: &Var<'t, T>) -> T {
        match self.tape {
            Some(tape) => match tape.own_index(x) {
                Some(i) => {
                    if !(tape.node(i).is_leaf() && x.scale() == T::one()) {
                        not_an_input();
                    }
                    if i < adj.len() { adj[i] } else { T::zero() }
                }
                None => T::zero(),
            },
            None => T::zero(),
        }
    }

    /// ∂y/∂x for an input `x` (a variable made by [`Tape::var`]). Zero when
    /// y does not depend on x (including a constant `x`, and an input
    /// created after y).
    ///
    /// # Panics
    /// If `x` belongs to another tape or is not an input (the tape records
    /// derivatives with respect to inputs only), or another sweep of this
    /// tape has run since this one.
    #[inline]
    pub fn wrt(&self, x: Var<'t, T>) -> T {
        match self.tape {
            Some(tape) => {
                let adj = self.buffer(tape);
                self.read(&adj, &x)
            }
            None => T::zero(),
        }
    }

    /// Writes ∂y/∂xᵢ into `out[i]` for every variable in `xs` (no allocation).
    ///
    /// # Panics
    /// If the lengths differ, or as for [`wrt`](Adjoints::wrt).
    pub fn wrt_into(&self, xs: &[Var<'t, T>], out: &mut [T]) {
        assert_eq!(
            xs.len(),
            out.len(),
            "Adjoints::wrt_into: {} variables but room for {} adjoints: the lengths must match",
            xs.len(),
            out.len()
        );
        match self.tape {
            Some(tape) => {
                let adj = self.buffer(tape);
                for (o, x) in out.iter_mut().zip(xs) {
                    *o = self.read(&adj, x);
                }
            }
            None => out.fill(T::zero()),
        }
    }

    /// Adds ∂y/∂xᵢ to `out[i]` for every variable in `xs` (no allocation):
    /// the gradient of a sum of outputs swept one at a time (on one tape or
    /// several) collects in the caller's buffer.
    ///
    /// ```
    /// use gradus::Tape;
    /// let mut tape = Tape::new();
    /// let mut grad = [0.0; 2];
    /// for data in [1.0, 2.0, 3.0] {
    ///     tape.clear();
    ///     let x = tape.vars(&[0.5, 2.0]);
    ///     let y = x[0] * x[1] * data; // one term of Σ data · x₀x₁
    ///     y.backward().add_into(&x, &mut grad);
    /// }
    /// assert_eq!(grad, [6.0 * 2.0, 6.0 * 0.5]);
    /// ```
    ///
    /// # Panics
    /// As for [`wrt_into`](Adjoints::wrt_into).
    pub fn add_into(&self, xs: &[Var<'t, T>], out: &mut [T]) {
        assert_eq!(
            xs.len(),
            out.len(),
            "Adjoints::add_into: {} variables but room for {} adjoints: the lengths must match",
            xs.len(),
            out.len()
        );
        if let Some(tape) = self.tape {
            let adj = self.buffer(tape);
            for (o, x) in out.iter_mut().zip(xs) {
                *o = *o + self.read(&adj, x);
            }
        }
    }

    /// ∂y/∂xᵢ for every variable in `xs`, in a new `Vec`.
    pub fn wrt_all(&self, xs: &[Var<'t, T>]) -> Vec<T> {
        let mut out = vec![T::zero(); xs.len()];
        self.wrt_into(xs, &mut out);
        out
    }

    /// Copies the adjoints of the first `out.len()` nodes of the tape (the
    /// inputs, when they were created first) into `out`.
    pub(crate) fn prefix_into(&self, out: &mut [T]) {
        match self.tape {
            Some(tape) => {
                let adj = self.buffer(tape);
                let k = adj.len().min(out.len());
                out[..k].copy_from_slice(&adj[..k]);
                out[k..].fill(T::zero());
            }
            None => out.fill(T::zero()),
        }
    }

    #[inline]
    fn buffer(&self, tape: &'t Tape<T>) -> core::cell::Ref<'t, Vec<T>> {
        if self.generation != tape.generation.get() {
            stale();
        }
        tape.adjoints.borrow()
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn not_an_input() -> ! {
    panic!(
        "Adjoints::wrt: this variable is not an input of the tape: derivatives are recorded with \
         respect to inputs (variables made by tape.var) only; to differentiate with respect to an \
         intermediate result, make it the input of a computation of its own"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
fn accumulator_open() -> ! {
    panic!(
        "a backward sweep of this tape was started inside reverse::sum_gradient_on: it would \
         overwrite the adjoints the driver collects; return the output from the term instead"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
fn stale() -> ! {
    panic!(
        "these Adjoints were overwritten by a later backward sweep of the same tape; read (or copy \
         with wrt_into) what you need before calling backward() again"
    )
}
