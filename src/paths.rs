//! Default locations: the seed data set and the layouts, found beside the
//! working directory first, then in the source tree meetdoc was built from.
//! (No environment variable is read here: the front end does that.)

use std::path::PathBuf;

const SOURCE_TREE: &str = env!("CARGO_MANIFEST_DIR");

fn find(relative: &str) -> PathBuf {
    let here = PathBuf::from(relative);
    if here.exists() {
        here
    } else {
        PathBuf::from(SOURCE_TREE).join(relative)
    }
}

/// The seed data set, `data/neacap-pd2`.
pub fn default_data() -> PathBuf {
    find("data/neacap-pd2")
}

/// The layouts folder, `layouts/` (the command line takes `--layouts`,
/// then `MEETDOC_LAYOUTS`, then this).
pub fn default_layouts() -> PathBuf {
    find("layouts")
}

/// Where a set is bundled by default: `output/<set folder name>`.
pub fn default_bundle_output(set_dir: &std::path::Path) -> PathBuf {
    let name = set_dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_os_string()))
        .unwrap_or_else(|| "set".into());
    PathBuf::from("output").join(name)
}
