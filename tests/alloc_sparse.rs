//! Decompression allocates nothing once prepared: counted exactly with a
//! counting global allocator, per thread.

use gradus::sparse::{
    AcyclicDecompressor, ColumnDecompressor, Decompress, Order, RowDecompressor, SparsityPattern,
    StarDecompressor, acyclic_coloring, column_coloring, compress_columns, compress_rows,
    row_coloring, star_coloring,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCS.with(Cell::get);
    f();
    ALLOCS.with(Cell::get) - before
}

/// The 5-point stencil on an n × n grid.
fn stencil(n: usize) -> SparsityPattern {
    SparsityPattern::from_fn(n * n, n * n, |p, q| {
        (p / n).abs_diff(q / n) + (p % n).abs_diff(q % n) <= 1
    })
}

fn values(p: &SparsityPattern) -> Vec<f64> {
    // Symmetric values for a symmetric pattern.
    p.iter()
        .map(|(i, j)| 1.0 + (i.min(j) * 7 + i.max(j) * 3) as f64 / 10.0)
        .collect()
}

#[test]
fn decompression_allocates_nothing() {
    let p = stencil(20);
    let h = values(&p);
    let mut out = vec![0.0; p.nnz()];

    let c = column_coloring(&p, Order::Natural);
    let d = ColumnDecompressor::new(&p, &c);
    let b = compress_columns(&p, c.colors(), &h);
    assert_eq!(allocations(|| d.decompress(&b, &mut out)), 0);
    assert_eq!(out, h);

    let r = row_coloring(&p, Order::Natural);
    let d = RowDecompressor::new(&p, &r);
    let b = compress_rows(&p, r.colors(), &h);
    out.fill(0.0);
    assert_eq!(allocations(|| d.decompress(&b, &mut out)), 0);
    assert_eq!(out, h);

    let s = star_coloring(&p, Order::Natural);
    let d = StarDecompressor::new(&p, &s);
    let b = compress_columns(&p, s.coloring().colors(), &h);
    out.fill(0.0);
    assert_eq!(allocations(|| d.decompress(&b, &mut out)), 0);
    assert_eq!(out, h);

    let a = acyclic_coloring(&p, Order::Natural);
    let d = AcyclicDecompressor::new(&p, &a);
    let b = compress_columns(&p, a.coloring().colors(), &h);
    out.fill(0.0);
    assert_eq!(allocations(|| d.decompress(&b, &mut out)), 0);
    assert!(
        out.iter()
            .zip(&h)
            .all(|(x, y)| (x - y).abs() <= 1e-12 * y.abs())
    );

    // The counter does count: preparing allocates.
    assert!(allocations(|| drop(AcyclicDecompressor::new(&p, &a))) > 0);
}
