//! Shared `Display` helpers: every component is printed with the caller's
//! formatting flags (`{:.3}` applies to the value and each derivative).

use core::fmt;

/// Writes one component with the formatter's own flags.
pub(crate) fn write_value<T: fmt::Display>(f: &mut fmt::Formatter<'_>, x: &T) -> fmt::Result {
    fmt::Display::fmt(x, f)
}

/// Writes `[a, b, c]`.
pub(crate) fn write_list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, xs: &[T]) -> fmt::Result {
    f.write_str("[")?;
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write_value(f, x)?;
    }
    f.write_str("]")
}

/// One term of a number's `Display` after its value: a scalar, a list or a
/// matrix of components, and the infinitesimal it multiplies.
pub(crate) enum Term<'a, T> {
    /// `3δ`
    Scalar(&'a T, &'static str),
    /// `[1, 0]ε`
    List(&'a [T], &'static str),
    /// `[[0, 1], [1, 0]]ε²`
    Matrix(&'a [&'a [T]], &'static str),
}

/// Writes `value + term + term …`, the `Display` of every forward type.
pub(crate) fn write_terms<T: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    value: &T,
    terms: &[Term<'_, T>],
) -> fmt::Result {
    write_value(f, value)?;
    for term in terms {
        f.write_str(" + ")?;
        let tag = match term {
            Term::Scalar(x, tag) => {
                write_value(f, *x)?;
                tag
            }
            Term::List(xs, tag) => {
                write_list(f, xs)?;
                tag
            }
            Term::Matrix(rows, tag) => {
                f.write_str("[")?;
                for (i, row) in rows.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write_list(f, row)?;
                }
                f.write_str("]")?;
                tag
            }
        };
        f.write_str(tag)?;
    }
    Ok(())
}
