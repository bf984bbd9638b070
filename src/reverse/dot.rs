//! Graphviz export of a tape: what was recorded, node by node.

use super::tape::{NONE, Tape};
use core::fmt::{Display, Write};
use num_traits::Float;

impl<T: Float + Display> Tape<T> {
    /// The recorded operations as a Graphviz DOT graph: one box per node,
    /// numbered by position (see [`Var::index`](crate::Var::index)), inputs
    /// marked `input`, and one arrow per parent labelled with the weight
    /// ∂child/∂parent that the backward sweep multiplies by. Render it with
    /// `dot -Tsvg tape.dot -o tape.svg`.
    ///
    /// Only inputs and binary operations between two variables are nodes:
    /// unary operations (and operations with a constant) are folded into the
    /// weights of the arrows, so `y = sin(a) · b` shows one node with the
    /// weights cos(a)·b and sin(a). Values are not stored on the tape (they
    /// live in the variables), so they do not appear.
    ///
    /// ```
    /// use gradus::Tape;
    /// let tape = Tape::new();
    /// let (a, b) = (tape.var(3.0), tape.var(4.0));
    /// let _y = a * b;
    /// let dot = tape.to_dot();
    /// assert!(dot.starts_with("digraph tape {"));
    /// assert!(dot.contains("n0 [label=\"0: input\"]"));
    /// assert!(dot.contains("n0 -> n2 [label=\"4\"]")); // ∂(ab)/∂a = b = 4
    /// assert!(dot.contains("n1 -> n2 [label=\"3\"]"));
    /// ```
    pub fn to_dot(&self) -> String {
        let mut s = String::from("digraph tape {\n  rankdir=BT;\n  node [shape=box];\n");
        let mut label = String::new();
        for i in 0..self.len() {
            let node = self.node(i);
            let leaf = node.is_leaf();
            if leaf {
                let _ = writeln!(s, "  n{i} [label=\"{i}: input\"];");
            } else {
                let _ = writeln!(s, "  n{i} [label=\"{i}\"];");
            }
            for (p, w) in node.parents.iter().zip(&node.weights) {
                if *p == NONE {
                    continue;
                }
                label.clear();
                let _ = write!(label, "{w}");
                let _ = writeln!(s, "  n{p} -> n{i} [label=\"{}\"];", escape(&label));
            }
        }
        s.push_str("}\n");
        s
    }
}

/// Escapes a label for a DOT double-quoted string.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
