//! hello: `square` is x², `double` its derivative 2x, by forward mode.

use super::{Job, Work, parse, unknown_function};
use crate::json::JsonWriter;
use crate::protocol::Runs;
use num_traits::Float;

/// x².
pub fn square<T: Float>(x: T) -> T {
    x * x
}

struct Hello {
    double: bool,
    x: f64,
    out: f64,
}

impl Work for Hello {
    fn run(&mut self) {
        self.out = if self.double {
            // One scalar input: a single dual number is the cheapest derivative.
            gradus::derivative(square, self.x).1
        } else {
            square(self.x)
        };
    }

    fn write_output(&self, out: &mut JsonWriter) {
        out.f64(self.out);
    }
}

/// Prepares `square` or `double`; the input is a bare number, run once.
pub fn prepare(function: &str, input: &str) -> Result<Job, String> {
    let double = match function {
        "square" => false,
        "double" => true,
        _ => return Err(unknown_function("hello", function, &["square", "double"])),
    };
    let x: f64 = parse("hello", input)?;
    Ok(Job::new(
        Runs::new(None, None),
        Hello {
            double,
            x,
            out: 0.0,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_is_the_derivative_of_square() {
        for x in [-3.0, 0.0, 0.5, 7.25] {
            let mut job = prepare("double", &x.to_string()).unwrap();
            job.work.run();
            let mut w = JsonWriter::new();
            job.work.write_output(&mut w);
            let d: f64 = serde_json::from_slice(w.as_bytes()).unwrap();
            gradus::check::derivative(square, x, d).unwrap();
            assert_eq!(d, 2.0 * x);
        }
    }
}
