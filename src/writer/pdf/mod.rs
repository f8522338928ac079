//! The PDF writer: the document model → Typst source (minijinja templates in
//! `layouts/*.typ.j2`) → PDF (the `typst` binary).
//!
//! - [`template`]: the template environment whose formatter turns every
//!   printed value into a Typst literal, so data can never become code.
//! - [`source`]: the context handed to the templates and [`render_source`].
//! - [`fonts`]: finding the font files the style spec names, and choosing
//!   those a document needs.
//! - [`typst`]: finding and running `typst` ([`Typst`], [`CompileJob`]).
//! - [`build_dir`]: private build folders, removed on every way out.
//! - [`coverage`]: which characters each font has; characters no PDF font
//!   has are reported before compiling.

pub mod build_dir;
pub mod coverage;
mod fonts;
mod source;
mod template;
mod typst;

pub use build_dir::{BuildPlace, Builds};
pub use fonts::{FontChoice, FontSet, system_font_dirs};
pub use source::render_source;
pub use template::{typst_literal, typst_string};
pub use typst::{CompileJob, Output, Running, Typst, TypstLookup, Waiting};
