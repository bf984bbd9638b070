//! The binomial checkpointing schedule ("revolve"): how to reverse n steps
//! with s snapshots in the fewest forward step evaluations.
//!
//! Griewank (1992) showed that with s snapshot slots, and no step evaluated
//! forward more than r times, at most
//!
//! ```text
//! β(s, r) = C(s + r, s) = (s + r)! / (s! r!)
//! ```
//!
//! steps can be reversed, and that the least number of forward steps needed
//! to reverse n steps is
//!
//! ```text
//! t(n, s) = r·n − β(s + 1, r − 1),   where β(s, r − 1) < n ≤ β(s, r)
//! ```
//!
//! (Griewank & Walther, "Algorithm 799: revolve", ACM TOMS 26, 2000;
//! *Evaluating Derivatives*, 2nd ed., ch. 12). Here a *forward step* is a
//! plain evaluation x_{k+1} = F(x_k) made only to move forward (an
//! [`Action::Advance`] of one step); each of the n backward steps also
//! evaluates its step once more, recorded, which t(n, s) does not count.
//! The snapshots include the one holding the start state x₀, and the state
//! being advanced is a working buffer besides them. s ≥ n − 1 stores every
//! state that is needed (t = n − 1, each step advanced once); s = 1 keeps
//! only x₀ and re-advances from it before every backward step
//! (t = n(n − 1)/2).
//!
//! [`Schedule`] produces the actions of an optimal schedule one at a time,
//! without allocating after its construction; [`forward_steps`] is t(n, s)
//! in closed form, and a schedule's advances add up to it exactly.
//!
//! ```
//! use gradus::reverse::checkpoint::revolve::{Action, Schedule, forward_steps};
//!
//! // 4 steps, 2 snapshots
//! let actions: Vec<Action> = Schedule::new(4, 2).collect();
//! assert_eq!(
//!     actions,
//!     [
//!         Action::Store { slot: 0, at: 0 },
//!         Action::Advance { from: 0, to: 1 },
//!         Action::Store { slot: 1, at: 1 },
//!         Action::Advance { from: 1, to: 3 },
//!         Action::FirstTurn { step: 3 },
//!         Action::Restore { slot: 1, at: 1 },
//!         Action::Advance { from: 1, to: 2 },
//!         Action::YouTurn { step: 2 },
//!         Action::Restore { slot: 1, at: 1 },
//!         Action::YouTurn { step: 1 },
//!         Action::Restore { slot: 0, at: 0 },
//!         Action::YouTurn { step: 0 },
//!     ]
//! );
//! // 1 + 2 + 1 advanced steps
//! assert_eq!(forward_steps(4, 2), 4);
//! ```

/// One action of a checkpointing schedule for n steps x_{k+1} = F(x_k),
/// k = 0 … n − 1. "The state" is the working state being advanced; it
/// starts as x₀.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Copy the state, x_`at`, into snapshot slot `slot`. Slots are used as
    /// a stack: `slot` is the number of snapshots held before this one.
    Store {
        /// The slot written (0-based).
        slot: usize,
        /// The position of the state stored.
        at: usize,
    },
    /// Copy snapshot slot `slot`, holding x_`at`, into the state. After
    /// this, the slots above `slot` are free.
    Restore {
        /// The slot read (0-based).
        slot: usize,
        /// The position of the state restored.
        at: usize,
    },
    /// Advance the state from x_`from` to x_`to` by `to − from` plain
    /// evaluations of the step (`to > from`).
    Advance {
        /// The position of the state before.
        from: usize,
        /// The position of the state after.
        to: usize,
    },
    /// The first backward step, always step n − 1: record the step from the
    /// state x_{n−1} to x_n, evaluate the loss at x_n and sweep back to the
    /// adjoint of x_{n−1}.
    FirstTurn {
        /// The step reversed (n − 1).
        step: usize,
    },
    /// A later backward step: record the step from the state x_`step` and
    /// sweep the adjoint of x_{`step`+1} back to that of x_`step`. Steps
    /// are reversed in order n − 2, n − 3, …, 0.
    YouTurn {
        /// The step reversed.
        step: usize,
    },
}

