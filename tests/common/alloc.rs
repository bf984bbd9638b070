//! A counting global allocator, shared by every test that counts heap
//! allocations.
//!
//! A test binary that counts installs it with
//!
//! ```text
//! #[global_allocator]
//! static ALLOCATOR: common::alloc::Counting = common::alloc::Counting;
//! ```
//!
//! and runs [`assert_counts_exactly`] in a test of its own, which fails when
//! the allocator is not installed (every count would then read 0). Every
//! allocation, zeroed allocation and reallocation is forwarded unchanged to
//! the system allocator and counted on the thread that made it, so tests
//! running in parallel on the harness's other threads do not disturb each
//! other's counts.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The counters of one thread.
struct Counts {
    allocs: Cell<usize>,
    zeroed: Cell<usize>,
    reallocs: Cell<usize>,
}

thread_local! {
    // A const initialiser and no destructor: touching the counters never
    // allocates, so the allocator cannot re-enter itself.
    static COUNTS: Counts = const {
        Counts { allocs: Cell::new(0), zeroed: Cell::new(0), reallocs: Cell::new(0) }
    };
}

/// Adds one to a counter of the current thread. `try_with` because the
/// allocator still runs while a thread's locals are being torn down.
fn bump(which: fn(&Counts) -> &Cell<usize>) {
    let _ = COUNTS.try_with(|c| {
        let cell = which(c);
        cell.set(cell.get() + 1);
    });
}

/// The counting allocator: the system allocator plus per-thread counters.
pub struct Counting;

// SAFETY: every call is forwarded unchanged to the system allocator, with the
// caller's arguments; the only addition is a thread-local counter (see above).
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump(|c| &c.allocs);
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        bump(|c| &c.zeroed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        bump(|c| &c.reallocs);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// What a closure did to the heap on this thread.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Heap {
    /// `alloc` calls.
    pub allocs: usize,
    /// `alloc_zeroed` calls (`vec![0; n]` of a zeroable type uses these).
    pub zeroed: usize,
    /// `realloc` calls (a growing `Vec`).
    pub reallocs: usize,
}

impl Heap {
    /// Every call that obtained or resized memory.
    pub fn total(self) -> usize {
        self.allocs + self.zeroed + self.reallocs
    }
}

fn snapshot() -> Heap {
    COUNTS.with(|c| Heap {
        allocs: c.allocs.get(),
        zeroed: c.zeroed.get(),
        reallocs: c.reallocs.get(),
    })
}

/// Runs `f` and reports its heap calls by kind.
pub fn heap_calls<R>(f: impl FnOnce() -> R) -> (R, Heap) {
    let before = snapshot();
    let r = f();
    let after = snapshot();
    let d = Heap {
        allocs: after.allocs - before.allocs,
        zeroed: after.zeroed - before.zeroed,
        reallocs: after.reallocs - before.reallocs,
    };
    (r, d)
}

/// Runs `f` and returns its result and the number of allocations, zeroed
/// allocations and reallocations it made on this thread.
pub fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let (r, d) = heap_calls(f);
    (r, d.total())
}

/// The counter itself counts each kind exactly once per call: run by a test
/// in every binary that includes this module, so a count of 0 elsewhere
/// means "no allocation", never "allocator not installed".
pub fn assert_counts_exactly() {
    use std::hint::black_box;
    let (v, d) = heap_calls(|| black_box(Vec::<f64>::with_capacity(3)));
    assert_eq!(
        d,
        Heap {
            allocs: 1,
            ..Heap::default()
        },
        "one alloc"
    );
    drop(v);
    let (v, d) = heap_calls(|| black_box(vec![0u64; 64]));
    assert_eq!(
        d,
        Heap {
            zeroed: 1,
            ..Heap::default()
        },
        "one zeroed alloc"
    );
    let mut v = v;
    let (_, d) = heap_calls(|| v.reserve_exact(1024));
    assert_eq!(
        d,
        Heap {
            reallocs: 1,
            ..Heap::default()
        },
        "one realloc"
    );
    black_box(&v);
    let (_, n) = allocations(|| black_box(1.0f64) + 1.0);
    assert_eq!(n, 0, "arithmetic allocates nothing");
}
