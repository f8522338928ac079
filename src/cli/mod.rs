//! The commands of `meetdoc`, one file each: its arguments (a clap `Args`
//! struct, whose doc comment and `after_help` are the command's `--help`)
//! and its `run`, which turns the arguments into library calls and prints
//! what they did. `main.rs` parses and dispatches; the library does the
//! work.

pub mod build;
pub mod bundle;
pub mod check;
pub mod circulate;
pub mod diff;
pub mod import;
pub mod layouts;
pub mod new;
pub mod schema;
pub mod serve;
pub mod shift;
pub mod stress_data;
pub mod watch;

use meetdoc::diagnostics::Diagnostic;

/// Warnings, one per line, on stderr.
pub fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("{w}");
    }
}

/// What a bundle wrote (stdout), its warnings and the report (stderr).
pub fn print_bundled(b: &meetdoc::set::bundle::Bundled) {
    print_warnings(&b.warnings);
    for p in &b.written {
        println!("wrote {}", p.display());
    }
    let same = b.files.len() - b.written.len();
    if same > 0 {
        eprintln!(
            "{same} file{} unchanged (not written again)",
            if same == 1 { " was" } else { "s were" }
        );
    }
    if let Some(r) = &b.report {
        eprintln!(
            "documents changed since their circulation: see {}",
            r.display()
        );
    }
}