/// β(s, r) = C(s + r, s): the most steps that `snapshots` = s slots can
/// reverse when no step is advanced more than `repetitions` = r times.
///
/// # Panics
/// If the value exceeds `u128::MAX` (far beyond any schedule that can run).
///
/// ```
/// use gradus::reverse::checkpoint::revolve::max_steps;
/// assert_eq!(max_steps(10, 10), 184_756); // C(20, 10)
/// assert_eq!(max_steps(1, 7), 8); // one snapshot: r + 1 steps
/// assert_eq!(max_steps(5, 0), 1); // no advancing: one step, from x₀
/// ```
pub fn max_steps(snapshots: usize, repetitions: usize) -> u128 {
    // C(s + r, min(s, r)), multiplying in increasing order so that every
    // intermediate quotient is itself a binomial coefficient (exact)
    let (s, r) = (snapshots as u128, repetitions as u128);
    let k = s.min(r);
    let mut b: u128 = 1;
    for j in 1..=k {
        b = b
            .checked_mul(s + r - k + j)
            .unwrap_or_else(|| too_large("max_steps"))
            / j;
    }
    b
}

/// The repetition number r of n steps with s snapshots: the smallest r with
/// β(s, r) ≥ n, which is the most times an optimal schedule advances any
/// one step. 0 for n ≤ 1.
///
/// # Panics
/// If `snapshots` is 0 and `steps` > 1 (pass at least one snapshot).
///
/// ```
/// use gradus::reverse::checkpoint::revolve::repetitions;
/// assert_eq!(repetitions(100_000, 10), 10);
/// assert_eq!(repetitions(10, 1), 9);
/// assert_eq!(repetitions(10, 9), 1);
/// ```
pub fn repetitions(steps: usize, snapshots: usize) -> usize {
    if steps <= 1 {
        return 0;
    }
    check_snapshots(steps, snapshots, "repetitions");
    binomial_range(steps, snapshots).0
}

/// t(n, s): the number of forward step evaluations (advances) of an optimal
/// schedule reversing `steps` = n steps with `snapshots` = s slots,
/// r·n − β(s + 1, r − 1) with r = [`repetitions`]`(n, s)`. The n recorded
/// evaluations of the backward steps come on top.
///
/// # Panics
/// If `snapshots` is 0 and `steps` > 1 (pass at least one snapshot), or the
/// count exceeds `u64::MAX` (only with one snapshot and n beyond 6·10⁹).
///
/// ```
/// use gradus::reverse::checkpoint::revolve::forward_steps;
/// assert_eq!(forward_steps(100_000, 10), 832_040); // 8.32 per step
/// assert_eq!(forward_steps(10, 1), 45); // n(n − 1)/2
/// assert_eq!(forward_steps(10, 9), 9); // n − 1: every state stored
/// assert_eq!(forward_steps(1, 0), 0);
/// ```
pub fn forward_steps(steps: usize, snapshots: usize) -> u64 {
    if steps <= 1 {
        return 0;
    }
    check_snapshots(steps, snapshots, "forward_steps");
    let (r, beta) = binomial_range(steps, snapshots);
    let s = snapshots.min(steps) as u128;
    // β(s + 1, r − 1) = C(s + r, s + 1) = β(s, r) · r / (s + 1)
    let below = beta
        .checked_mul(r as u128)
        .unwrap_or_else(|| too_large("forward_steps"))
        / (s + 1);
    let t = (r as u128)
        .checked_mul(steps as u128)
        .unwrap_or_else(|| too_large("forward_steps"))
        - below;
    u64::try_from(t).unwrap_or_else(|_| too_large("forward_steps"))
}

