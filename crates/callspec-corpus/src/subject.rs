//! What the runner judges: a [`Subject`] turns a case file into the records it found. The real
//! one is callspec's engine; the runner's own tests use fakes.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use callspec_validate::{Code, Engine, InputFormat, InputSource, Options, PollTracker, Verdict};

/// A finding as a subject reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActualFinding {
    /// The code.
    pub code: Code,
    /// The pointer.
    pub pointer: String,
    /// The line in the file.
    pub line: Option<u64>,
    /// The column in the file.
    pub column: Option<u64>,
}

/// A record as a subject reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActualRecord {
    /// NDJSON line.
    pub line: Option<u64>,
    /// HAR entry.
    pub entry: Option<usize>,
    /// Array element.
    pub index: Option<usize>,
    /// The resource checked against.
    pub resource: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// The findings.
    pub findings: Vec<ActualFinding>,
}

/// Something that checks case files.
pub trait Subject: Sync {
    /// Checks `file`, against `resource` when given (else routing each record), and returns
    /// every record found, in input order; `Err` when the subject cannot run at all.
    fn check(&self, file: &Path, resource: Option<&str>) -> Result<Vec<ActualRecord>, String>;
}

/// callspec's engine, as `callspec validate [--resource ID] FILE` runs it. Engines are built
/// once per resource and shared.
#[derive(Debug, Default)]
pub struct EngineSubject {
    engines: Mutex<HashMap<Option<String>, Arc<Engine>>>,
}

impl EngineSubject {
    fn engine(&self, resource: Option<&str>) -> Result<Arc<Engine>, String> {
        let key = resource.map(str::to_owned);
        let mut engines = self.engines.lock().map_err(|e| e.to_string())?;
        if let Some(engine) = engines.get(&key) {
            return Ok(Arc::clone(engine));
        }
        let engine = Arc::new(
            Engine::new(Options {
                resource: key.clone(),
                ..Options::default()
            })
            .map_err(|e| e.to_string())?,
        );
        engines.insert(key, Arc::clone(&engine));
        Ok(engine)
    }
}

impl Subject for EngineSubject {
    fn check(&self, file: &Path, resource: Option<&str>) -> Result<Vec<ActualRecord>, String> {
        let engine = self.engine(resource)?;
        let format = InputFormat::from_path(file)
            .map(|(f, _)| f)
            .ok_or_else(|| format!("{}: no input format for this extension", file.display()))?;
        let source = InputSource::file(file, format);
        let records = source.records().map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        // Across records, as `callspec validate` checks them: the polls of one call.
        let mut polls = PollTracker::default();
        for record in records {
            for mut report in engine.check(record) {
                polls.observe(&engine, &mut report);
                let origin = report.origin.as_ref();
                out.push(ActualRecord {
                    line: origin.and_then(|o| o.line),
                    entry: origin.and_then(|o| o.entry),
                    index: origin.and_then(|o| o.index),
                    resource: report.resource.map(str::to_owned),
                    verdict: report.verdict,
                    findings: report
                        .findings
                        .iter()
                        .map(|f| ActualFinding {
                            code: f.code,
                            pointer: f.pointer.clone(),
                            line: f.position.map(|p| p.line),
                            column: f.position.map(|p| p.column),
                        })
                        .collect(),
                });
            }
        }
        Ok(out)
    }
}
