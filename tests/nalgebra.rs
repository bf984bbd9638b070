//! nalgebra's own algorithms run on duals, each checked against its
//! closed-form matrix-calculus identity (or central finite differences).
//!
//! Directional derivatives use `Dual<f64, 1>` along A + tD at t = 0; full
//! gradients use one partial per entry. Sizes are fixed at 3 and 4 to keep
//! the number of nalgebra instantiations (and compile time) small; 4 × 4 is
//! where nalgebra's `determinant` switches from the explicit formula to LU.

#![cfg(feature = "nalgebra")]

use approx::{AbsDiffEq, RelativeEq, UlpsEq};
use gradus::Dual;
use gradus::nalgebra::{
    gradient, hessian, jacobian, matrix_gradient, matrix_variables, partial,
    quaternion_from_scaled_axis, values,
};
use nalgebra::{
    ComplexField, Matrix3, Matrix4, RealField, Rotation3, SMatrix, SVector, Unit, UnitQuaternion,
    Vector3, Vector4,
};
use proptest::prelude::*;

type D1 = Dual<f64, 1>;

/// A + t·D with t the single dual variable, at t = 0.
fn along<const K: usize>(a: &SMatrix<f64, K, K>, d: &SMatrix<f64, K, K>) -> SMatrix<D1, K, K> {
    SMatrix::from_fn(|i, j| Dual::new(a[(i, j)], [d[(i, j)]]))
}

fn dval<const K: usize>(m: &SMatrix<D1, K, K>) -> (SMatrix<f64, K, K>, SMatrix<f64, K, K>) {
    (values(m), partial(m, 0))
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

fn mclose<const R: usize, const C: usize>(
    a: &SMatrix<f64, R, C>,
    b: &SMatrix<f64, R, C>,
    tol: f64,
) -> bool {
    (a - b).norm() <= tol * (1.0 + a.norm().max(b.norm()))
}

/// A well-conditioned matrix: random entries in [−1, 1] plus 4·I (strictly
/// diagonally dominant for K ≤ 4, so every eigenvalue is at least 1 from 0).
fn well_conditioned<const K: usize>() -> impl Strategy<Value = SMatrix<f64, K, K>> {
    prop::collection::vec(-1.0..1.0f64, K * K).prop_map(|v| {
        SMatrix::<f64, K, K>::from_column_slice(&v) + SMatrix::<f64, K, K>::identity() * 4.0
    })
}

fn direction<const K: usize>() -> impl Strategy<Value = SMatrix<f64, K, K>> {
    prop::collection::vec(-1.0..1.0f64, K * K).prop_map(|v| SMatrix::from_column_slice(&v))
}

/// An SPD matrix BᵀB + I.
fn spd<const K: usize>() -> impl Strategy<Value = SMatrix<f64, K, K>> {
    direction::<K>().prop_map(|b| b.transpose() * b + SMatrix::<f64, K, K>::identity())
}

fn symmetric<const K: usize>() -> impl Strategy<Value = SMatrix<f64, K, K>> {
    direction::<K>().prop_map(|b| (b + b.transpose()) * 0.5)
}

// ---------------------------------------------------------------------------
// The three identities, by proptest
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Jacobi's formula d det A = det(A) tr(A⁻¹ dA), through the explicit
    /// 3 × 3 formula and the 4 × 4 LU path of `determinant`.
    #[test]
    fn jacobi_determinant(a3 in well_conditioned::<3>(), d3 in direction::<3>(),
                          a4 in well_conditioned::<4>(), d4 in direction::<4>()) {
        let det = along(&a3, &d3).determinant();
        let expected = a3.determinant() * (a3.try_inverse().unwrap() * d3).trace();
        prop_assert!(close(det.value(), a3.determinant(), 1e-13));
        prop_assert!(close(det.partial(0), expected, 1e-12), "{} vs {}", det.partial(0), expected);

        let det = along(&a4, &d4).determinant();
        let expected = a4.determinant() * (a4.try_inverse().unwrap() * d4).trace();
        prop_assert!(close(det.value(), a4.determinant(), 1e-13));
        prop_assert!(close(det.partial(0), expected, 1e-12), "{} vs {}", det.partial(0), expected);
    }

    /// d A⁻¹ = −A⁻¹ dA A⁻¹ through `try_inverse`, through `lu().solve`
    /// (with the identity as right-hand side) and `lu().try_inverse`.
    #[test]
    fn inverse_derivative(a in well_conditioned::<4>(), d in direction::<4>()) {
        let b = a.try_inverse().unwrap();
        let expected = -b * d * b;
        let ad = along(&a, &d);

        let (v, dv) = dval(&ad.try_inverse().unwrap());
        prop_assert!(mclose(&v, &b, 1e-13));
        prop_assert!(mclose(&dv, &expected, 1e-12));

        let lu = ad.lu();
        let (v, dv) = dval(&lu.solve(&SMatrix::<D1, 4, 4>::identity()).unwrap());
        prop_assert!(mclose(&v, &b, 1e-13));
        prop_assert!(mclose(&dv, &expected, 1e-12));

        let (v, dv) = dval(&lu.try_inverse().unwrap());
        prop_assert!(mclose(&v, &b, 1e-13));
        prop_assert!(mclose(&dv, &expected, 1e-12));
    }

    /// d log det A = tr(A⁻¹ dA) through `cholesky` (log det = 2 Σ ln Lᵢᵢ), for
    /// SPD A and a symmetric direction; and d(A⁻¹b) through `cholesky().solve`.
    #[test]
    fn cholesky_log_det(a in spd::<4>(), d in symmetric::<4>(), rhs in direction::<4>()) {
        let chol = along(&a, &d).cholesky().unwrap();
        let logdet: D1 = chol.l().diagonal().map(ComplexField::ln).sum() * 2.0;
        let expected = (a.try_inverse().unwrap() * d).trace();
        prop_assert!(close(logdet.value(), a.determinant().ln(), 1e-12));
        prop_assert!(close(logdet.partial(0), expected, 1e-12), "{} vs {}", logdet.partial(0), expected);

        let b = a.try_inverse().unwrap();
        let x = chol.solve(&rhs.map(Dual::constant));
        let (v, dv) = dval(&x);
        prop_assert!(mclose(&v, &(b * rhs), 1e-12));
        prop_assert!(mclose(&dv, &(-b * d * b * rhs), 1e-11));
    }
}

