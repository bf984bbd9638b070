//! Turns the comparison benchmarks' results into the README's markdown:
//! ratios gradus ÷ peer, gradus ÷ `f64` function, gradus ÷ hand-written
//! (below 1: gradus is faster) and allocations per reverse-mode gradient, on
//! standard output; which performance targets are met, on standard error.
//!
//! ```text
//! cargo bench -p gradus-compare
//! cargo run -p gradus-compare --release --bin table [--profile NAME] [--targets] [CRITERION_DIR]
//! ```
//!
//! CRITERION_DIR defaults to `$CARGO_TARGET_DIR/criterion`, else the
//! workspace's `target/criterion`; `compare/run.sh` passes one per build
//! profile. `--profile NAME` heads the output with the profile the results
//! were measured under; `--targets` prints the targets and the rows where
//! gradus is behind on standard output too. Each cell uses criterion's
//! median time per call (the most recent run of that benchmark).

use gradus_compare::workloads::point;
use gradus_compare::{Objective, Rosenbrock, TrigSum};
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

// ---------------------------------------------------------------- allocation counting

/// Counts every allocation (and reallocation) and its bytes, then defers to `System`.
struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// A global allocator has to be an `unsafe impl`; this one only counts and
// forwards each call unchanged to the system allocator, whose contract is the
// caller's.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        // SAFETY: forwarded unchanged; the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged; `ptr` came from `System` through this allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(layout.size(), Relaxed);
        // SAFETY: forwarded unchanged.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Relaxed);
        BYTES.fetch_add(new_size, Relaxed);
        // SAFETY: forwarded unchanged; `ptr` came from `System` through this allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// (allocations, bytes) of the second of two calls: the first grows every
/// buffer the implementation keeps, the second shows the steady state.
fn count(mut call: impl FnMut()) -> (usize, usize) {
    call();
    let (a, b) = (ALLOCS.load(Relaxed), BYTES.load(Relaxed));
    call();
    (ALLOCS.load(Relaxed) - a, BYTES.load(Relaxed) - b)
}

