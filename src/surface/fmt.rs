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