/// The full gradient at once: ∇ det A = det(A) A⁻ᵀ with one partial per entry
/// (16 for a 4 × 4, through LU).
#[test]
fn determinant_gradient_4x4() {
    let a = Matrix4::new(
        3.0, 1.0, -0.5, 0.2, 0.4, 4.0, 1.0, -1.0, 0.0, 0.3, 5.0, 0.7, 1.0, -0.2, 0.1, 2.5,
    );
    let (d, g) = matrix_gradient::<_, _, 4, 4, 16>(|a| a.determinant(), a);
    assert!(close(d, a.determinant(), 1e-14));
    let expected = a.try_inverse().unwrap().transpose() * a.determinant();
    assert!(mclose(&g, &expected, 1e-13), "{g} vs {expected}");
}

/// The full Jacobian of A ↦ A⁻¹ (3 × 3, 9 partials): partial k of A⁻¹ is
/// −A⁻¹ Eₖ A⁻¹ with Eₖ the unit matrix of entry k (column-major).
#[test]
fn inverse_jacobian_3x3() {
    let a = Matrix3::new(2.0, 1.0, 0.0, 1.0, 3.0, 1.0, 0.5, 1.0, 4.0);
    let inv = matrix_variables::<_, 3, 3, 9>(&a).try_inverse().unwrap();
    let b = a.try_inverse().unwrap();
    for k in 0..9 {
        let mut e = Matrix3::zeros();
        e[(k % 3, k / 3)] = 1.0;
        assert!(mclose(&partial(&inv, k), &(-b * e * b), 1e-14), "k = {k}");
    }
}

/// Second order through nalgebra: with `Dual<Dual<f64, 1>, 1>` along A + tD,
/// d²/dt² det(A + tD) = det A [(tr A⁻¹D)² − tr((A⁻¹D)²)] (4 × 4, LU path).
#[test]
fn determinant_second_derivative_nested() {
    let a = Matrix4::new(
        3.0, 1.0, -0.5, 0.2, 0.4, 4.0, 1.0, -1.0, 0.0, 0.3, 5.0, 0.7, 1.0, -0.2, 0.1, 2.5,
    );
    let d = Matrix4::new(
        0.1, -0.3, 0.2, 0.0, 1.0, 0.5, -0.2, 0.3, -0.4, 0.2, 0.1, 0.6, 0.0, 0.7, -0.1, 0.2,
    );
    let ad: SMatrix<Dual<Dual<f64, 1>, 1>, 4, 4> = SMatrix::from_fn(|i, j| {
        Dual::new(
            Dual::new(a[(i, j)], [d[(i, j)]]),
            [Dual::new(d[(i, j)], [0.0])],
        )
    });
    let det = ad.determinant();
    let m = a.try_inverse().unwrap() * d;
    let first = a.determinant() * m.trace();
    let second = a.determinant() * (m.trace().powi(2) - (m * m).trace());
    assert!(close(det.value().value(), a.determinant(), 1e-14));
    assert!(close(det.value().partial(0), first, 1e-13));
    assert!(close(det.partial(0).value(), first, 1e-13));
    assert!(close(det.partial(0).partial(0), second, 1e-12), "{det}");
}

// ---------------------------------------------------------------------------
// Decompositions with iterations and reflections
// ---------------------------------------------------------------------------