/// An implementation and its (allocations, bytes) per call.
type AllocRow = (&'static str, (usize, usize));

/// Allocations per reverse-mode gradient call, per implementation.
fn reverse_allocations<W: Objective>(n: usize) -> Vec<AllocRow> {
    let x = point(n);
    let mut grad = vec![0.0; n];
    let mut rows = Vec::new();
    rows.push((
        "gradus",
        count(|| {
            gradus_compare::reverse::gradus_driver::<W>(&x, &mut grad);
        }),
    ));
    let mut tape = gradus::Tape::new();
    rows.push((
        "gradus-tape",
        count(|| {
            gradus_compare::reverse::gradus_tape::<W>(&mut tape, &x, &mut grad);
        }),
    ));
    let mut vars = Vec::new();
    rows.push((
        "ad_trait",
        count(|| {
            gradus_compare::reverse::ad_trait::<W>(&x, &mut vars, &mut grad);
        }),
    ));
    rows.push((
        "echidna",
        count(|| {
            gradus_compare::reverse::echidna_grad::<W>(&x, &mut grad);
        }),
    ));
    let mut tape = gradus_compare::reverse::EchidnaTape::record::<W>(&x);
    rows.push((
        "echidna-tape",
        count(|| {
            tape.gradient(&x, &mut grad);
        }),
    ));
    let tape = reverse::Tape::new();
    let mut vars = Vec::new();
    rows.push((
        "reverse",
        count(|| {
            gradus_compare::reverse::reverse_crate::<W>(&tape, &mut vars, &x, &mut grad);
        }),
    ));
    rows.push((
        "hand",
        count(|| {
            W::gradient(&x, &mut grad);
        }),
    ));
    rows
}

// ---------------------------------------------------------------- criterion results

/// Median time per call in nanoseconds of `group/function[/param]`.
fn median(dir: &Path, group: &str, function: &str, param: Option<&str>) -> Option<f64> {
    let mut p = dir.join(group).join(function);
    if let Some(param) = param {
        p.push(param);
    }
    let text = std::fs::read_to_string(p.join("new").join("estimates.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["median"]["point_estimate"].as_f64()
}

/// The benchmark functions recorded for a group (directory names).
fn functions(dir: &Path, group: &str) -> BTreeSet<String> {
    std::fs::read_dir(dir.join(group))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir() && e.file_name() != "report")
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Peers and baselines, in column order. A section shows the columns that
/// any of its groups measured.
const COLUMNS: [&str; 12] = [
    "num-dual",
    "hyperdual",
    "ad_trait",
    "reverse",
    "echidna",
    "echidna-vec",
    "echidna-jacobian",
    "echidna-tape",
    "echidna-sparse",
    "scalar-passes",
    "f64",
    "hand",
];

/// Forward-mode peers (for "the fastest forward peer"); all dense.
const FORWARD_PEERS: [&str; 4] = ["num-dual", "hyperdual", "ad_trait", "echidna"];
const REVERSE_PEERS: [&str; 4] = ["ad_trait", "reverse", "echidna", "echidna-tape"];
/// Dense Hessian peers: each returns the full N × N matrix.
const HESSIAN_PEERS: [&str; 6] = [
    "num-dual",
    "hyperdual",
    "scalar-passes",
    "echidna",
    "echidna-vec",
    "echidna-tape",
];

/// A benchmark group's directory name and its label in the table.
type Workload = (&'static str, &'static str);

/// One table: several benchmark groups (one per workload) sharing columns.
struct Section {
    title: &'static str,
    size: &'static str,
    groups: &'static [Workload],
    params: &'static [&'static str],
}

const SECTIONS: [Section; 5] = [
    Section {
        title: "Forward gradient (`gradient`, `Dual<f64, N>`; `echidna` is `DualVec<f64, N>`; \
                `gradus-rule-off` is gradus built with the zero-partial rule compiled out, \
                `--cfg gradus_unguarded`, to show what the rule costs)",
        size: "N",
        groups: &[
            ("gradient_rosenbrock", "Rosenbrock"),
            ("gradient_trig", "trig sum"),
        ],
        params: &["2", "8", "16", "32"],
    },
    Section {
        title: "Jacobian (`jacobian`, `Dual<f64, N>`; `echidna` is `DualVec<f64, N>`, \
                `echidna-jacobian` its `jacobian` driver, one scalar `Dual` pass per input, \
                `echidna-tape` its bytecode tape recorded once and replayed)",
        size: "N",
        groups: &[
            (
                "jacobian_reaction_diffusion_8",
                "reaction–diffusion R⁸ → R⁸",
            ),
            ("jacobian_inverse3", "nalgebra 3 × 3 inverse R⁹ → R⁹"),
        ],
        params: &[],
    },
    Section {
        title: "Hessian (`hessian`, `HyperDual<f64, N>`; `gradus-nested` is `Dual<Dual<f64, N>, N>`; \
                `echidna` is its `hessian`, recording and sweeping once per input, `echidna-vec` \
                its `hessian_vec`, recording and sweeping once with N lanes, `echidna-tape` \
                `hessian_vec` on a tape recorded once, `echidna-sparse` \
                `sparse_hessian_with_pattern` on a tape, pattern and colouring found once, \
                returning the nonzeros of the lower triangle only; `gradus-sparse` is \
                `sparse::SparseHessian`, pattern and colouring found once, returning every \
                structural nonzero)",
        size: "N",
        groups: &[("hessian_rosenbrock", "Rosenbrock")],
        params: &["2", "4", "8", "16"],
    },
    Section {
        title: "Hessian-vector product (`hvp`, `HvpDual<f64, N>`; `echidna` is its `hvp`, \
                recording and one forward-over-reverse sweep, `echidna-tape` `hvp_with_buf` on \
                a tape recorded once; echidna returns ∇f and ∇²f·v, not f)",
        size: "N",
        groups: &[("hvp_rosenbrock", "Rosenbrock")],
        params: &["2", "4", "8", "16"],
    },
    Section {
        title: "Reverse gradient (`gradus` is `reverse::gradient`, a fresh tape per call; \
                `gradus-tape` is `reverse::gradient_on`, a reused tape; `echidna` is its `grad`, \
                a pooled thread-local tape; `echidna-tape` its bytecode tape recorded once and \
                replayed with `gradient_with_buf`)",
        size: "n",
        groups: &[
            ("reverse_rosenbrock", "Rosenbrock"),
            ("reverse_trig", "trig sum"),
        ],
        params: &["1000", "100000"],
    },
];

fn fmt_time(ns: f64) -> String {
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{:.2} ms", ns / 1e6)
    }
}

fn fmt_ratio(r: f64) -> String {
    if r < 10.0 {
        format!("{r:.2}")
    } else {
        format!("{r:.1}")
    }
}

/// gradus rows first (`gradus`, then the other `gradus-*` variants).
fn gradus_rows(fns: &BTreeSet<String>) -> Vec<String> {
    let mut rows: Vec<String> = fns
        .iter()
        .filter(|f| f.starts_with("gradus"))
        .cloned()
        .collect();
    rows.sort_by_key(|f| (f != "gradus", f.clone()));
    rows
}

fn section_table(out: &mut String, dir: &Path, s: &Section) {
    let all: BTreeSet<String> = s
        .groups
        .iter()
        .flat_map(|(g, _)| functions(dir, g))
        .collect();
    let cols: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| all.contains(*c))
        .collect();
    if cols.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n**{}**\n", s.title);
    let params: Vec<Option<&str>> = if s.params.is_empty() {
        vec![None]
    } else {
        s.params.iter().map(|p| Some(*p)).collect()
    };
    let (with, without): (Vec<Workload>, Vec<Workload>) = s
        .groups
        .iter()
        .copied()
        .partition(|(g, _)| !gradus_rows(&functions(dir, g)).is_empty());
    if !with.is_empty() {
        let mut head = format!("| workload | {} | gradus | time |", s.size);
        let mut rule = String::from("|---|---:|---|---:|");
        for c in &cols {
            let _ = write!(head, " ÷ {c} |");
            rule.push_str("---:|");
        }
        let _ = writeln!(out, "{head}\n{rule}");
    }
    for (group, label) in &with {
        let fns = functions(dir, group);
        for p in &params {
            for g in gradus_rows(&fns) {
                let Some(t) = median(dir, group, &g, *p) else {
                    continue;
                };
                let size = p.map_or_else(|| "–".to_string(), |p| p.to_string());
                let _ = write!(out, "| {label} | {size} | {g} | {} |", fmt_time(t));
                for c in &cols {
                    let cell = median(dir, group, c, *p)
                        .map_or_else(|| "–".into(), |tc| fmt_ratio(t / tc));
                    let _ = write!(out, " {cell} |");
                }
                out.push('\n');
            }
        }
    }
    if !without.is_empty() {
        if !with.is_empty() {
            out.push('\n');
        }
        times_table(out, dir, s, &without, &params);
    }
}

