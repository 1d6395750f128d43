//! Renderers: text, JSON, SARIF, JUnit, Markdown, HTML and DOT (Graphviz). Renderers format
//! what the analyses decided; they never decide severity or verdicts.

pub mod dot;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;