/// dλᵢ = vᵢᵀ dA vᵢ for each (simple) eigenvalue, through `symmetric_eigen`;
/// the eigenvectors' derivative satisfies d(VΛVᵀ) = dA in every component.
#[test]
fn symmetric_eigenvalue_derivative() {
    let a = Matrix4::new(
        4.0, 1.0, 0.5, 0.0, 1.0, 3.0, 0.2, 0.4, 0.5, 0.2, 1.0, -0.3, 0.0, 0.4, -0.3, -2.0,
    );
    let d = Matrix4::new(
        0.3, -0.2, 0.1, 0.5, -0.2, 1.0, 0.4, 0.0, 0.1, 0.4, -0.6, 0.2, 0.5, 0.0, 0.2, 0.8,
    );
    let eig = along(&a, &d).symmetric_eigen();
    let v = values(&eig.eigenvectors);
    for i in 0..4 {
        let vi = v.column(i);
        let expected = (vi.transpose() * d * vi)[(0, 0)];
        let lambda = eig.eigenvalues[i];
        assert!(
            close(lambda.partial(0), expected, 1e-10),
            "λ{i}: {lambda} vs {expected}"
        );
    }
    let (r, dr) = dval(&eig.recompose());
    assert!(mclose(&r, &a, 1e-12));
    assert!(mclose(&dr, &d, 1e-10), "{dr} vs {d}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The same identity over random symmetric matrices with a clear gap
    /// between eigenvalues.
    #[test]
    fn symmetric_eigenvalue_derivative_random(a in symmetric::<3>(), d in symmetric::<3>()) {
        let mut ev: Vec<f64> = a.symmetric_eigenvalues().iter().copied().collect();
        ev.sort_by(f64::total_cmp);
        prop_assume!(ev[1] - ev[0] > 0.05 && ev[2] - ev[1] > 0.05);
        let eig = along(&a, &d).symmetric_eigen();
        let v = values(&eig.eigenvectors);
        for i in 0..3 {
            let vi = v.column(i);
            let expected = (vi.transpose() * d * vi)[(0, 0)];
            prop_assert!(close(eig.eigenvalues[i].partial(0), expected, 1e-9));
        }
    }

    /// dσ₁ = u₁ᵀ dA v₁ for the largest singular value, through `svd`.
    #[test]
    fn largest_singular_value(a in direction::<3>(), d in direction::<3>()) {
        let mut sv: Vec<f64> = a.singular_values().iter().copied().collect();
        sv.sort_by(|x, y| y.total_cmp(x));
        prop_assume!(sv[0] - sv[1] > 0.05);
        let svd = along(&a, &d).svd(true, true);
        let (u, vt) = (values(&svd.u.unwrap()), values(&svd.v_t.unwrap()));
        let s = svd.singular_values;
        let i = (0..3).max_by(|&i, &j| s[i].value().total_cmp(&s[j].value())).unwrap();
        let expected = (u.column(i).transpose() * d * vt.row(i).transpose())[(0, 0)];
        prop_assert!(close(s[i].value(), sv[0], 1e-12));
        prop_assert!(close(s[i].partial(0), expected, 1e-9), "{} vs {}", s[i].partial(0), expected);
    }

    /// QR: Q R = A and QᵀQ = I hold in every component (so dQ R + Q dR = dA
    /// and QᵀdQ is antisymmetric), and `qr().solve` has d(A⁻¹b) = −A⁻¹ dA A⁻¹ b.
    #[test]
    fn qr_identities(a in well_conditioned::<3>(), d in direction::<3>(), rhs in direction::<3>()) {
        let qr = along(&a, &d).qr();
        let (q, r) = (qr.q(), qr.r());
        let (qr_v, qr_d) = dval(&(q * r));
        prop_assert!(mclose(&qr_v, &a, 1e-13));
        prop_assert!(mclose(&qr_d, &d, 1e-12));
        let (qtq_v, qtq_d) = dval(&(q.transpose() * q));
        prop_assert!(mclose(&qtq_v, &Matrix3::identity(), 1e-13));
        prop_assert!(qtq_d.norm() < 1e-12);

        let b = a.try_inverse().unwrap();
        let (x, dx) = dval(&qr.solve(&rhs.map(Dual::constant)).unwrap());
        prop_assert!(mclose(&x, &(b * rhs), 1e-12));
        prop_assert!(mclose(&dx, &(-b * d * b * rhs), 1e-11));
    }
}

/// nalgebra skips a singular inverse with `is_zero()`, which for duals needs
/// every component zero: a singular matrix whose determinant still moves is
/// not skipped (documented in the module); a constant singular one is.
#[test]
fn singular_inverse_follows_is_zero() {
    let a = nalgebra::Matrix2::new(1.0, 2.0, 2.0, 4.0);
    assert!(a.try_inverse().is_none());
    let constant = a.map(Dual::<f64, 1>::constant);
    assert!(constant.try_inverse().is_none());
    let moving = along(&a, &nalgebra::Matrix2::identity());
    assert_eq!(moving.determinant().value(), 0.0);
    assert_eq!(moving.determinant().partial(0), 5.0);
    let inv = moving
        .try_inverse()
        .expect("is_zero is false: the determinant moves");
    assert!(inv.iter().any(|x| !x.value().is_finite()));
}

/// Matrix exponential: nalgebra converts through `f64` (which must not
/// panic), and d/dt exp(tM) at t = 1 is M exp(M).
#[test]
fn matrix_exp() {
    let m = Matrix3::new(0.1, 0.5, -0.2, 0.3, -0.4, 0.8, 0.0, 0.6, 0.2);
    let e = along(&m, &m).exp();
    let (v, dv) = dval(&e);
    assert!(mclose(&v, &m.exp(), 1e-13));
    assert!(
        mclose(&dv, &(m * m.exp()), 1e-12),
        "{dv} vs {}",
        m * m.exp()
    );
    // A larger norm takes the scaling-and-squaring path.
    let big = m * 10.0;
    let (v, dv) = dval(&along(&big, &big).exp());
    assert!(mclose(&v, &big.exp(), 1e-12));
    assert!(mclose(&dv, &(big * big.exp()), 1e-11));
}

// ---------------------------------------------------------------------------
// Rotations, against central finite differences
// ---------------------------------------------------------------------------

fn rotate_quat<T: RealField + Copy>(w: Vector3<T>, p: Vector3<T>) -> Vector3<T> {
    UnitQuaternion::from_scaled_axis(w) * p
}

fn rotate_mat<T: RealField + Copy>(w: Vector3<T>, p: Vector3<T>) -> Vector3<T> {
    Rotation3::new(w) * p
}

fn rotate_axis_angle<T: RealField + Copy>(w: Vector3<T>, p: Vector3<T>) -> Vector3<T> {
    // axis and angle split explicitly: both carry derivatives
    let (axis, angle) = Unit::new_and_get(w);
    UnitQuaternion::from_axis_angle(&axis, angle) * p
}

fn fd_jacobian(f: impl Fn(Vector3<f64>) -> Vector3<f64>, w: Vector3<f64>) -> Matrix3<f64> {
    let h = 1e-6;
    let mut j = Matrix3::zeros();
    for k in 0..3 {
        let mut e = Vector3::zeros();
        e[k] = h;
        j.set_column(k, &((f(w + e) - f(w - e)) / (2.0 * h)));
    }
    j
}

#[test]
fn rotation_derivatives() {
    let p = Vector3::new(0.3, -1.2, 2.0);
    let w = Vector3::new(0.4, -0.7, 1.1);
    let pd = p.map(Dual::constant);
    for (name, ad, fd) in [
        (
            "UnitQuaternion::from_scaled_axis",
            jacobian(|w| rotate_quat(w, pd), w).1,
            fd_jacobian(|w| rotate_quat(w, p), w),
        ),
        (
            "Rotation3::new",
            jacobian(|w| rotate_mat(w, pd), w).1,
            fd_jacobian(|w| rotate_mat(w, p), w),
        ),
        (
            "UnitQuaternion::from_axis_angle",
            jacobian(|w| rotate_axis_angle(w, pd), w).1,
            fd_jacobian(|w| rotate_axis_angle(w, p), w),
        ),
    ] {
        assert!(mclose(&ad, &fd, 1e-8), "{name}: {ad} vs {fd}");
    }
    // The three constructions agree exactly enough among themselves.
    let (_, a) = jacobian(|w| rotate_quat(w, pd), w);
    let (_, b) = jacobian(|w| rotate_mat(w, pd), w);
    assert!(mclose(&a, &b, 1e-13));
}

/// Near the identity, R(ω)p ≈ p + ω × p, so ∂(Rp)/∂ω = −[p]ₓ.
#[test]
fn rotation_derivative_near_identity() {
    let p = Vector3::new(0.3, -1.2, 2.0);
    let pd = p.map(Dual::constant);
    let (_, j) = jacobian(|w| rotate_quat(w, pd), Vector3::new(1e-9, -2e-9, 1e-9));
    let cross = Matrix3::new(0.0, p.z, -p.y, -p.z, 0.0, p.x, p.y, -p.x, 0.0);
    assert!(mclose(&j, &cross, 1e-8), "{j} vs {cross}");
}

fn rotate_smooth<T: RealField + Copy>(w: Vector3<T>, p: Vector3<T>) -> Vector3<T> {
    quaternion_from_scaled_axis(w) * p
}

/// nalgebra's constructors are the constant identity below ε: at ω = 0
/// exactly their derivative is 0. `quaternion_from_scaled_axis` is smooth
/// there: ∂(Rp)/∂ω = −[p]ₓ, and ∂²(aᵀRp)/∂ωᵢ∂ωⱼ = ½ aᵀ(EᵢEⱼ + EⱼEᵢ)p with
/// Eᵢ = [eᵢ]ₓ (from R ≈ I + [ω]ₓ + ½[ω]ₓ²).
#[test]
fn rotation_exp_map_at_zero() {
    let p = Vector3::new(0.3, -1.2, 2.0);
    let pd = p.map(Dual::constant);
    let (_, j) = jacobian(|w| rotate_quat(w, pd), Vector3::zeros());
    assert_eq!(j, Matrix3::zeros(), "nalgebra's branch below ε");

    let (v, j) = jacobian(|w| rotate_smooth(w, pd), Vector3::zeros());
    assert_eq!(v, p);
    assert_eq!(j, -p.cross_matrix());

    let a = Vector3::new(0.7, 0.1, -0.4);
    let (_, g, h) = hessian(
        |w| {
            let (a, p) = (a.map(nalgebra::convert), p.map(nalgebra::convert));
            a.dot(&rotate_smooth(w, p))
        },
        Vector3::zeros(),
    );
    assert!(mclose(&g, &(-p.cross_matrix().transpose() * a), 1e-15));
    let e: [Matrix3<f64>; 3] = core::array::from_fn(|i| Vector3::<f64>::ith(i, 1.0).cross_matrix());
    let expected =
        Matrix3::from_fn(|i, j| 0.5 * (a.transpose() * (e[i] * e[j] + e[j] * e[i]) * p)[(0, 0)]);
    assert!(mclose(&h, &expected, 1e-15), "{h} vs {expected}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Away from 0 it is nalgebra's rotation, with the same Jacobian.
    #[test]
    fn rotation_exp_map_matches_nalgebra(w in prop::array::uniform3(-3.0..3.0f64),
                                         p in prop::array::uniform3(-2.0..2.0f64)) {
        let (w, p) = (Vector3::from(w), Vector3::from(p));
        let pd = p.map(Dual::constant);
        let (v1, j1) = jacobian(|w| rotate_smooth(w, pd), w);
        let (v2, j2) = jacobian(|w| rotate_quat(w, pd), w);
        prop_assert!(mclose(&v1, &v2, 1e-14));
        prop_assert!(mclose(&j1, &j2, 1e-13));
    }
}

// ---------------------------------------------------------------------------
// Drivers
// ---------------------------------------------------------------------------

fn quadratic<T: RealField + Copy>(x: Vector3<T>, a: &Matrix3<f64>, b: &Vector3<f64>) -> T {
    let a = a.map(nalgebra::convert::<f64, T>);
    let b = b.map(nalgebra::convert::<f64, T>);
    x.dot(&(a * x)) + b.dot(&x)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The Hessian of xᵀAx + bᵀx through nalgebra products is A + Aᵀ, and
    /// the gradient (A + Aᵀ)x + b.
    #[test]
    fn hessian_of_quadratic(a in direction::<3>(), b in prop::array::uniform3(-1.0..1.0f64),
                            x in prop::array::uniform3(-2.0..2.0f64)) {
        let (b, x) = (Vector3::from(b), Vector3::from(x));
        let (v, g, h) = hessian(|x| quadratic(x, &a, &b), x);
        prop_assert!(close(v, quadratic(x, &a, &b), 1e-14));
        prop_assert!(mclose(&g, &((a + a.transpose()) * x + b), 1e-14));
        prop_assert!(mclose(&h, &(a + a.transpose()), 1e-15));
        let (v2, g2) = gradient(|x| quadratic(x, &a, &b), x);
        prop_assert_eq!((v2, g2), (v, g));
    }
}

#[test]
fn jacobian_of_linear_map_is_the_matrix() {
    let a = SMatrix::<f64, 2, 4>::new(1.0, 2.0, 3.0, 4.0, -1.0, 0.5, 0.0, 2.0);
    let (y, j) = jacobian(
        |x: SVector<Dual<f64, 4>, 4>| a.map(Dual::constant) * x,
        Vector4::new(1.0, 1.0, 1.0, 1.0),
    );
    assert_eq!(y, a * Vector4::repeat(1.0));
    assert_eq!(j, a);
}

// ---------------------------------------------------------------------------
// The scalar traits themselves
// ---------------------------------------------------------------------------

/// Every ComplexField / RealField function equals the Float function of the
/// same name in value and derivative (so the delegation is not crossed).
#[test]
fn complex_field_delegates_to_float() {
    use num_traits::Float;
    let x = Dual::<f64, 2>::new(0.37, [1.0, -2.5]);
    let y = Dual::<f64, 2>::new(1.9, [0.5, 3.0]);
    macro_rules! same {
        ($($m:ident)*) => {$(
            let (c, f) = (ComplexField::$m(x), Float::$m(x));
            assert_eq!((c.value(), c.partials()), (f.value(), f.partials()), stringify!($m));
        )*};
    }
    same!(sin cos tan asin acos atan sinh cosh tanh asinh atanh ln ln_1p log2 log10 sqrt exp
          exp2 exp_m1 cbrt recip abs floor ceil round trunc fract signum);
    let acosh = ComplexField::acosh(y);
    assert_eq!(acosh.partials(), Float::acosh(y).partials());
    macro_rules! same2 {
        ($($t:ident $m:ident)*) => {$(
            let (c, f) = (<Dual<f64, 2> as $t>::$m(x, y), Float::$m(x, y));
            assert_eq!((c.value(), c.partials()), (f.value(), f.partials()), stringify!($m));
        )*};
    }
    same2!(ComplexField hypot ComplexField powf ComplexField log
           RealField atan2 RealField max RealField min RealField copysign);
    let c = ComplexField::powc(x, y);
    assert_eq!(c.partials(), Float::powf(x, y).partials());
    assert_eq!(
        ComplexField::powi(x, 3).partials(),
        Float::powi(x, 3).partials()
    );
    assert_eq!(
        ComplexField::mul_add(x, y, x).partials(),
        Float::mul_add(x, y, x).partials()
    );
    let (s, c) = ComplexField::sin_cos(x);
    assert_eq!(
        (s.partials(), c.partials()),
        (Float::sin(x).partials(), Float::cos(x).partials())
    );
    let (s, c) = ComplexField::sinh_cosh(x);
    assert_eq!(
        (s.partials(), c.partials()),
        (Float::sinh(x).partials(), Float::cosh(x).partials())
    );
    assert_eq!(
        RealField::clamp(x, y, y + 1.0).partials(),
        Float::clamp(x, y, y + 1.0).partials()
    );
}

#[test]
fn complex_field_real_parts() {
    let x = Dual::<f64, 1>::new(-1.5, [2.0]);
    assert_eq!(x.real().partials(), [2.0]);
    assert_eq!(x.imaginary().value(), 0.0);
    assert_eq!(x.imaginary().partials(), [0.0]);
    assert_eq!(x.conjugate(), x);
    assert_eq!((x.modulus().value(), x.modulus().partials()), (1.5, [-2.0]));
    assert_eq!(x.norm1().partials(), [-2.0]);
    assert_eq!(x.modulus_squared().partials(), [-6.0]);
    // argument: the constant π below 0, 0 at and above it
    assert_eq!(x.argument().value(), core::f64::consts::PI);
    assert_eq!(x.argument().partials(), [0.0]);
    assert_eq!(Dual::<f64, 1>::new(0.0, [1.0]).argument().value(), 0.0);
    // to_exp: modulus · sign = x in every component, also at 0
    for x in [
        x,
        Dual::new(0.0, [3.0]),
        Dual::new(-0.0, [3.0]),
        Dual::new(2.0, [1.0]),
    ] {
        let (m, s) = x.to_exp();
        assert_eq!(s.partials(), [0.0]);
        assert_eq!(
            ((m * s).value(), (m * s).partials()),
            (x.value(), x.partials())
        );
    }
    assert_eq!(x.scale(Dual::constant(2.0)).partials(), [4.0]);
    assert_eq!(x.unscale(Dual::constant(2.0)).partials(), [1.0]);
    // try_sqrt: None below 0, the derivative of sqrt otherwise
    assert!(x.try_sqrt().is_none());
    let r = Dual::<f64, 1>::new(4.0, [1.0]).try_sqrt().unwrap();
    assert_eq!((r.value(), r.partials()), (2.0, [0.25]));
    // sqrt at 0 follows the crate's convention (+inf)
    assert_eq!(
        Dual::<f64, 1>::new(0.0, [1.0])
            .try_sqrt()
            .unwrap()
            .partials(),
        [f64::INFINITY]
    );
    assert!(ComplexField::is_finite(&x));
    assert!(!ComplexField::is_finite(&Dual::<f64, 1>::constant(
        f64::NAN
    )));
    assert_eq!(
        <Dual<f64, 1> as RealField>::pi().value(),
        core::f64::consts::PI
    );
    assert_eq!(
        <Dual<f64, 1> as RealField>::min_value().unwrap().value(),
        f64::MIN
    );
    assert!(RealField::is_sign_negative(&x));
}

/// sinc and sinhc are smooth at 0: value 1, first derivative 0, second
/// ∓1/3; checked by nesting (second order) and against the quotient nearby.
#[test]
fn cardinal_functions_at_zero() {
    type D2 = Dual<Dual<f64, 1>, 1>;
    let x = D2::new(Dual::new(0.0, [1.0]), [Dual::new(1.0, [0.0])]);
    let s = x.sinc();
    assert_eq!(s.value().value(), 1.0);
    assert_eq!(s.value().partial(0), 0.0);
    assert_eq!(s.partial(0).value(), 0.0);
    assert!(close(s.partial(0).partial(0), -1.0 / 3.0, 1e-15));
    let s = x.sinhc();
    assert!(close(s.partial(0).partial(0), 1.0 / 3.0, 1e-15));
    // Away from 0: sin x / x with its quotient-rule derivative.
    let y = Dual::<f64, 1>::new(0.5, [1.0]);
    let expected = (0.5 * 0.5f64.cos() - 0.5f64.sin()) / 0.25;
    assert!(close(y.sinc().partial(0), expected, 1e-15));
    // cosc, coshc: simba's value 1 at the pole, as a constant.
    let z = Dual::<f64, 1>::new(0.0, [1.0]);
    assert_eq!((z.cosc().value(), z.cosc().partials()), (1.0, [0.0]));
    assert_eq!((z.coshc().value(), z.coshc().partials()), (1.0, [0.0]));
    assert_eq!(y.cosc().value(), 0.5f64.cos() / 0.5);
}

/// A tower of nested `Dual<_, 1>`, every level seeded with the same
/// variable t: the component ε₁ε₂…ε_k of f(t) is the k-th derivative
/// f⁽ᵏ⁾(t), so a tower of depth D carries f, f′, …, f⁽ᴰ⁾.
trait Tower: RealField + num_traits::Float + Copy {
    /// t seeded at every level.
    fn seed(t: f64) -> Self;
    /// A constant.
    fn lift(c: f64) -> Self;
    /// [f, f′, …, f⁽ᴰ⁾].
    fn derivatives(self) -> Vec<f64>;
}

impl Tower for f64 {
    fn seed(t: f64) -> f64 {
        t
    }
    fn lift(c: f64) -> f64 {
        c
    }
    fn derivatives(self) -> Vec<f64> {
        vec![self]
    }
}

impl<T: Tower> Tower for Dual<T, 1> {
    fn seed(t: f64) -> Self {
        Dual::variable(T::seed(t), 0)
    }
    fn lift(c: f64) -> Self {
        Dual::constant(T::lift(c))
    }
    fn derivatives(self) -> Vec<f64> {
        // the value carries f … f⁽ᴰ⁻¹⁾, the ε slot f′ … f⁽ᴰ⁾: they overlap
        let mut low = self.value().derivatives();
        let high = self.partial(0).derivatives();
        assert_eq!(
            low[1..],
            high[..high.len() - 1],
            "a tower's levels disagree"
        );
        low.push(*high.last().unwrap());
        low
    }
}

/// Runs `f` on a thread with a large stack: a depth-9 tower is 512 numbers,
/// and nalgebra's generic code keeps many of them on the stack (more in an
/// unoptimized build).
fn with_large_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
}

/// Depth 9: derivatives of orders 0 through 9.
type Order9 = Dual<Dual<Dual<Dual<Dual<Dual<Dual<Dual<Dual<f64, 1>, 1>, 1>, 1>, 1>, 1>, 1>, 1>, 1>;

fn assert_derivatives(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{what}: orders");
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-14 * w.abs(),
            "{what}: order {k} is {g}, expected {w}"
        );
    }
}

