//! meetdoc: structured JSON meeting data in, official meeting documents
//! (DOCX and PDF) out.
//!
//! Pipeline: `data` (read + validate JSON) → `compose` (one document model,
//! `model`) → `writer::docx` and `writer::pdf`, both reading one style spec
//! (`style`, from `layouts/style.json`).

pub mod compose;
pub mod data;
pub mod diagnostics;
pub mod diff;
pub mod errors;
pub mod hash;
pub mod import;
pub mod labels;
pub mod layouts;
pub mod markup;
pub mod model;
pub mod output;
pub mod paths;
pub mod reference;
pub mod render;
pub mod schema;
pub mod serve;
pub mod set;
pub mod starter;
pub mod stress;
pub mod style;
pub mod values;
pub mod watch;
pub mod writer;
