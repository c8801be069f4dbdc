//! Measures NDJSON generation throughput on one thread into a sink (`/dev/null` when given as
//! the first argument, else an in-memory sink): `cargo run --release -p callspec-gen --example
//! gen_throughput [-- /dev/null [COUNT]]`.

use std::io::Write;
use std::time::Instant;

use callspec_gen::{Kind, ResourceSelector, resource_ids, write_ndjson};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .cloned()
        .unwrap_or_else(|| "/dev/null".to_owned());
    let count: u64 = args.get(1).and_then(|c| c.parse().ok()).unwrap_or(200_000);
    let mut sink = std::fs::OpenOptions::new().write(true).open(&path)?;
    // Build every catalogue before timing.
    let _ = resource_ids();
    let mut selections = vec![("all".to_owned(), ResourceSelector::All)];
    for id in resource_ids() {
        selections.push((id.to_owned(), ResourceSelector::One(id)));
    }
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{count} records each, one thread, into {path}")?;
    writeln!(
        stdout,
        "{:<42} {:>8} {:>14} {:>14}",
        "resource", "kind", "records/s", "+expect rec/s"
    )?;
    for (name, selection) in selections {
        for kind in Kind::ALL {
            let mut rates = [0.0; 2];
            for (i, with_expectations) in [false, true].into_iter().enumerate() {
                let start = Instant::now();
                write_ndjson(&mut sink, selection, kind, count, 42, with_expectations)?;
                rates[i] = count as f64 / start.elapsed().as_secs_f64();
            }
            writeln!(
                stdout,
                "{name:<42} {:>8} {:>14.0} {:>14.0}",
                kind.as_str(),
                rates[0],
                rates[1]
            )?;
        }
    }
    Ok(())
}
