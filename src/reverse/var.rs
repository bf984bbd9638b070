//! [`Var<'tape, T>`]: a value and its position on a [`Tape`].
//!
//! This file provides the [`Number`] implementation (one tape node per rule
//! of the [table](crate::rules), weight = f′), from which `impl_number!`
//! generates the whole numeric surface: `Var ∘ Var`, `Var ∘ T`, `f64 ∘ Var`
//! and `Var ∘ f64`, `Sum`, `Product`, comparisons of values, and every
//! num-traits trait; plus the base-float operators of the nestings
//! `Var<'t, Dual<T, N>>` and `Dual<Var<'t, T>, N>`.

use super::tape::{Adjoints, Node, Tape, mixed_tapes};
use crate::Dual;
use crate::number::{Number, impl_nested_base, impl_number};
use crate::rules::{Derivs, Derivs2};
use core::fmt;
use num_traits::{Float, Zero};

/// A reverse-mode variable: a value and the position of its node on a
/// [`Tape`], or a constant that is on no tape at all.
///
/// `Var` is a small `Copy` handle (24 bytes for `f64`) that borrows its tape,
/// so it cannot outlive the tape nor survive [`Tape::clear`]. Every operation
/// on variables records one node; constants (`Var::constant`, `Var::zero()`,
/// `Float::nan()`, `NumCast::from`, the `2.0` in `2.0 * x`) record nothing,
/// and neither does an operation whose result does not depend on any variable
/// (a constant-only computation, or `floor(x)`, whose derivative is zero).
///
/// ```
/// use gradus::Tape;
/// use num_traits::Float;
///
/// let tape: Tape = Tape::new(); // `Tape` alone is `Tape<f64>`
/// let x = tape.var(0.5);
/// let y = 2.0 * x.sin() + x * x; // 2 cos x + 2x
/// let g = y.backward();
/// assert_eq!(g.wrt(x), 2.0 * 0.5f64.cos() + 1.0);
/// ```
///
/// Variables from two tapes never combine silently: doing so panics with a
/// message that says what to fix (see [`reverse`](crate::reverse) for why this
/// is a run-time check).
#[derive(Clone, Copy)]
#[repr(C)] // same layout as the slots the gradient driver recycles
pub struct Var<'tape, T = f64> {
    value: T,
    index: u32,
    tape: Option<&'tape Tape<T>>,
}

impl<'t, T: Float> Var<'t, T> {
    /// A constant: on no tape, so it records nothing and has no derivatives.
    /// It combines with the variables of any tape.
    #[inline(always)]
    pub fn constant(x: T) -> Self {
        Var {
            value: x,
            index: 0,
            tape: None,
        }
    }

    #[inline(always)]
    pub(crate) fn on_tape(x: T, index: u32, tape: &'t Tape<T>) -> Self {
        Var {
            value: x,
            index,
            tape: Some(tape),
        }
    }

    /// The value.
    #[inline(always)]
    pub fn value(&self) -> T {
        self.value
    }

    /// The position of this variable's node on its tape (as numbered in
    /// [`Tape::to_dot`]), or `None` for a constant.
    #[inline]
    pub fn index(&self) -> Option<usize> {
        self.tape.map(|_| self.index as usize)
    }

    #[inline(always)]
    pub(crate) fn tape_ref(&self) -> Option<&'t Tape<T>> {
        self.tape
    }

    #[inline(always)]
    pub(crate) fn raw_index(&self) -> u32 {
        self.index
    }

    /// The derivatives of this variable with respect to every variable
    /// recorded before it, in one backward sweep over the tape.
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
        match self.tape {
            Some(tape) => tape.backward_from(self.index),
            None => Adjoints::of_constant(),
        }
    }

    /// Records a node with one parent.
    #[inline(always)]
    fn unary(tape: &'t Tape<T>, f: T, parent: u32, w: T) -> Self {
        let i = tape.push(Node {
            parents: [parent, parent],
            weights: [w, T::zero()],
        });
        Var::on_tape(f, i, tape)
    }
}

impl<'t, T: Float> Number for Var<'t, T> {
    type Inner = T;

    #[inline(always)]
    fn re(&self) -> T {
        self.value
    }

    #[inline(always)]
    fn from_re(re: T) -> Self {
        Var::constant(re)
    }

    /// Records one node with weight f′; a constant input, or f′ exactly 0,
    /// gives a constant (no node), as a zero partial stays zero in forward mode.
    #[inline(always)]
    fn chain(self, d: Derivs<T>) -> Self {
        match self.tape {
            Some(tape) if !d.df.is_zero() => Var::unary(tape, d.f, self.index, d.df),
            _ => Var::constant(d.f),
        }
    }

    /// Records one node with weights ∂f/∂x and ∂f/∂y (a one-parent node when
    /// one argument is a constant).
    #[inline(always)]
    fn chain2(self, other: Self, d: Derivs2<T>) -> Self {
        match (self.tape, other.tape) {
            (Some(a), Some(b)) => {
                if !core::ptr::eq(a, b) {
                    mixed_tapes();
                }
                if d.dx.is_zero() && d.dy.is_zero() {
                    return Var::constant(d.f);
                }
                let i = a.push(Node {
                    parents: [self.index, other.index],
                    weights: [d.dx, d.dy],
                });
                Var::on_tape(d.f, i, a)
            }
            (Some(a), None) if !d.dx.is_zero() => Var::unary(a, d.f, self.index, d.dx),
            (None, Some(b)) if !d.dy.is_zero() => Var::unary(b, d.f, other.index, d.dy),
            _ => Var::constant(d.f),
        }
    }

    #[inline(always)]
    fn with_re(self, re: T) -> Self {
        Var { value: re, ..self }
    }

    #[inline(always)]
    fn is_constant(&self) -> bool {
        self.tape.is_none()
    }
}

impl<T: Float> Zero for Var<'_, T> {
    /// The constant zero (on no tape).
    #[inline(always)]
    fn zero() -> Self {
        Var::constant(T::zero())
    }

    /// True only for a *constant* zero: a variable whose value happens to be
    /// 0 still carries derivatives (unlike `==`, which compares values). The
    /// zero-partial rule relies on this.
    #[inline(always)]
    fn is_zero(&self) -> bool {
        self.tape.is_none() && self.value.is_zero()
    }
}

impl<T: Float + crate::FromBase<F>, F> crate::FromBase<F> for Var<'_, T> {
    #[inline(always)]
    fn from_base(c: F) -> Self {
        Var::constant(T::from_base(c))
    }
}

impl_number!(['t, T: Float] Var<'t, T>, T);
impl_nested_base!(['t, T: Float, const N: usize] Var<'t, Dual<T, N>>, Dual<T, N>);
impl_nested_base!(['t, T: Float, const N: usize] Dual<Var<'t, T>, N>, Var<'t, T>);

/// The value, with the caller's formatting flags (`{:.3}`).
impl<T: fmt::Display> fmt::Display for Var<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::fmt::write_value(f, &self.value)
    }
}

/// `Var { value: 2.0, index: 3 }`, or `Var { value: 2.0, constant: true }`.
impl<T: fmt::Debug> fmt::Debug for Var<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Var");
        s.field("value", &self.value);
        match self.tape {
            Some(_) => s.field("index", &self.index),
            None => s.field("constant", &true),
        }
        .finish()
    }
}
