//! A JSON writer that formats numbers straight into a byte buffer.
//!
//! A response can carry a million timing entries, and ht's Jacobian millions
//! of floats: building a `serde_json::Value` tree first would allocate per
//! number, so outputs are written token by token instead.

use serde_json::ser::{CompactFormatter, Formatter};

/// A growable buffer of JSON text, written token by token.
///
/// Separators are the caller's business (`raw(b",")`), except in the
/// helpers that write whole arrays.
#[derive(Default)]
pub struct JsonWriter {
    buf: Vec<u8>,
}

impl JsonWriter {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// The text written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    /// Takes the text out, leaving the writer empty.
    pub fn take(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.buf)
    }

    /// Appends bytes that are already JSON (punctuation, keys).
    pub fn raw(&mut self, s: &[u8]) {
        self.buf.extend_from_slice(s);
    }

    /// A float in its shortest round-trip form; JSON has no NaN or infinity,
    /// so those become `null`.
    pub fn f64(&mut self, x: f64) {
        if x.is_finite() {
            // Writing to a Vec cannot fail.
            CompactFormatter
                .write_f64(&mut self.buf, x)
                .expect("write to Vec");
        } else {
            self.buf.extend_from_slice(b"null");
        }
    }

    /// An unsigned integer.
    pub fn u64(&mut self, x: u64) {
        CompactFormatter
            .write_u64(&mut self.buf, x)
            .expect("write to Vec");
    }

    /// A signed integer.
    pub fn i64(&mut self, x: i64) {
        CompactFormatter
            .write_i64(&mut self.buf, x)
            .expect("write to Vec");
    }

    /// A string, escaped.
    pub fn str(&mut self, s: &str) {
        serde_json::to_writer(&mut self.buf, s).expect("write to Vec");
    }

    /// `[x0,x1,…]`.
    pub fn f64_array(&mut self, xs: &[f64]) {
        self.raw(b"[");
        for (i, &x) in xs.iter().enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            self.f64(x);
        }
        self.raw(b"]");
    }

    /// `[[…],[…],…]`: `xs` cut into rows of `cols` numbers.
    ///
    /// # Panics
    /// If `cols` is zero or does not divide `xs.len()`.
    pub fn f64_rows(&mut self, xs: &[f64], cols: usize) {
        assert!(
            cols > 0 && xs.len().is_multiple_of(cols),
            "JsonWriter::f64_rows: {} numbers do not make rows of {cols}",
            xs.len()
        );
        self.raw(b"[");
        for (i, row) in xs.chunks_exact(cols).enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            self.f64_array(row);
        }
        self.raw(b"]");
    }

    /// `[i0,i1,…]`.
    pub fn u32_array(&mut self, xs: &[u32]) {
        self.raw(b"[");
        for (i, &x) in xs.iter().enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            self.u64(u64::from(x));
        }
        self.raw(b"]");
    }

    /// `[i0,i1,…]`.
    pub fn i64_array(&mut self, xs: &[i64]) {
        self.raw(b"[");
        for (i, &x) in xs.iter().enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            self.i64(x);
        }
        self.raw(b"]");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: impl FnOnce(&mut JsonWriter)) -> String {
        let mut w = JsonWriter::new();
        f(&mut w);
        String::from_utf8(w.take()).unwrap()
    }

    #[test]
    fn numbers_round_trip() {
        for x in [
            0.0,
            -0.0,
            1.0,
            0.1,
            1e-300,
            1.7976931348623157e308,
            -2.5e-7,
            8.246324826140356e-06,
        ] {
            let s = text(|w| w.f64(x));
            assert_eq!(s.parse::<f64>().unwrap().to_bits(), x.to_bits(), "{s}");
        }
        assert_eq!(text(|w| w.f64(f64::NAN)), "null");
        assert_eq!(text(|w| w.f64(f64::INFINITY)), "null");
        assert_eq!(text(|w| w.u64(u64::MAX)), "18446744073709551615");
        assert_eq!(text(|w| w.i64(-42)), "-42");
    }

    #[test]
    fn arrays_and_strings() {
        assert_eq!(text(|w| w.f64_array(&[])), "[]");
        assert_eq!(text(|w| w.f64_array(&[1.0, 2.5])), "[1.0,2.5]");
        assert_eq!(
            text(|w| w.f64_rows(&[1.0, 2.0, 3.0, 4.0], 2)),
            "[[1.0,2.0],[3.0,4.0]]"
        );
        assert_eq!(text(|w| w.i64_array(&[0, -1])), "[0,-1]");
        assert_eq!(text(|w| w.u32_array(&[0, u32::MAX])), "[0,4294967295]");
        assert_eq!(text(|w| w.str("a\"b\n")), r#""a\"b\n""#);
    }

    #[test]
    #[should_panic(expected = "do not make rows")]
    fn ragged_rows_panic() {
        text(|w| w.f64_rows(&[1.0, 2.0, 3.0], 2));
    }
}
