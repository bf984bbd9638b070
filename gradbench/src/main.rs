//! The GradBench tool: serves the protocol on stdin/stdout until stdin ends.

fn main() {
    let stdin = std::io::stdin().lock();
    let stdout = std::io::stdout().lock();
    if let Err(e) = gradus_gradbench::protocol::serve(stdin, stdout) {
        eprintln!("gradus-gradbench: {e}");
        std::process::exit(1);
    }
}