/// sinc and sinhc at exactly 0, to order 9 (the docs' promise): sin t / t =
/// Σ (−1)ʲ t²ʲ/(2j + 1)!, so the derivative of order 2j is (−1)ʲ/(2j + 1)
/// (sinc⁗(0) = 0.2) and every odd order is 0; sinhc's are 1/(2j + 1).
#[test]
fn cardinal_functions_at_zero_to_order_nine() {
    with_large_stack(cardinal_functions_order_nine);
}

fn cardinal_functions_order_nine() {
    let x = Order9::seed(0.0);
    let even = |k: usize, sign: f64| {
        if k % 2 == 1 {
            0.0
        } else {
            sign.powi(k as i32 / 2) / (k + 1) as f64
        }
    };
    let sinc = ComplexField::sinc(x).derivatives();
    let want: Vec<f64> = (0..10).map(|k| even(k, -1.0)).collect();
    assert_derivatives("sinc", &sinc, &want);
    assert_eq!(sinc[4], 0.2);
    let sinhc = ComplexField::sinhc(x).derivatives();
    let want: Vec<f64> = (0..10).map(|k| even(k, 1.0)).collect();
    assert_derivatives("sinhc", &sinhc, &want);
}

/// `quaternion_from_scaled_axis` at ω = 0, to order 9 (the docs' promise):
/// along ω = t·d with |d| = 1 the quaternion is (cos(t/2), d sin(t/2)), whose
/// k-th derivatives at 0 are cos(kπ/2)/2ᵏ and d sin(kπ/2)/2ᵏ (d⁴/dt⁴ q.w = 0.0625).
#[test]
fn quaternion_from_scaled_axis_at_zero_to_order_nine() {
    with_large_stack(quaternion_order_nine);
}

