//! Renderers: text and JSON now; SARIF, JUnit and DOT later. Renderers format
//! what the analyses decided; they never decide severity or verdicts.

pub mod json;
pub mod junit;
pub mod sarif;
pub mod text;
