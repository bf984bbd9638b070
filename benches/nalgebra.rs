//! Matrix calculus through nalgebra on duals, against the closed-form
//! derivative evaluated in `f64`.
//!
//! - Jacobian of A ↦ A⁻¹ for a 3 × 3 A (81 numbers): `try_inverse` on
//!   `Dual<f64, 9>` vs B = A⁻¹ and ∂B/∂a_rc = −B E_rc B, i.e. −B[i, r] B[c, j].
//! - Gradient of det A for a 4 × 4 A (16 numbers): `determinant` (LU) on
//!   `Dual<f64, 16>` vs det(A) · A⁻ᵀ.
//!
//! Each group also times the plain `f64` function, so the ratios
//! AD / closed form and AD / f64 can be read from one run.

use criterion::{Criterion, criterion_group, criterion_main};
use gradus::nalgebra::{matrix_gradient, matrix_variables};
use nalgebra::{Matrix3, Matrix4, SMatrix};
use std::hint::black_box;

fn inverse_3x3(c: &mut Criterion) {
    let a = Matrix3::new(2.0, 1.0, 0.0, 1.0, 3.0, 1.0, 0.5, 1.0, 4.0);
    let mut g = c.benchmark_group("inverse_jacobian_3x3");
    g.bench_function("f64 inverse only", |b| {
        b.iter(|| black_box(black_box(a).try_inverse().unwrap()))
    });
    g.bench_function("closed form -B E B", |b| {
        b.iter(|| {
            let inv = black_box(a).try_inverse().unwrap();
            // row: output entry (i, j) column-major; column: input entry (r, c)
            let jac = SMatrix::<f64, 9, 9>::from_fn(|out, k| {
                let (i, j, r, c) = (out % 3, out / 3, k % 3, k / 3);
                -inv[(i, r)] * inv[(c, j)]
            });
            black_box((inv, jac))
        })
    });
    g.bench_function("Dual<f64, 9> try_inverse", |b| {
        b.iter(|| {
            let inv = matrix_variables::<_, 3, 3, 9>(&black_box(a))
                .try_inverse()
                .unwrap();
            let jac = SMatrix::<f64, 9, 9>::from_fn(|out, k| inv[out].partial(k));
            black_box((inv.map(|x| x.value()), jac))
        })
    });
    g.finish();
}

fn determinant_4x4(c: &mut Criterion) {
    let a = Matrix4::new(
        3.0, 1.0, -0.5, 0.2, 0.4, 4.0, 1.0, -1.0, 0.0, 0.3, 5.0, 0.7, 1.0, -0.2, 0.1, 2.5,
    );
    let mut g = c.benchmark_group("determinant_gradient_4x4");
    g.bench_function("f64 determinant only", |b| {
        b.iter(|| black_box(black_box(a).determinant()))
    });
    g.bench_function("closed form det A^-T", |b| {
        b.iter(|| {
            let a = black_box(a);
            let d = a.determinant();
            black_box((d, a.try_inverse().unwrap().transpose() * d))
        })
    });
    g.bench_function("Dual<f64, 16> determinant", |b| {
        b.iter(|| {
            black_box(matrix_gradient::<_, _, 4, 4, 16>(
                |a| a.determinant(),
                black_box(a),
            ))
        })
    });
    g.finish();
}

criterion_group!(benches, inverse_3x3, determinant_4x4);
criterion_main!(benches);