fn quaternion_order_nine() {
    let half_pow = |k: usize| 0.5f64.powi(k as i32);
    let cos_k = |k: usize| [1.0, 0.0, -1.0, 0.0][k % 4] * half_pow(k);
    let sin_k = |k: usize| [0.0, 1.0, 0.0, -1.0][k % 4] * half_pow(k);
    for d in [[1.0, 0.0, 0.0], [2.0 / 7.0, 3.0 / 7.0, -6.0 / 7.0]] {
        let w = Vector3::new(d[0], d[1], d[2]).map(|c| Order9::lift(c) * Order9::seed(0.0));
        let q = quaternion_from_scaled_axis(w);
        let parts = [q.w, q.i, q.j, q.k].map(Tower::derivatives);
        let cos: Vec<f64> = (0..10).map(cos_k).collect();
        assert_derivatives("q.w", &parts[0], &cos);
        if d[0] == 1.0 {
            // |e₀|² = 1 exactly: the series' 4! / (16 · 4!) is exact too
            assert_eq!(parts[0][4], 0.0625);
        }
        for (axis, part) in parts[1..].iter().enumerate() {
            let sin: Vec<f64> = (0..10).map(|k| d[axis] * sin_k(k)).collect();
            assert_derivatives(&format!("q.{}", ["i", "j", "k"][axis]), part, &sin);
        }
    }
}

