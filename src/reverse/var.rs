//! [`Var<'tape, T>`]: a value, and its derivative as a multiple of one node of a [`Tape`].
//!
//! This file provides the [`Number`] implementation, from which
//! `impl_number!` generates the whole numeric surface: `Var ∘ Var`,
//! `Var ∘ T`, `f64 ∘ Var` and `Var ∘ f64`, `Sum`, `Product`, comparisons of
//! values, and every num-traits trait; plus the base-float operators of the
//! nestings `Var<'t, Dual<T, N>>` and `Dual<Var<'t, T>, N>`. How a variable
//! folds unary operations is explained on [`Var`].

use super::tape::{Node, Tape, mixed_tapes};
use crate::Dual;
use crate::number::{Number, value_field};
use crate::rules::{Derivs, Derivs2};
use crate::surface::{impl_nested_base, impl_surface};
use core::fmt;
use num_traits::Float;

/// A reverse-mode variable: a value whose derivatives are recorded on a
/// [`Tape`], or a constant that is on no tape at all.
///
/// `Var` is a small `Copy` handle (32 bytes for `f64`: value, scale, node
/// position, tape) that borrows its tape, so it cannot outlive the tape nor
/// survive [`Tape::clear`]. A binary operation on two variables records one
/// node; unary operations and operations with constants record nothing (they
/// fold their derivative into the handle, see below), and neither do
/// constants (`Var::constant`, `Var::zero()`, `Float::nan()`,
/// `NumCast::from`, the `2.0` in `2.0 * x`).
///
/// ```
/// use gradus::Tape;
/// use num_traits::Float;
///
/// let tape: Tape = Tape::new(); // `Tape` alone is `Tape<f64>`
/// let x = tape.var(0.5);
/// let y = 2.0 * x.sin() + x * x; // 2 cos x + 2x
/// assert_eq!(tape.len(), 1); // only the input: nothing here needs a node
/// let g = y.backward();
/// assert_eq!(g.wrt(x), 2.0 * 0.5f64.cos() + 1.0);
/// ```
///
/// Variables from two tapes never combine silently: doing so panics with a
/// message that says what to fix (see [`reverse`](crate::reverse) for why this
/// is a run-time check).
///
/// # Unary folding
///
/// A variable is a value v together with a node p of the tape and a *scale*
/// s, meaning dv = s · dp: its derivative with respect to anything is s times
/// that of node p. An input is its own node with s = 1. A unary operation
/// u = f(v) then needs no node of its own: du = f′(v) · s · dp, so u is
/// (f(v), p, s · f′(v)). The same holds for an operation with a constant
/// (`x * 2.0`, `1.0 - x`, `c / x`) and for a binary operation whose two
/// arguments come from the same node (`x * x`, `sin x · cos x`). Only a binary
/// operation on two different nodes records a node, whose two weights are
/// the partial derivatives times the arguments' scales. Chains of unary
/// operations cost no tape at all, and the sweep visits fewer nodes.
///
/// The zero-partial rule holds at each step: a factor that is exactly zero
/// (a local derivative, or a scale that underflowed) makes the variable a
/// constant, or drops the edge, before any multiplication by an infinite one.
#[derive(Clone, Copy)]
pub struct Var<'tape, T = f64> {
    value: T,
    /// dv = scale · d(node `index`); never exactly zero for a variable.
    scale: T,
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
            scale: T::zero(),
            index: 0,
            tape: None,
        }
    }

    /// The variable of node `index` itself (an input, or a binary operation).
    #[inline(always)]
    pub(crate) fn on_tape(x: T, index: u32, tape: &'t Tape<T>) -> Self {
        Var {
            value: x,
            scale: T::one(),
            index,
            tape: Some(tape),
        }
    }

    /// The value.
    #[inline(always)]
    pub fn value(&self) -> T {
        self.value
    }

    /// The position on its tape of the node this variable's derivatives are
    /// recorded against (as numbered in [`Tape::to_dot`]): its own for an
    /// input or a binary operation, the argument's node for a unary operation.
    /// `None` for a constant.
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

    #[inline(always)]
    pub(crate) fn scale(&self) -> T {
        self.scale
    }

    /// `value` with derivatives `scale` times those of the node of `src`
    /// (a variable on a tape): a constant when the scale is exactly zero.
    #[inline(always)]
    pub(crate) fn folded(value: T, src: Self, scale: T) -> Self {
        if scale.is_zero() {
            Var::constant(value)
        } else {
            Var {
                value,
                scale,
                index: src.index,
                tape: src.tape,
            }
        }
    }
}

