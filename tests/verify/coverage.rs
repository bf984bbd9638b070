//! The suite covers the whole table: every function and operator that
//! `gradus::rules` lists (through the same `for_each_*!` lists that generate
//! every number type's surface) has an entry in [`FUNS`], so a function added
//! to the table without a test fails here.

use crate::functions::FUNS;

/// The names a list macro passes, as strings.
macro_rules! unary_names {
    ([] $($name:ident: $class:ident, $simba:ident,)*) => {
        &[$(stringify!($name)),*]
    };
}

macro_rules! binary_names {
    ([] $($name:ident: $class:ident,)*) => {
        &[$(stringify!($name)),*]
    };
}

macro_rules! operator_traits {
    ([] $($name:ident ($rc:ident, $lc:ident) $Op:ident $op:ident $OpA:ident $opa:ident:
        [$c0:ident, $c1:ident, $c2:ident],)*) => {
        &[$(stringify!($Op)),*]
    };
}

const UNARY: &[&str] = gradus::for_each_unary!(unary_names);
const BINARY: &[&str] = gradus::for_each_binary!(binary_names);
const OPERATORS: &[&str] = gradus::for_each_operator!(operator_traits);

fn entry_named(pred: impl Fn(&str) -> bool) -> bool {
    FUNS.iter().any(|f| pred(f.name))
}

#[test]
fn every_listed_unary_function_has_an_entry() {
    assert!(UNARY.len() >= 30, "the unary list: {UNARY:?}");
    let missing: Vec<_> = UNARY
        .iter()
        .filter(|&&n| !entry_named(|e| e == n))
        .collect();
    assert!(
        missing.is_empty(),
        "in gradus::for_each_unary! but not in tests/verify/functions.rs: {missing:?}"
    );
}

#[test]
fn every_listed_binary_function_has_an_entry() {
    // Entries of two arguments are named like `atan2(y, x)`, or just `hypot`.
    let missing: Vec<_> = BINARY
        .iter()
        .filter(|&&n| !entry_named(|e| e == n || e.starts_with(&format!("{n}("))))
        .collect();
    assert!(
        missing.is_empty(),
        "in gradus::for_each_binary! but not in tests/verify/functions.rs: {missing:?}"
    );
}

#[test]
fn every_listed_operator_has_entries_with_numbers_and_constants_on_each_side() {
    for &op in OPERATORS {
        let symbol = match op {
            "Add" => "+",
            "Sub" => "-",
            "Mul" => "*",
            "Div" => "/",
            "Rem" => "%",
            other => {
                panic!("a new operator {other}: give it entries in functions.rs and a symbol here")
            }
        };
        let both = format!("x {symbol} y");
        let assign = format!("z {symbol}= ");
        assert!(entry_named(|e| e == both), "no entry `{both}` for {op}");
        // A constant on the right (`x * 2.0`, `x / 3.0`) and on the left (`2.0 * x`, `1.0 / x`).
        assert!(
            entry_named(|e| e.starts_with(&format!("x {symbol} ")) && e != both),
            "no entry with a constant right of {op}"
        );
        assert!(
            entry_named(|e| e.ends_with(&format!(" {symbol} x")) && !e.starts_with('x')),
            "no entry with a constant left of {op}"
        );
        assert!(
            entry_named(|e| e.contains(&assign)),
            "no compound assignment `{symbol}=` between numbers for {op}"
        );
    }
}
