//! Writers: each lays out a [`crate::model::Document`] in one format.

pub mod docx;
pub mod pdf;
