//! The engine limit: a raw loop of `serde_json` parse plus `jsonschema` `is_valid` with the
//! schemas callspec compiles, on one thread, over an NDJSON file. The baseline `callspec
//! validate` is measured against (`cargo xtask bench` runs it).
//!
//! Usage: raw_loop RESOURCE_ID FILE [parse-only]

use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let id = args
        .next()
        .ok_or("usage: raw_loop RESOURCE_ID FILE [parse-only]")?;
    let path = args
        .next()
        .ok_or("usage: raw_loop RESOURCE_ID FILE [parse-only]")?;
    let parse_only = args.next().as_deref() == Some("parse-only");
    let resource = callspec::resource(&id).ok_or("unknown resource")?;
    let validator = callspec::compile(resource)?;
    let started = std::time::Instant::now();
    let reader = std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(path)?);
    let (mut records, mut valid) = (0u64, 0u64);
    for line in reader.split(b'\n') {
        let line = line?;
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(&line) else {
            continue;
        };
        records += 1;
        if parse_only || validator.is_valid(&value) {
            valid += 1;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{records} records, {valid} valid, {secs:.3} s, {:.0} records/s",
        records as f64 / secs
    );
    Ok(())
}
