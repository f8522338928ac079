//! meetdoc: structured JSON meeting data in, official meeting documents
//! (DOCX and PDF) out.
//!
//! Pipeline: `data` (read + validate JSON) → `build` (one document model,
//! `model`) → `writer::docx` and `writer::pdf`, both reading one style spec
//! (`style`, from `layouts/style.json`).

pub mod markup;
pub mod model;
pub mod style;
pub mod writer;
pub mod build;
pub mod data;
pub mod diagnostics;
pub mod output;
pub mod errors;
pub mod pipeline;
pub mod paths;
pub mod schema;