/// The smallest r with β(s, r) ≥ m (m ≥ 1), and β(s, r). The snapshots are
/// capped at m, which changes neither (r = 1 for every s ≥ m − 1) and keeps
/// the products in range.
fn binomial_range(m: usize, s: usize) -> (usize, u128) {
    let (m, s) = (m as u128, s.min(m) as u128);
    let (mut r, mut beta) = (0u128, 1u128);
    while beta < m {
        r += 1;
        // β(s, r) = β(s, r − 1) · (s + r) / r, exactly
        beta = beta
            .checked_mul(s + r)
            .unwrap_or_else(|| too_large("revolve"))
            / r;
    }
    (r as usize, beta)
}

/// How far to advance from a stored state to reverse `m` ≥ 2 steps with
/// `c` ≥ 1 snapshots (the one holding the current state included).
///
/// With r the repetition number of (m, c), the optimal splits k leave the
/// m − k steps after the split reversible with c − 1 snapshots and r
/// repetitions, m − k ≤ β(c − 1, r), and the k steps before it with c
/// snapshots and one repetition fewer; the smallest such k, but at least
/// β(c, r − 2), attains t(m, c) = k + t(m − k, c − 1) + t(k, c) (checked
/// against the minimum over all k by dynamic programming in the tests).
fn split(m: usize, c: usize) -> usize {
    let c = c.min(m);
    let (mut r, mut beta, mut beta1, mut beta2) = (0u128, 1u128, 0u128, 0u128);
    while beta < m as u128 {
        r += 1;
        beta2 = beta1;
        beta1 = beta;
        beta = beta
            .checked_mul(c as u128 + r)
            .unwrap_or_else(|| too_large("revolve"))
            / r;
    }
    // β(c − 1, r) = β(c, r) · c / (c + r)
    let after = beta * c as u128 / (c as u128 + r);
    let k = (beta2 as usize)
        .max(m.saturating_sub(after.min(m as u128) as usize))
        .max(1);
    debug_assert!(k < m);
    k
}

/// The optimal binomial checkpointing schedule for `n` steps and `s`
/// snapshot slots, as an iterator of [`Action`]s.
///
/// Its [`Advance`](Action::Advance)s add up to exactly
/// [`forward_steps`]`(n, s)` steps, it never holds more than `min(s, n − 1)`
/// snapshots at once (n − 1 when s ≥ n − 1: every state but the last before
/// the first turn), and it reverses steps n − 1, …, 0 in order, each from a
/// state at its own position. The only allocation is the stack of snapshot
/// positions, made in [`new`](Schedule::new); [`reset`](Schedule::reset)
/// starts a new schedule in it.
///
/// n = 0 gives no action; n = 1 gives the single first turn (no snapshot is
/// needed: the state is x₀).
///
/// ```
/// use gradus::reverse::checkpoint::revolve::{Action, Schedule, forward_steps};
///
/// let (n, s) = (1000, 10);
/// let mut schedule = Schedule::new(n, s);
/// let mut advanced = 0;
/// let mut turns = 0;
/// for action in &mut schedule {
///     match action {
///         Action::Advance { from, to } => advanced += (to - from) as u64,
///         Action::FirstTurn { .. } | Action::YouTurn { .. } => turns += 1,
///         Action::Store { .. } | Action::Restore { .. } => {}
///     }
/// }
/// assert_eq!(advanced, forward_steps(n, s)); // 3 636: 3.6 per step
/// assert_eq!(turns, n);
/// assert_eq!(schedule.peak_snapshots(), s);
/// ```
#[derive(Clone, Debug)]
pub struct Schedule {
    steps: usize,
    snapshots: usize,
    /// Positions of the stored states, bottom (x₀) first.
    stack: Vec<usize>,
    /// The position of the working state.
    capo: usize,
    /// Steps `fine..steps` are reversed.
    fine: usize,
    /// A turn just happened: the next action restores.
    restore: bool,
    peak: usize,
}