/// `matrix_gradient` of a non-square matrix: f(A) = xᵀAy + Σ aᵢⱼ³ has
/// ∂f/∂aᵢⱼ = xᵢ yⱼ + 3aᵢⱼ², and the partials follow nalgebra's column-major order.
#[test]
fn matrix_gradient_of_a_non_square_matrix() {
    let a = SMatrix::<f64, 2, 3>::new(1.0, -2.0, 0.5, 3.0, 0.25, -1.5);
    let (x, y) = (
        nalgebra::Vector2::new(0.7, -1.1),
        Vector3::new(2.0, -0.5, 1.5),
    );
    let f = |a: SMatrix<Dual<f64, 6>, 2, 3>| {
        let (xd, yd) = (x.map(Dual::constant), y.map(Dual::constant));
        (xd.transpose() * a * yd)[(0, 0)] + a.map(|e| e * e * e).sum()
    };
    let (v, g) = matrix_gradient::<_, _, 2, 3, 6>(f, a);
    assert_eq!(
        v,
        (x.transpose() * a * y)[(0, 0)] + a.map(|e| e * e * e).sum()
    );
    let expected = SMatrix::<f64, 2, 3>::from_fn(|i, j| x[i] * y[j] + 3.0 * a[(i, j)] * a[(i, j)]);
    assert!(mclose(&g, &expected, 1e-15), "{g} vs {expected}");
    // and by finite differences of the flattened entries
    let flat = |e: &[f64]| {
        let m = SMatrix::<f64, 2, 3>::from_column_slice(e);
        (x.transpose() * m * y)[(0, 0)] + m.map(|e| e * e * e).sum()
    };
    gradus::check::gradient(flat, a.as_slice(), g.as_slice()).unwrap();
}

