//! The GradBench protocol: one JSON message per line in, one JSON response
//! per line out, in lock-step, until the input ends.
//!
//! | message `kind` | response |
//! |---|---|
//! | `start` | `{"id", "tool": "gradus"}` |
//! | `define` | `{"id", "success"}` (+ `"error"` for an unknown module) |
//! | `evaluate` | `{"id", "success": true, "output", "timings"}` or `{"id", "success": false, "error"}` |
//! | anything else | `{"id"}` |
//!
//! An evaluation runs its function until it has done at least `min_runs`
//! runs *and* spent at least `min_seconds` in them, with one `"evaluate"`
//! timing per run, after one `"prepare"` timing for turning the input into
//! the function's own arrays. Bad input of any kind is answered with
//! `success: false` and a message; a panic inside an evaluation is caught
//! and answered the same way, so the tool never dies mid-session.

use crate::evals;
use crate::json::JsonWriter;
use serde::Deserialize;
use serde_json::value::RawValue;
use std::io::{self, BufRead, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

/// How long to keep running a function: at least `min_runs` runs and at
/// least `min_seconds` of measured time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Runs {
    /// Minimum number of runs (at least one is always made: the output is
    /// that of the last run).
    pub min_runs: u64,
    /// Minimum total measured time, in seconds.
    pub min_seconds: f64,
}

impl Runs {
    /// From an input's optional `min_runs` / `min_seconds` fields (GradBench's
    /// defaults when absent: one run, no minimum time).
    pub fn new(min_runs: Option<u64>, min_seconds: Option<f64>) -> Self {
        Runs {
            min_runs: min_runs.unwrap_or(1),
            min_seconds: min_seconds.unwrap_or(0.0),
        }
    }
}

/// Runs `run` while `runs < min_runs || elapsed < min_seconds` (and at least
/// once), timing each run with `clock` (monotonic nanoseconds); returns the
/// time of each run.
pub fn measure(runs: Runs, mut clock: impl FnMut() -> u64, mut run: impl FnMut()) -> Vec<u64> {
    let mut times = Vec::new();
    let mut elapsed = 0.0f64;
    while times.is_empty() || (times.len() as u64) < runs.min_runs || elapsed < runs.min_seconds {
        let start = clock();
        run();
        let ns = clock().saturating_sub(start);
        times.push(ns);
        elapsed += ns as f64 / 1e9;
    }
    times
}

/// A monotonic clock in nanoseconds since its creation.
pub fn wall_clock() -> impl FnMut() -> u64 {
    let base = Instant::now();
    move || base.elapsed().as_nanos() as u64
}

#[derive(Deserialize)]
struct Message<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    kind: Option<String>,
    module: Option<String>,
    function: Option<String>,
    #[serde(borrow)]
    input: Option<&'a RawValue>,
}

/// The response to one message line (without the newline).
///
/// `clock` times the evaluations (see [`measure`]).
pub fn respond(line: &str, clock: &mut impl FnMut() -> u64) -> Vec<u8> {
    let mut w = JsonWriter::new();
    let msg: Message<'_> = match serde_json::from_str(line) {
        Ok(m) => m,
        Err(e) => {
            w.raw(b"{\"id\":null,\"success\":false,\"error\":");
            w.str(&format!(
                "the message is not a JSON object of the protocol: {e}"
            ));
            w.raw(b"}");
            return w.take();
        }
    };
    w.raw(b"{\"id\":");
    w.raw(msg.id.map_or("null", RawValue::get).as_bytes());
    match msg.kind.as_deref() {
        Some("start") => w.raw(b",\"tool\":\"gradus\""),
        Some("define") => {
            let module = msg.module.as_deref().unwrap_or("");
            if evals::MODULES.contains(&module) {
                w.raw(b",\"success\":true");
            } else {
                w.raw(b",\"success\":false,\"error\":");
                w.str(&format!(
                    "unknown module {module:?}: this tool implements {}",
                    evals::MODULES.join(", ")
                ));
            }
        }
        Some("evaluate") => evaluate(&mut w, &msg, clock),
        _ => {}
    }
    w.raw(b"}");
    w.take()
}

fn failure(w: &mut JsonWriter, error: &str) {
    w.raw(b",\"success\":false,\"error\":");
    w.str(error);
}

fn evaluate(w: &mut JsonWriter, msg: &Message<'_>, clock: &mut impl FnMut() -> u64) {
    let (Some(module), Some(function), Some(input)) = (&msg.module, &msg.function, msg.input)
    else {
        return failure(
            w,
            "an evaluate message needs \"module\", \"function\" and \"input\"",
        );
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let start = clock();
        let mut job = evals::prepare(module, function, input.get())?;
        let prepare = clock().saturating_sub(start);
        let times = measure(job.runs, &mut *clock, || job.work.run());
        let mut out = JsonWriter::new();
        job.work.write_output(&mut out);
        Ok::<_, String>((out, prepare, times))
    }));
    match outcome {
        Ok(Ok((out, prepare, times))) => {
            w.raw(b",\"success\":true,\"output\":");
            w.raw(out.as_bytes());
            w.raw(b",\"timings\":[{\"name\":\"prepare\",\"nanoseconds\":");
            w.u64(prepare);
            for t in times {
                w.raw(b"},{\"name\":\"evaluate\",\"nanoseconds\":");
                w.u64(t);
            }
            w.raw(b"}]");
        }
        Ok(Err(e)) => failure(w, &e),
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)");
            failure(w, &format!("{module}.{function} panicked: {what}"));
        }
    }
}

