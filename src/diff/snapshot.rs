//! What the last bundle (or build) of a set looked like, kept beside its
//! outputs as `snapshot.json`, so the next bundle (or `meetdoc diff`) can
//! tell what changed. It belongs to diff: bundle only writes it.

use super::state::SetState;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const SNAPSHOT: &str = "snapshot.json";

/// What the last bundle of a set looked like, kept beside its outputs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Snapshot {
    pub state: SetState,
    /// The changes since the version before (kept while nothing changes).
    pub changes: Vec<String>,
    pub changes_markdown: String,
}

/// Reads the snapshot kept by the last bundle in `outdir`.
pub fn read_snapshot(outdir: &Path) -> Option<Snapshot> {
    let text = std::fs::read_to_string(outdir.join(SNAPSHOT)).ok()?;
    serde_json::from_str(&text).ok()
}
