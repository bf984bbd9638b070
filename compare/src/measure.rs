//! A criterion measurement of the benchmark thread's CPU time.
//!
//! The comparison is meant to run on shared machines. Wall-clock time counts
//! the moments the benchmark thread waits for a core that another process
//! holds, and that waiting changes from one benchmark to the next, so ratios
//! of rows measured seconds apart drift. The thread's CPU time
//! (`CLOCK_THREAD_CPUTIME_ID`) counts only the time it ran. For
//! single-threaded, compute-bound code on an idle machine the two agree.

use criterion::Throughput;
use criterion::measurement::{Measurement, ValueFormatter};
use std::time::Duration;

/// CPU time of the calling thread, in nanoseconds (as criterion's `WallTime`).
pub struct ThreadCpuTime;

impl Measurement for ThreadCpuTime {
    type Intermediate = cpu_time::ThreadTime;
    type Value = Duration;

    fn start(&self) -> Self::Intermediate {
        cpu_time::ThreadTime::now()
    }
    fn end(&self, i: Self::Intermediate) -> Self::Value {
        i.elapsed()
    }
    fn add(&self, v1: &Self::Value, v2: &Self::Value) -> Self::Value {
        *v1 + *v2
    }
    fn zero(&self) -> Self::Value {
        Duration::ZERO
    }
    fn to_f64(&self, value: &Self::Value) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &Nanoseconds
    }
}

/// Formats nanoseconds as ps … s, like criterion's own time formatter.
struct Nanoseconds;

impl Nanoseconds {
    fn unit(typical_ns: f64) -> (f64, &'static str) {
        match typical_ns {
            t if t < 1.0 => (1e-3, "ps"),
            t if t < 1e3 => (1.0, "ns"),
            t if t < 1e6 => (1e3, "µs"),
            t if t < 1e9 => (1e6, "ms"),
            _ => (1e9, "s"),
        }
    }
}

impl ValueFormatter for Nanoseconds {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (d, unit) = Self::unit(typical);
        values.iter_mut().for_each(|v| *v /= d);
        unit
    }
    fn scale_throughputs(
        &self,
        typical: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        // Elements per second; the comparison sets no throughput, this is for completeness.
        let per_call = match throughput {
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) | Throughput::Elements(n) => {
                *n as f64
            }
            Throughput::Bits(n) => *n as f64,
            Throughput::ElementsAndBytes { elements, .. } => *elements as f64,
        };
        let _ = typical;
        values.iter_mut().for_each(|v| *v = per_call * 1e9 / *v);
        "elem/s"
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}