/// The nalgebra drivers are the array drivers seen through vectors: the same
/// bits for a function that is not quadratic, and its Hessian by finite
/// differences of the exact gradient.
#[test]
fn nalgebra_gradient_and_hessian_agree_with_the_array_drivers() {
    fn f<T: RealField + Copy>(x: Vector3<T>) -> T {
        let one = T::one();
        (one + x.norm_squared()).ln() + x.x * x.y * x.z.sin() + (x.y - x.z).exp()
    }
    let x = Vector3::new(0.4, -0.9, 1.3);
    let (v, g, h) = hessian(f, x);
    let (va, ga, ha) = gradus::hessian(|[a, b, c]| f(Vector3::new(a, b, c)), [x.x, x.y, x.z]);
    assert_eq!(v, va);
    assert_eq!(g, Vector3::from(ga));
    assert_eq!(h, Matrix3::from_fn(|i, j| ha[i][j]));
    let (vg, gg) = gradient(f, x);
    assert_eq!((vg, gg), (v, g));
    let exact_gradient = |p: &[f64]| gradient(f, Vector3::new(p[0], p[1], p[2])).1;
    let rows: Vec<Vec<f64>> = (0..3).map(|i| h.row(i).iter().copied().collect()).collect();
    gradus::check::jacobian(exact_gradient, x.as_slice(), &rows).unwrap();
    assert_eq!(h, h.transpose());
}

#[test]
fn conversions_drop_derivatives_and_never_fail() {
    let x = Dual::<f64, 2>::new(1.5, [1.0, 2.0]);
    let down: Option<f64> = nalgebra::try_convert(x);
    assert_eq!(down, Some(1.5));
    let down32: Option<f32> = nalgebra::try_convert(x);
    assert_eq!(down32, Some(1.5f32));
    let up: Dual<f64, 2> = nalgebra::convert(2.5f64);
    assert_eq!((up.value(), up.partials()), (2.5, [0.0, 0.0]));
    let up: Dual<f64, 2> = nalgebra::convert(2.5f32);
    assert_eq!(up.value(), 2.5);
    let same: Dual<f64, 2> = nalgebra::convert(x);
    assert_eq!(same.partials(), x.partials());
    // nested: down through both levels
    let n = Dual::<Dual<f64, 1>, 1>::new(Dual::new(0.25, [1.0]), [Dual::new(1.0, [0.0])]);
    assert_eq!(nalgebra::try_convert::<_, f64>(n), Some(0.25));
    // f32 duals
    let f: Dual<f32, 1> = nalgebra::convert(0.5f64);
    assert_eq!(f.value(), 0.5f32);
}