/// Median times of the rows measured for groups that have no gradus row yet.
fn times_table(
    out: &mut String,
    dir: &Path,
    s: &Section,
    groups: &[Workload],
    params: &[Option<&str>],
) {
    let all: BTreeSet<String> = groups.iter().flat_map(|(g, _)| functions(dir, g)).collect();
    let cols: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| all.contains(*c))
        .collect();
    let _ = writeln!(
        out,
        "No gradus row yet; median time per call of the others:\n"
    );
    let mut head = format!("| workload | {} |", s.size);
    let mut rule = String::from("|---|---:|");
    for c in &cols {
        let _ = write!(head, " {c} |");
        rule.push_str("---:|");
    }
    let _ = writeln!(out, "{head}\n{rule}");
    for (group, label) in groups {
        for p in params {
            let size = p.map_or_else(|| "–".to_string(), |p| p.to_string());
            let _ = write!(out, "| {label} | {size} |");
            for c in &cols {
                let cell = median(dir, group, c, *p).map_or_else(|| "–".into(), fmt_time);
                let _ = write!(out, " {cell} |");
            }
            out.push('\n');
        }
    }
}

// ---------------------------------------------------------------- targets

fn targets(out: &mut String, dir: &Path, allocs: &[(String, Vec<AllocRow>)]) {
    let _ = writeln!(out, "\n**Targets** (speed-up = peer time ÷ gradus time)\n");
    let verdict = |ok: bool| if ok { "met" } else { "**missed**" };
    for (group, label) in [
        ("gradient_rosenbrock", "Rosenbrock"),
        ("gradient_trig", "trig sum"),
    ] {
        for n in ["8", "16", "32"] {
            let Some(t) = median(dir, group, "gradus", Some(n)) else {
                continue;
            };
            let peers: Vec<(&str, f64)> = FORWARD_PEERS
                .iter()
                .filter_map(|p| median(dir, group, p, Some(n)).map(|tp| (*p, tp / t)))
                .collect();
            if let Some((best, s)) = peers.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1)) {
                let _ = writeln!(
                    out,
                    "- forward {label} N = {n}: {s:.2}× the fastest peer ({best}) — target ≥ 1.3×: {}",
                    verdict(s >= 1.3)
                );
            }
            if let Some(tn) = median(dir, group, "num-dual", Some(n)) {
                let s = tn / t;
                let _ = writeln!(
                    out,
                    "- forward {label} N = {n}: {s:.2}× num-dual — target ≥ 2×: {}",
                    verdict(s >= 2.0)
                );
            }
        }
    }
    let g = "jacobian_reaction_diffusion_8";
    if let (Some(t), Some(th)) = (median(dir, g, "gradus", None), median(dir, g, "hand", None)) {
        let r = t / th;
        let _ = writeln!(
            out,
            "- Jacobian R⁸ → R⁸: {r:.2}× hand-written — target ≤ 3×: {}",
            verdict(r <= 3.0)
        );
    }
    let g = "hessian_rosenbrock";
    for n in ["8", "16"] {
        let Some(t) = median(dir, g, "gradus", Some(n)) else {
            let _ = writeln!(
                out,
                "- Hessian N = {n}: no `gradus` (HyperDual) row measured yet"
            );
            continue;
        };
        for p in HESSIAN_PEERS {
            if let Some(tp) = median(dir, g, p, Some(n)) {
                let s = tp / t;
                let need = if p == "num-dual" { 2.5 } else { 1.0 };
                let _ = writeln!(
                    out,
                    "- Hessian N = {n}: {s:.2}× {p} — target > {need}×: {}",
                    verdict(s > need || (need > 1.0 && s >= need))
                );
            }
        }
    }
    for (group, label) in [
        ("reverse_rosenbrock", "Rosenbrock"),
        ("reverse_trig", "trig sum"),
    ] {
        // The fastest gradus row (the convenience driver, or a reused tape).
        let fastest = gradus_rows(&functions(dir, group))
            .into_iter()
            .filter_map(|g| median(dir, group, &g, Some("1000")).map(|t| (g, t)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        let Some((row, t)) = fastest else {
            let _ = writeln!(
                out,
                "- reverse {label} n = 1000: no `gradus` row measured yet"
            );
            continue;
        };
        let best = REVERSE_PEERS
            .iter()
            .filter_map(|p| median(dir, group, p, Some("1000")).map(|tp| (*p, tp / t)))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((p, s)) = best {
            let _ = writeln!(
                out,
                "- reverse {label} n = 1000: {row} {s:.2}× the fastest peer ({p}) — target ≥ 1.5×: {}",
                verdict(s >= 1.5)
            );
        }
    }
    for (what, rows) in allocs {
        // The gradus implementation that allocates least (a reused tape).
        let gradus_min = rows
            .iter()
            .filter(|(name, _)| name.starts_with("gradus"))
            .map(|(_, (a, _))| *a)
            .min();
        if let Some(a) = gradus_min {
            let peers_min = rows
                .iter()
                .filter(|(n, _)| REVERSE_PEERS.contains(n))
                .map(|(_, (a, _))| *a)
                .min();
            let _ = writeln!(
                out,
                "- allocations, {what}: gradus {a} per call, peers at least {} — target 0 where every peer has ≥ 1: {}",
                peers_min.unwrap_or(0),
                verdict(a == 0 || peers_min == Some(0))
            );
        }
    }
}

// ---------------------------------------------------------------- findings

/// Every row where gradus is behind a dense peer, and the reverse-mode
/// ratios against the hand-written gradient and echidna's replayed tape.
fn findings(out: &mut String, dir: &Path) {
    let _ = writeln!(
        out,
        "\n**Where gradus is behind** (gradus time ÷ peer time)\n"
    );
    let mut behind = 0;
    for (group, label) in [
        ("gradient_rosenbrock", "Rosenbrock"),
        ("gradient_trig", "trig sum"),
    ] {
        for n in ["2", "8", "16", "32"] {
            let Some(t) = median(dir, group, "gradus", Some(n)) else {
                continue;
            };
            let best = FORWARD_PEERS
                .iter()
                .filter_map(|p| median(dir, group, p, Some(n)).map(|tp| (*p, tp)))
                .min_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((p, tp)) = best.filter(|(_, tp)| t > *tp) {
                behind += 1;
                let _ = writeln!(
                    out,
                    "- forward {label} N = {n}: gradus {} is {:.2}× the fastest dense peer, {p} ({})",
                    fmt_time(t),
                    t / tp,
                    fmt_time(tp)
                );
            }
        }
    }
    let g = "hessian_rosenbrock";
    for n in ["2", "4", "8", "16"] {
        let Some(t) = median(dir, g, "gradus", Some(n)) else {
            continue;
        };
        for p in HESSIAN_PEERS {
            if let Some(tp) = median(dir, g, p, Some(n)).filter(|tp| t > *tp) {
                behind += 1;
                let _ = writeln!(
                    out,
                    "- Hessian Rosenbrock N = {n}: gradus {} is {:.2}× {p} ({})",
                    fmt_time(t),
                    t / tp,
                    fmt_time(tp)
                );
            }
        }
    }
    if behind == 0 {
        let _ = writeln!(
            out,
            "- no forward-gradient row (N = 2 … 32) nor dense Hessian row (N = 2 … 16)"
        );
    }
    let _ = writeln!(out, "\n**Reverse mode at n = 1000** (time ÷ time)\n");
    for (group, label) in [
        ("reverse_rosenbrock", "Rosenbrock"),
        ("reverse_trig", "trig sum"),
    ] {
        let hand = median(dir, group, "hand", Some("1000"));
        let tape = median(dir, group, "echidna-tape", Some("1000"));
        for row in gradus_rows(&functions(dir, group)) {
            let Some(t) = median(dir, group, &row, Some("1000")) else {
                continue;
            };
            let ratio = |d: Option<f64>| d.map_or_else(|| "–".into(), |d| fmt_ratio(t / d));
            let _ = writeln!(
                out,
                "- {label}: {row} {} = {} × hand-written, {} × echidna-tape",
                fmt_time(t),
                ratio(hand),
                ratio(tape)
            );
        }
    }
}

// ---------------------------------------------------------------- main

/// The command line: `table [--profile NAME] [--targets] [CRITERION_DIR]`.
struct Args {
    dir: PathBuf,
    /// The cargo profile the results were measured under, for the heading.
    profile: Option<String>,
    /// Targets and findings on standard output, after the tables.
    targets: bool,
}

const USAGE: &str = "usage: table [--profile NAME] [--targets] [CRITERION_DIR]";

fn args() -> Args {
    let mut dir = None;
    let mut profile = None;
    let mut targets = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--profile" => {
                profile = Some(
                    it.next()
                        .unwrap_or_else(|| panic!("--profile needs a name: {USAGE}")),
                )
            }
            "--targets" => targets = true,
            _ if a.starts_with("--") => panic!("unknown option {a:?}: {USAGE}"),
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ => panic!("one criterion directory only, got a second, {a:?}: {USAGE}"),
        }
    }
    let dir = dir.unwrap_or_else(|| {
        std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(
                || {
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("..")
                        .join("target")
                },
                PathBuf::from,
            )
            .join("criterion")
    });
    Args {
        dir,
        profile,
        targets,
    }
}

fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|m| m.trim().to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{model}, {cores} cores")
}

fn today() -> String {
    std::process::Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "unknown date".into())
}

fn main() {
    let args = args();
    let dir = &args.dir;
    assert!(
        dir.is_dir(),
        "no criterion results in {}: run `cargo bench -p gradus-compare` first, or pass the criterion directory",
        dir.display()
    );
    let mut out = String::new();
    let (heading, reproduce) = match &args.profile {
        Some(p) => (
            format!("## Profile `{p}`\n\n"),
            format!(
                "Reproduce with `bash compare/run.sh` (this profile: `cargo bench -p gradus-compare --profile {p}`)."
            ),
        ),
        None => (
            String::new(),
            "Reproduce with `cargo bench -p gradus-compare && \
             cargo run -p gradus-compare --release --bin table`."
                .into(),
        ),
    };
    let _ = writeln!(
        out,
        "{heading}Measured {}{} on {} (rustc {}): median CPU time per call of the benchmark thread; \
         each cell is gradus's time ÷ the column's (below 1: gradus is faster). {reproduce}",
        today(),
        args.profile
            .as_ref()
            .map_or_else(String::new, |p| format!(" under the `{p}` profile")),
        machine(),
        rustc_version()
    );
    for s in &SECTIONS {
        section_table(&mut out, dir, s);
    }

    let mut allocs = Vec::new();
    for n in [1000, 100_000] {
        allocs.push((
            format!("Rosenbrock n = {n}"),
            reverse_allocations::<Rosenbrock>(n),
        ));
        allocs.push((
            format!("trig sum n = {n}"),
            reverse_allocations::<TrigSum>(n),
        ));
    }
    let names: Vec<&str> = allocs[0].1.iter().map(|(n, _)| *n).collect();
    let _ = writeln!(
        out,
        "\n**Heap allocations per reverse-mode gradient** (steady state: second call, buffers reused)\n"
    );
    let mut head = String::from("| workload |");
    let mut rule = String::from("|---|");
    for n in &names {
        let _ = write!(head, " {n} |");
        rule.push_str("---:|");
    }
    let _ = writeln!(out, "{head}\n{rule}");
    for (what, rows) in &allocs {
        let _ = write!(out, "| {what} |");
        for (_, (a, b)) in rows {
            let _ = write!(out, " {a} ({} KiB) |", b / 1024);
        }
        out.push('\n');
    }
    let mut t = String::new();
    targets(&mut t, dir, &allocs);
    findings(&mut t, dir);
    if args.targets {
        out.push_str(&t);
        print!("{out}");
    } else {
        print!("{out}");
        // The targets are for the developers, not the README: standard
        // error, so that `... --bin table > performance.md` keeps only the
        // tables.
        eprint!("{t}");
    }
}

fn rustc_version() -> String {
    std::process::Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.split_whitespace().nth(1).map(str::to_string))
        .unwrap_or_else(|| "?".into())
}
