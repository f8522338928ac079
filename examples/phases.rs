//! Times the phases of one `meetdoc build` in-process, for the benchmark
//! (`scripts/bench`): what meetdoc spends outside `typst compile`.
//!
//! ```text
//! cargo run --release --example phases -- [DIR] [RUNS]
//! ```
//!
//! Prints one line per phase: `phase median_ms` over RUNS runs (default 20).

use anyhow::Result;
use meetdoc::render::{self, RenderContext};
use meetdoc::writer::{docx, pdf};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = meetdoc::paths::data_dir(args.next().map(PathBuf::from))?;
    let runs: usize = args.next().map(|r| r.parse()).transpose()?.unwrap_or(20);
    let names = [
        "context from the environment",
        "load layouts (style.json)",
        "load + validate data",
        "build document models",
        "render typst source (minijinja)",
        "locate typst (version remembered)",
        "find font files (paths remembered)",
        "choose fonts per document (coverage)",
        "write docx (both)",
    ];
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    for _ in 0..runs {
        let mut lap = Lap(Instant::now());
        // A new context each run, as each `meetdoc build` makes one.
        let ctx = RenderContext::from_env(meetdoc::layouts::LayoutSource::BuiltIn, None);
        times[0].push(lap.ms());
        let layouts = ctx.layouts()?;
        times[1].push(lap.ms());
        let (data, _) = render::load(&dir)?;
        times[2].push(lap.ms());
        let docs = meetdoc::compose::documents(&data, &layouts.style);
        times[3].push(lap.ms());
        let mut sources = Vec::new();
        for (_, d) in &docs {
            sources.push(pdf::render_source(d, &layouts.style, &layouts.source)?);
        }
        times[4].push(lap.ms());
        ctx.typst()?;
        times[5].push(lap.ms());
        let fonts = ctx.fonts(&layouts.style)?;
        times[6].push(lap.ms());
        for s in &sources {
            fonts.choose(s, ctx.place());
        }
        times[7].push(lap.ms());
        for (_, d) in &docs {
            docx::write(d, &layouts.style)?;
        }
        times[8].push(lap.ms());
    }
    for (name, mut t) in names.iter().zip(times) {
        t.sort_by(f64::total_cmp);
        println!("{name}\t{:.2}", t[t.len() / 2]);
    }
    Ok(())
}

struct Lap(Instant);

impl Lap {
    /// Milliseconds since the last lap.
    fn ms(&mut self) -> f64 {
        let now = Instant::now();
        let ms = (now - self.0).as_secs_f64() * 1000.0;
        self.0 = now;
        ms
    }
}