#[test]
fn approx_compares_values() {
    let a = Dual::<f64, 1>::new(1.0, [1.0]);
    let b = Dual::<f64, 1>::new(1.0 + 1e-12, [-7.0]);
    assert!(a.abs_diff_eq(&b, Dual::constant(1e-10)));
    assert!(!a.abs_diff_eq(&b, Dual::constant(1e-14)));
    assert!(a.relative_eq(&b, Dual::constant(0.0), Dual::constant(1e-10)));
    assert!(a.ulps_eq(&Dual::new(1.0, [5.0]), Dual::default_epsilon(), 0));
    assert_eq!(Dual::<f64, 1>::default_epsilon().value(), f64::EPSILON);
    approx::assert_relative_eq!(
        Matrix3::<Dual<f64, 1>>::identity(),
        Matrix3::identity().map(|x: f64| Dual::new(x, [9.0]))
    );
}

#[test]
fn simd_value_is_one_lane() {
    use simba::simd::SimdValue;
    let mut x = Dual::<f64, 1>::new(1.0, [2.0]);
    assert_eq!(<Dual<f64, 1> as SimdValue>::LANES, 1);
    assert_eq!(x.extract(0).partials(), [2.0]);
    x.replace(0, Dual::new(3.0, [4.0]));
    assert_eq!(x.partials(), [4.0]);
    assert_eq!(x.select(false, Dual::constant(0.0)).value(), 0.0);
    assert_eq!(<Dual<f64, 1> as SimdValue>::splat(x).partials(), [4.0]);
}

/// Nested and f32 duals are RealFields: nalgebra algorithms run on them.
#[test]
fn nested_and_f32_are_real_fields() {
    fn is_real_field<T: RealField>() {}
    is_real_field::<Dual<f32, 3>>();
    is_real_field::<Dual<Dual<f64, 2>, 3>>();
    is_real_field::<Dual<Dual<Dual<f64, 1>, 1>, 1>>();
    let a = Matrix3::<f32>::new(2.0, 1.0, 0.0, 1.0, 3.0, 1.0, 0.0, 1.0, 4.0);
    let (d, g) = matrix_gradient::<_, _, 3, 3, 9>(|a| a.determinant(), a);
    assert_eq!(d, a.determinant());
    assert!((g - a.try_inverse().unwrap().transpose() * d).norm() < 1e-4);
}

/// `HyperDual` is a nalgebra scalar too: the Hessian of log det A(t) along
/// three symmetric directions, through `cholesky`, equals −tr(A⁻¹ Eᵢ A⁻¹ Eⱼ),
/// and the determinant's Hessian through LU matches the rule of Sarrus.
#[test]
fn hyperdual_runs_cholesky_and_lu() {
    use gradus::HyperDual;
    use nalgebra::Matrix3;
    let a0 = Matrix3::<f64>::new(4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 2.0);
    let dirs = [
        Matrix3::<f64>::new(1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
        Matrix3::<f64>::new(0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0),
        Matrix3::<f64>::new(0.0, 0.0, 0.3, 0.0, 0.5, 0.0, 0.3, 0.0, 1.0),
    ];
    let build = |t: [HyperDual<f64, 3>; 3]| {
        let mut a = a0.map(HyperDual::constant);
        for (k, e) in dirs.iter().enumerate() {
            a += e.map(HyperDual::constant) * t[k];
        }
        a
    };
    let t: [HyperDual<f64, 3>; 3] = core::array::from_fn(|i| HyperDual::variable(0.0, i));
    let l = build(t).cholesky().expect("SPD").l();
    let logdet = l.diagonal().map(|d| d.ln()).sum() * HyperDual::constant(2.0);
    let inv = a0.try_inverse().unwrap();
    let h = logdet.hessian();
    for i in 0..3 {
        assert!((logdet.gradient()[i] - (inv * dirs[i]).trace()).abs() < 1e-13);
        for j in 0..3 {
            let expected = -(inv * dirs[i] * inv * dirs[j]).trace();
            assert!(
                (h[i][j] - expected).abs() < 1e-13,
                "H[{i}][{j}] = {} vs {expected}",
                h[i][j]
            );
        }
    }
    let det = build(t).lu().determinant();
    // Independent: the same determinant by the rule of Sarrus, no LU.
    let m = build(t);
    let sarrus = m[(0, 0)] * m[(1, 1)] * m[(2, 2)]
        + m[(0, 1)] * m[(1, 2)] * m[(2, 0)]
        + m[(0, 2)] * m[(1, 0)] * m[(2, 1)]
        - m[(0, 2)] * m[(1, 1)] * m[(2, 0)]
        - m[(0, 0)] * m[(1, 2)] * m[(2, 1)]
        - m[(0, 1)] * m[(1, 0)] * m[(2, 2)];
    let hn = sarrus.hessian();
    assert!((det.value() - sarrus.value()).abs() < 1e-12);
    let (dg, dh) = (det.gradient(), det.hessian());
    for (i, (row, nrow)) in dh.iter().zip(&hn).enumerate() {
        assert!((dg[i] - sarrus.gradient()[i]).abs() < 1e-12);
        for (j, (d, n)) in row.iter().zip(nrow).enumerate() {
            assert!(
                (d - n).abs() < 1e-12,
                "LU det H[{i}][{j}] = {d} vs Sarrus {n}"
            );
        }
    }
    // Jacobi's formula once more, from the same numbers: d det = det · tr(A⁻¹ E).
    assert!((det.gradient()[0] - a0.determinant() * (inv * dirs[0]).trace()).abs() < 1e-12);
}