impl Schedule {
    /// The schedule for `steps` = n steps with `snapshots` = s slots.
    ///
    /// # Panics
    /// If `snapshots` is 0 and `steps` > 1: reversing two or more steps
    /// needs x₀ kept in a snapshot; pass at least 1 (1 is the least memory,
    /// n − 1 stores every state and is the fastest).
    pub fn new(steps: usize, snapshots: usize) -> Self {
        let mut schedule = Schedule {
            steps: 0,
            snapshots,
            stack: Vec::with_capacity(snapshots.min(steps.saturating_sub(1))),
            capo: 0,
            fine: 0,
            restore: false,
            peak: 0,
        };
        schedule.reset(steps);
        schedule
    }

    /// Starts the schedule again, for `steps` steps and the same snapshots.
    /// It allocates nothing while the snapshots it needs, min(s, n − 1), fit
    /// the stack it has (made for the `steps` of [`new`](Schedule::new), and
    /// grown by any longer schedule since).
    ///
    /// # Panics
    /// As for [`new`](Schedule::new).
    pub fn reset(&mut self, steps: usize) {
        check_snapshots(steps, self.snapshots, "Schedule");
        self.steps = steps;
        self.stack.clear();
        self.capo = 0;
        self.fine = steps;
        self.restore = false;
        self.peak = 0;
    }

    /// The number of steps n.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// The number of snapshot slots s the schedule may use.
    pub fn snapshots(&self) -> usize {
        self.snapshots
    }

    /// The most snapshots held at once so far (at most `min(s, n − 1)`).
    pub fn peak_snapshots(&self) -> usize {
        self.peak
    }
}

impl Iterator for Schedule {
    type Item = Action;

    fn next(&mut self) -> Option<Action> {
        if self.fine == 0 {
            return None;
        }
        if self.restore {
            self.restore = false;
            // the snapshot of the state just reversed from is not needed again
            if self.stack.last() == Some(&self.fine) {
                self.stack.pop();
            }
            let at = *self
                .stack
                .last()
                .expect("revolve: a stored state below every unreversed step");
            self.capo = at;
            return Some(Action::Restore {
                slot: self.stack.len() - 1,
                at,
            });
        }
        if self.capo + 1 == self.fine {
            let step = self.capo;
            let first = self.fine == self.steps;
            self.fine = step;
            self.restore = true;
            return Some(if first {
                Action::FirstTurn { step }
            } else {
                Action::YouTurn { step }
            });
        }
        if self.stack.last() != Some(&self.capo) {
            // the split leaves the state short of the next turn only while a
            // free slot remains (with one slot it advances to the turn)
            debug_assert!(self.stack.len() < self.snapshots);
            let slot = self.stack.len();
            self.stack.push(self.capo);
            self.peak = self.peak.max(self.stack.len());
            return Some(Action::Store {
                slot,
                at: self.capo,
            });
        }
        let free = self.snapshots - self.stack.len() + 1;
        let from = self.capo;
        self.capo += split(self.fine - from, free);
        Some(Action::Advance {
            from,
            to: self.capo,
        })
    }
}

impl core::iter::FusedIterator for Schedule {}

#[track_caller]
fn check_snapshots(steps: usize, snapshots: usize, what: &str) {
    assert!(
        snapshots > 0 || steps <= 1,
        "{what}: 0 snapshots cannot reverse {steps} steps (x₀ must be kept to \
         recompute the states); pass snapshots ≥ 1 (1 needs the least memory, \
         steps − 1 stores every state and is the fastest)"
    );
}

#[cold]
#[track_caller]
fn too_large(what: &str) -> ! {
    panic!(
        "{what}: the schedule's counts exceed 128 bits (or the step count 64 bits); \
         use more snapshots or fewer steps"
    )
}
