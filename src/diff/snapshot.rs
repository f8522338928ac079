//! What the last bundle (or build) looked like, kept beside its outputs as
//! `snapshot.json`: the versions of its documents, so the next bundle (or
//! `meetdoc diff`) can tell what changed since. It belongs to diff: bundle
//! and build only write it.

use super::state::SetState;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const SNAPSHOT: &str = "snapshot.json";

/// What the last bundle or build wrote, kept beside its outputs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Snapshot {
    pub state: SetState,
}

impl Snapshot {
    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        (serde_json::to_string_pretty(self).expect("a snapshot serializes") + "\n").into_bytes()
    }
}

/// Reads the snapshot kept by the last bundle or build in `outdir`.
pub fn read_snapshot(outdir: &Path) -> Option<Snapshot> {
    let text = std::fs::read_to_string(outdir.join(SNAPSHOT)).ok()?;
    serde_json::from_str(&text).ok()
}
