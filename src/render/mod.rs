//! Renderers: text, JSON, SARIF, JUnit and DOT (Graphviz). Renderers format
//! what the analyses decided; they never decide severity or verdicts.

pub mod dot;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;
