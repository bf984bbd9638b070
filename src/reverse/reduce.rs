//! Reductions on a tape as one operation: a sum, a dot product, a squared
//! norm, a weighted sum or a log-sum-exp of n variables records one *wide*
//! node with n edges (16 bytes each for `f64`), where the fold records n − 1
//! binary nodes of 24 bytes and the sweep visits each.

use super::tape::{Edge, Tape, mixed_tapes};
use super::var::Var;
use crate::partials::zero_partial_mul;
use crate::real::{Reduce, Shift, same_length, shift, weight};
use num_traits::Float;

impl<T: Float> Reduce for Var<'_, T> {
    fn sum_of(xs: &[Self]) -> Self {
        let value = xs.iter().fold(T::neg_zero(), |s, x| s + x.value());
        record(value, xs.iter().map(|x| (x, T::one())))
    }

    fn dot(a: &[Self], b: &[Self]) -> Self {
        same_length("dot", a.len(), b.len());
        let value = a
            .iter()
            .zip(b)
            .fold(T::neg_zero(), |s, (x, y)| s + x.value() * y.value());
        let terms = a
            .iter()
            .zip(b)
            .flat_map(|(x, y)| [(x, y.value()), (y, x.value())]);
        record(value, terms)
    }

    fn norm_squared(xs: &[Self]) -> Self {
        let value = xs
            .iter()
            .fold(T::neg_zero(), |s, x| s + x.value() * x.value());
        record(value, xs.iter().map(|x| (x, x.value() + x.value())))
    }

    fn weighted_sum(xs: &[Self], w: &[f64]) -> Self {
        same_length("weighted_sum", xs.len(), w.len());
        let w = |i: usize| weight::<T>(w[i]);
        let value = xs
            .iter()
            .enumerate()
            .fold(T::neg_zero(), |s, (i, x)| s + x.value() * w(i));
        record(value, xs.iter().enumerate().map(|(i, x)| (x, w(i))))
    }

    fn logsumexp(xs: &[Self]) -> Self {
        match shift(xs) {
            Shift::Empty => Var::constant(T::neg_infinity()),
            Shift::Element(k) => xs[k],
            Shift::By(m) => {
                let m = m.value();
                let s = xs
                    .iter()
                    .fold(T::neg_zero(), |s, x| s + (x.value() - m).exp());
                let value = m + s.ln();
                let r = s.recip();
                record(value, xs.iter().map(|x| (x, (x.value() - m).exp() * r)))
            }
        }
    }
}

/// The variable with value `value` and derivative Σ wᵢ · dxᵢ over `terms`
/// (xᵢ, wᵢ): a constant without variables, a folded variable with one, one
/// wide node otherwise. Edges follow the zero-partial rule: a zero weight or
/// a constant term records nothing.
fn record<'a, 't: 'a, T: Float>(
    value: T,
    terms: impl Iterator<Item = (&'a Var<'t, T>, T)> + Clone,
) -> Var<'t, T> {
    let live = terms.clone().filter_map(|(x, w)| {
        let tape = x.tape_ref()?;
        let e = zero_partial_mul(w, x.scale());
        (!e.is_zero()).then_some((tape, x, e))
    });
    let mut tape: Option<&'t Tape<T>> = None;
    let mut first: Option<(&Var<'t, T>, T)> = None;
    let mut many = false;
    for (t, x, e) in live.clone() {
        match tape {
            None => tape = Some(t),
            Some(t0) if !core::ptr::eq(t0, t) => mixed_tapes(),
            Some(_) => {}
        }
        if first.is_none() {
            first = Some((x, e));
        } else {
            many = true;
        }
    }
    match (tape, first, many) {
        (None, ..) | (_, None, _) => Var::constant(value),
        (Some(_), Some((x, e)), false) => Var::folded(value, *x, e),
        (Some(t), Some(_), true) => {
            let edges = live.map(|(_, x, e)| Edge {
                parent: x.raw_index(),
                weight: e,
            });
            Var::on_tape(value, t.push_wide(edges), t)
        }
    }
}
