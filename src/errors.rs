//! What kind of failure ended a run, so the command line can tell them
//! apart by exit code.

use std::fmt;

/// An external tool (typst) is missing or failed.
#[derive(Debug)]
pub struct ToolFailure(pub anyhow::Error);

impl fmt::Display for ToolFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:#}", self.0)
    }
}

impl std::error::Error for ToolFailure {}

/// Exit codes, as documented in `--help` and the README.
pub mod exit {
    /// Success.
    pub const OK: i32 = 0;
    /// The data is invalid (every error is printed).
    pub const INVALID_DATA: i32 = 1;
    /// The command line is wrong (clap's usage errors).
    pub const USAGE: i32 = 2;
    /// An external tool (typst) is missing or failed.
    pub const TOOL: i32 = 3;
    /// Reading layouts or writing outputs failed (I/O, permissions).
    pub const IO: i32 = 4;
}

/// The exit code for an error.
pub fn exit_code(e: &anyhow::Error) -> i32 {
    if e.downcast_ref::<crate::diagnostics::InvalidData>()
        .is_some()
        || e.downcast_ref::<crate::import::ImportError>().is_some()
    {
        exit::INVALID_DATA
    } else if e.downcast_ref::<ToolFailure>().is_some() {
        exit::TOOL
    } else {
        exit::IO
    }
}