impl<T: Float> Tape<T> {
    /// A new input variable with value `x`: one leaf node on the tape.
    ///
    /// # Panics
    /// If the tape already holds 2³² − 1 nodes.
    #[inline]
    pub fn var(&self, x: T) -> Var<'_, T> {
        let i = self.push_inputs(1);
        Var::on_tape(x, i, self)
    }

    /// One input variable per value, in order (a convenience that allocates
    /// the returned `Vec`).
    pub fn vars(&self, xs: &[T]) -> Vec<Var<'_, T>> {
        let mut out = Vec::with_capacity(xs.len());
        self.vars_into(xs, &mut out);
        out
    }

    /// Appends one input variable per value to `out` (no allocation when `out`
    /// has the capacity and the tape has room).
    pub fn vars_into<'t>(&'t self, xs: &[T], out: &mut Vec<Var<'t, T>>) {
        let first = self.push_inputs(xs.len());
        out.extend(
            xs.iter()
                .enumerate()
                .map(|(k, &x)| Var::on_tape(x, first + k as u32, self)),
        );
    }
}

/// The weight of one edge under the zero-partial rule: a zero partial gives
/// zero, even when the scale is infinite.
#[inline(always)]
fn weight<T: Float>(partial: T, scale: T) -> T {
    crate::partials::zero_partial_mul(partial, scale)
}

impl<'t, T: Float> Number for Var<'t, T> {
    value_field!(T, value, Var::constant);

    /// Folds f′ into the scale (no node); f′ exactly 0, or a constant
    /// argument, gives a constant, as a zero partial stays zero in forward mode.
    #[inline(always)]
    fn chain(self, d: Derivs<T>) -> Self {
        match self.tape {
            Some(_) => Var::folded(d.f, self, weight(d.df, self.scale)),
            None => Var::constant(d.f),
        }
    }

    /// Records one node with weights ∂f/∂x · scale and ∂f/∂y · scale when
    /// both arguments are variables of different nodes; otherwise folds.
    #[inline(always)]
    fn chain2(self, other: Self, d: Derivs2<T>) -> Self {
        match (self.tape, other.tape) {
            (Some(a), Some(b)) => {
                if !core::ptr::eq(a, b) {
                    mixed_tapes();
                }
                let w0 = weight(d.dx, self.scale);
                let w1 = weight(d.dy, other.scale);
                if self.index == other.index {
                    return Var::folded(d.f, self, w0 + w1);
                }
                match (w0.is_zero(), w1.is_zero()) {
                    (false, false) => {
                        let i = a.push(Node {
                            parents: [self.index, other.index],
                            weights: [w0, w1],
                        });
                        Var::on_tape(d.f, i, a)
                    }
                    (false, true) => Var::folded(d.f, self, w0),
                    (true, false) => Var::folded(d.f, other, w1),
                    (true, true) => Var::constant(d.f),
                }
            }
            (Some(_), None) => Var::folded(d.f, self, weight(d.dx, self.scale)),
            (None, Some(_)) => Var::folded(d.f, other, weight(d.dy, other.scale)),
            (None, None) => Var::constant(d.f),
        }
    }

    #[inline(always)]
    fn is_constant(&self) -> bool {
        self.tape.is_none()
    }
}

impl_surface!(['t, T: Float] Var<'t, T>, T);
impl_nested_base!(['t, T: Float, const N: usize] Var<'t, Dual<T, N>>, Dual<T, N>);
impl_nested_base!(['t, T: Float, const N: usize] Dual<Var<'t, T>, N>, Var<'t, T>);

/// The value, with the caller's formatting flags (`{:.3}`).
impl<T: fmt::Display> fmt::Display for Var<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::surface::fmt::write_value(f, &self.value)
    }
}

/// `Var { value: 2.0, index: 3, scale: 1.0 }`, or `Var { value: 2.0, constant: true }`.
impl<T: fmt::Debug> fmt::Debug for Var<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Var");
        s.field("value", &self.value);
        match self.tape {
            Some(_) => s.field("index", &self.index).field("scale", &self.scale),
            None => s.field("constant", &true),
        }
        .finish()
    }
}
