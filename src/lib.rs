//! meetdoc: structured JSON meeting data in, official meeting documents
//! (DOCX and PDF) out.
//!
//! Pipeline: `data` (read + validate JSON) → `build` (one document model,
//! `model`) → `writer::docx` and `writer::pdf`, both reading one style spec
//! (`style`, from `layouts/style.json`).

pub mod build;
pub mod bundle;
pub mod cache;
pub mod data;
pub mod diagnostics;
pub mod diff;
pub mod docset;
pub mod errors;
pub mod hash;
pub mod markup;
pub mod model;
pub mod output;
pub mod paths;
pub mod pipeline;
pub mod schema;
pub mod stress;
pub mod style;
pub mod watch;
pub mod writer;
