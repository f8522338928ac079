//! Translations left behind: a text of an original that changed since it
//! was circulated while its language version's text did not. The version
//! then prints the translation of the old text (a country replaced in the
//! English programme still named in the Russian one), which no build can
//! see by itself: the records of the circulated versions tell it.

use crate::data::NoteSection;
use crate::data::walk::{self, TextRef};
use crate::diagnostics::Diagnostic;
use crate::diff::state::{DocVersion, Recorded};
use std::collections::BTreeMap;
use std::path::Path;

/// Each text a version prints, by (data file, JSON path).
fn texts(v: &DocVersion) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    let mut put = |file: &str, refs: Vec<TextRef>| {
        for t in refs {
            out.insert((file.to_string(), t.path), t.source);
        }
    };
    match &v.source {
        Recorded::ConceptNote { data } | Recorded::Programme { data } => {
            put("meeting.json", walk::texts(&data.meeting));
            for s in &data.sections {
                let refs = match s {
                    NoteSection::Background(x) => walk::texts(x),
                    NoteSection::Objectives(x) => walk::texts(x),
                    NoteSection::WorkPlan(x) => walk::texts(x),
                    NoteSection::Participants(x) => walk::texts(x),
                    NoteSection::Other { section, .. } => walk::texts(section),
                    NoteSection::Programme => Vec::new(),
                };
                put(s.file(), refs);
            }
            put("footnotes.json", walk::texts(&data.footnotes));
            put("programme.json", walk::texts(&data.programme));
        }
        Recorded::Agenda { agenda } => put("agenda.json", walk::texts(agenda)),
        Recorded::Document { file, document } => put(file, walk::texts(document)),
        Recorded::External { .. } | Recorded::Generated => {}
    }
    out
}

/// The folder of a version's overlay files, as the set names it.
fn overlay_folder(set_dir: &Path, v: &DocVersion) -> std::path::PathBuf {
    let base = match &v.source {
        Recorded::ConceptNote { data } | Recorded::Programme { data } => set_dir.join(&data.folder),
        _ => set_dir.to_path_buf(),
    };
    base.join(&v.language)
}

/// Warnings for each text of `translation` (now) whose original changed
/// between `original_then` and `original_now` while the translation did
/// not change since `translation_then`.
pub fn left_behind(
    set_dir: &Path,
    original_then: &DocVersion,
    original_now: &DocVersion,
    translation_then: &DocVersion,
    translation_now: &DocVersion,
) -> Vec<Diagnostic> {
    let (o_then, o_now) = (texts(original_then), texts(original_now));
    let (t_then, t_now) = (texts(translation_then), texts(translation_now));
    let mut out = Vec::new();
    for (key, now) in &o_now {
        let (Some(then), Some(tr_then), Some(tr_now)) =
            (o_then.get(key), t_then.get(key), t_now.get(key))
        else {
            continue;
        };
        // The original changed, the translation did not, and it is a
        // translation (not the original's text printed untranslated, which
        // check reports as such).
        if then != now && tr_then == tr_now && tr_now != then {
            let (file, path) = key;
            out.push(
                Diagnostic::warning(
                    &overlay_folder(set_dir, translation_now).join(file),
                    path.clone(),
                    format!(
                        "the {} text changed since {} was circulated ({then:?} is now {now:?}), \
                         but its {} translation did not: {tr_now:?}",
                        original_now.language, original_then.symbol, translation_now.language,
                    ),
                )
                .help(format!(
                    "translate it again at this JSON path in {}/{file}",
                    translation_now.language
                )),
            );
        }
    }
    out
}
