//! The PDF writer: the document model → Typst source (minijinja templates in
//! `layouts/*.typ.j2`) → PDF (the `typst` binary).
//!
//! - [`template`]: the template environment whose formatter turns every
//!   printed value into a Typst literal, so data can never become code.
//! - [`source`]: the context handed to the templates and [`render_source`].
//! - [`fonts`]: finding the font files the style spec names.
//! - [`typst`]: finding and running `typst` ([`Typst`], [`CompileJob`]).
//! - [`coverage`]: characters no PDF font has, reported before compiling.

pub mod coverage;
mod fonts;
mod source;
mod template;
mod typst;

pub use fonts::{FontFiles, find_font_files};
pub use source::render_source;
pub use template::{typst_literal, typst_string};
pub use typst::{CompileJob, Running, Typst, coverage_warnings};