/// Serves the protocol: answers each line of `input` on `output`, flushing
/// after each response, until `input` ends. Blank lines are skipped.
pub fn serve(input: impl BufRead, mut output: impl Write) -> io::Result<()> {
    let mut clock = wall_clock();
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let mut response = respond(&line, &mut clock);
        response.push(b'\n');
        output.write_all(&response)?;
        output.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// A clock that advances `step` nanoseconds per reading.
    fn ticking(step: u64) -> impl FnMut() -> u64 {
        let mut t = 0;
        move || {
            t += step;
            t
        }
    }

    fn reply(line: &str) -> Value {
        let bytes = respond(line, &mut ticking(1000));
        serde_json::from_slice(&bytes).expect("the response is one JSON value")
    }

    #[test]
    fn runs_until_both_minimums_are_met() {
        // Each run takes one tick of 0.3 s.
        let count = |runs| {
            let mut n = 0;
            let times = measure(runs, ticking(300_000_000), || n += 1);
            assert_eq!(times.len(), n);
            assert!(times.iter().all(|&t| t == 300_000_000));
            n
        };
        assert_eq!(count(Runs::new(Some(3), Some(0.0))), 3);
        assert_eq!(count(Runs::new(Some(1), Some(1.0))), 4); // 4 × 0.3 s ≥ 1 s
        assert_eq!(count(Runs::new(Some(5), Some(1.0))), 5);
        assert_eq!(count(Runs::new(None, None)), 1);
        // Zero runs asked: still one, for the output.
        assert_eq!(count(Runs::new(Some(0), Some(0.0))), 1);
    }

    #[test]
    fn start_define_and_other_kinds() {
        assert_eq!(
            reply(r#"{"id":0,"kind":"start","eval":"det"}"#),
            serde_json::json!({"id": 0, "tool": "gradus"})
        );
        assert_eq!(
            reply(r#"{"id":1,"kind":"define","module":"gmm"}"#),
            serde_json::json!({"id": 1, "success": true})
        );
        let r = reply(r#"{"id":2,"kind":"define","module":"nope"}"#);
        assert_eq!(r["success"], false);
        assert!(
            r["error"]
                .as_str()
                .unwrap()
                .contains("unknown module \"nope\"")
        );
        assert_eq!(
            reply(r#"{"id":3,"kind":"analysis","of":2,"valid":true}"#),
            serde_json::json!({"id": 3})
        );
        assert_eq!(
            reply(r#"{"id":4,"kind":"mystery"}"#),
            serde_json::json!({"id": 4})
        );
    }

    #[test]
    fn evaluate_reports_output_and_timings() {
        let r = reply(
            r#"{"id":5,"kind":"evaluate","module":"det","function":"primal",
                "input":{"A":[1,2,3,4],"ell":2,"min_runs":3,"min_seconds":0}}"#,
        );
        assert_eq!(r["success"], true);
        assert_eq!(r["output"], -2.0);
        let t = r["timings"].as_array().unwrap();
        assert_eq!(t.len(), 4);
        assert_eq!(t[0]["name"], "prepare");
        assert!(
            t[1..]
                .iter()
                .all(|e| e["name"] == "evaluate" && e["nanoseconds"] == 1000)
        );
    }

    #[test]
    fn bad_input_fails_cleanly() {
        let cases = [
            (
                r#"{"id":6,"kind":"evaluate","module":"det","function":"nope","input":{"A":[1],"ell":1}}"#,
                "unknown function",
            ),
            (
                r#"{"id":7,"kind":"evaluate","module":"nope","function":"f","input":1}"#,
                "unknown module",
            ),
            (
                r#"{"id":8,"kind":"evaluate","module":"det","function":"primal","input":{"A":[1,2]}}"#,
                "ell",
            ),
            (
                r#"{"id":9,"kind":"evaluate","module":"det","function":"primal","input":{"A":[1,2],"ell":2}}"#,
                "4",
            ),
            (
                r#"{"id":10,"kind":"evaluate","module":"det","function":"primal"}"#,
                "needs",
            ),
        ];
        for (line, needle) in cases {
            let r = reply(line);
            assert_eq!(r["success"], false, "{line}");
            let e = r["error"].as_str().unwrap();
            assert!(e.contains(needle), "{e:?} should mention {needle:?}");
            assert!(r.get("output").is_none());
        }
        let r = reply("this is not json");
        assert_eq!(r["id"], Value::Null);
        assert_eq!(r["success"], false);
    }

    #[test]
    fn serve_answers_line_by_line() {
        let input = b"{\"id\":0,\"kind\":\"start\"}\n\n{\"id\":1,\"kind\":\"evaluate\",\"module\":\"hello\",\"function\":\"double\",\"input\":3.5}\n";
        let mut out = Vec::new();
        serve(&input[..], &mut out).unwrap();
        let lines: Vec<Value> = out
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1]["id"], 1);
        assert_eq!(lines[1]["output"], 7.0);
    }
}
