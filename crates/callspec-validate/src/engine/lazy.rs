//! A published schema's `jsonschema` validator, and its fast-path program, compiled when a
//! record first needs them rather than when the engine is built: a run whose records all take the fast path compiles none, and
//! a run over a few files does not pay for the resources it never meets. The published schemas
//! are callspec's own (each is compiled by the tests and by `cargo xtask validate`); a schema
//! amended by an overlay is compiled when the engine is built, so its errors are the user's to
//! see at once.

use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::fast::Program;
use crate::finding::{Code, Finding};

/// A validator compiled on first use, by one thread; the others wait for it.
#[derive(Debug)]
pub(super) struct LazyValidator {
    resource: &'static str,
    schema: Arc<Value>,
    compiled: OnceLock<Result<jsonschema::Validator, String>>,
}

impl LazyValidator {
    /// The validator of `schema`, compiled on first use.
    pub(super) fn new(resource: &'static str, schema: Arc<Value>) -> Self {
        LazyValidator {
            resource,
            schema,
            compiled: OnceLock::new(),
        }
    }

    /// A validator compiled already.
    pub(super) fn compiled(resource: &'static str, validator: jsonschema::Validator) -> Self {
        LazyValidator {
            resource,
            schema: Arc::new(Value::Null),
            compiled: OnceLock::from(Ok(validator)),
        }
    }

    /// The validator, compiled now if it was not yet; a schema that does not compile (a bug in
    /// callspec, which the tests would have caught) is a finding saying so at the record's root,
    /// never a panic.
    pub(super) fn get(&self) -> Result<&jsonschema::Validator, Box<Finding>> {
        let compiled = self.compiled.get_or_init(|| {
            callspec::validator_options()
                .build(&self.schema)
                .map_err(|error| error.to_string())
        });
        compiled.as_ref().map_err(|error| {
            Box::new(
                Finding::new(
                    Code::ContractSchema,
                    "",
                    format!(
                        "the published schema of `{}` does not compile, so the record could not \
                         be checked (a bug in callspec: please report it): {error}",
                        self.resource
                    ),
                )
                .expected("a schema that compiles")
                .actual("a compile error"),
            )
        })
    }
}

/// A schema's fast-path program, compiled on first use; `None` when the schema uses something
/// the fast path does not cover (the `jsonschema` validator then answers).
#[derive(Debug)]
pub(super) struct LazyProgram {
    schema: Arc<Value>,
    compiled: OnceLock<Option<Program>>,
}

impl LazyProgram {
    /// The program of `schema`, compiled on first use.
    pub(super) fn new(schema: Arc<Value>) -> Self {
        LazyProgram {
            schema,
            compiled: OnceLock::new(),
        }
    }

    /// No program: the validator answers.
    #[cfg(test)]
    pub(super) fn none() -> Self {
        LazyProgram {
            schema: Arc::new(Value::Null),
            compiled: OnceLock::from(None),
        }
    }

    /// The program, compiled now if it was not yet.
    pub(super) fn get(&self) -> Option<&Program> {
        self.compiled
            .get_or_init(|| Program::compile(&self.schema).ok())
            .as_ref()
    }
}
