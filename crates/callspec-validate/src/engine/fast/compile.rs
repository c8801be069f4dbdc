//! Compiling a closed schema into a fast-path [`Program`]: the keywords the published schemas
//! use (type, properties, required, additionalProperties, propertyNames, min/maxProperties,
//! enum, const, pattern, format, minimum/maximum and their exclusive forms with integer limits,
//! min/maxLength, items, min/maxItems, anyOf/oneOf (at most one branch reading arrays and one
//! objects),
//! `$ref` into the root's `$defs`) and the annotations. Anything else is a [`Refusal`], and the
//! resource is then checked by the full engine alone.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::{Additional, Bound, Check, Kinds, Literal, Node, Program};

/// Why a schema has no fast path.
#[derive(Debug, thiserror::Error)]
#[error("no fast path at `{at}`: {reason}")]
pub(in crate::engine) struct Refusal {
    /// Where in the schema (a JSON pointer).
    at: String,
    /// What it holds that the fast path does not cover.
    reason: String,
}

/// Keywords that assert nothing.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// The largest integer bound kept exactly by an `f64`.
const EXACT: i64 = 1 << 53;

struct Compiler<'s> {
    defs: Option<&'s Map<String, Value>>,
    nodes: Vec<Node>,
    kinds: Vec<Kinds>,
    done: HashMap<&'s str, usize>,
    in_progress: HashSet<&'s str>,
    formats: HashMap<&'static str, fn(&str) -> bool>,
}

impl Program {
    /// Compiles a closed schema, or says why it cannot.
    pub(in crate::engine) fn compile(schema: &Value) -> Result<Program, Refusal> {
        let defs = match schema.get("$defs") {
            None => None,
            Some(Value::Object(defs)) => Some(defs),
            Some(_) => return Err(refuse("/$defs", "`$defs` is not an object")),
        };
        let mut compiler = Compiler {
            defs,
            nodes: Vec::new(),
            kinds: Vec::new(),
            done: HashMap::new(),
            in_progress: HashSet::new(),
            formats: callspec_core::schema::formats()
                .into_iter()
                .map(|f| (f.name, f.check))
                .collect(),
        };
        let root = compiler.schema(schema, "", true)?;
        let Node::Check(check) = &compiler.nodes[root] else {
            return Err(refuse("", "the root is a choice"));
        };
        if check.kinds != Kinds::OBJECT && check.kinds != Kinds::ARRAY {
            return Err(refuse(
                "",
                "the root is neither only an object nor only an array",
            ));
        }
        let names = |check: &Check| {
            let mut names: Vec<(u8, Box<str>)> =
                check.names.iter().map(|(n, &i)| (i, n.clone())).collect();
            names.sort();
            names.into_iter().map(|(_, n)| n).collect()
        };
        let root_fields = (check.kinds == Kinds::OBJECT
            && matches!(check.additional, Additional::Deny))
        .then(|| names(check));
        let mut program = Program {
            nodes: compiler.nodes,
            kinds: compiler.kinds,
            root,
            root_fields,
            item_fields: None,
            capture: None,
        };
        // A list: the objects of its elements, when only objects that forbid other properties
        // are allowed there (a choice with another kind leaves routing to the full engine).
        let items = program
            .container(root, Kinds::ARRAY)
            .and_then(|(_, array)| array.items);
        if let Some(items) = items
            && program.kinds[items] == Kinds::OBJECT
            && let Some((_, object)) = program.container(items, Kinds::OBJECT)
            && matches!(object.additional, Additional::Deny)
        {
            program.item_fields = Some(names(object));
        }
        Ok(program)
    }
}

fn refuse(at: &str, reason: impl Into<String>) -> Refusal {
    Refusal {
        at: at.to_owned(),
        reason: reason.into(),
    }
}

impl<'s> Compiler<'s> {
    fn push(&mut self, node: Node, kinds: Kinds) -> usize {
        self.nodes.push(node);
        self.kinds.push(kinds);
        self.nodes.len() - 1
    }

    /// Compiles one schema at `at` and returns its node.
    fn schema(&mut self, schema: &'s Value, at: &str, root: bool) -> Result<usize, Refusal> {
        let object = match schema {
            Value::Bool(allow) => {
                let kinds = if *allow { Kinds::ALL } else { Kinds::NONE };
                return Ok(self.push(Node::Check(Box::new(Check::new(kinds))), kinds));
            }
            Value::Object(object) => object,
            _ => {
                return Err(refuse(
                    at,
                    "a schema that is neither an object nor a boolean",
                ));
            }
        };
        let asserting: Vec<&str> = object
            .keys()
            .map(String::as_str)
            .filter(|k| {
                let annotation = ANNOTATIONS.contains(k) || k.starts_with("x-callspec-");
                !(annotation || (root && *k == "$defs"))
            })
            .collect();
        if let Some(reference) = object.get("$ref") {
            if asserting.len() != 1 {
                return Err(refuse(at, "`$ref` beside other assertions"));
            }
            return self.reference(reference, at);
        }
        let choice = ["anyOf", "oneOf"]
            .into_iter()
            .find(|k| object.contains_key(*k));
        if let Some(keyword) = choice {
            if asserting.len() != 1 {
                return Err(refuse(at, format!("`{keyword}` beside other assertions")));
            }
            return self.choice(
                &object[keyword],
                &format!("{at}/{keyword}"),
                keyword == "oneOf",
            );
        }
        let mut check = Check::new(Kinds::ALL);
        for key in asserting {
            let value = &object[key];
            let here = format!("{at}/{key}");
            match key {
                "type" => check.kinds = types(value, &here)?,
                "enum" => {
                    let Value::Array(items) = value else {
                        return Err(refuse(&here, "`enum` is not an array"));
                    };
                    check.literals = Some(
                        items
                            .iter()
                            .map(|v| literal(v, &here))
                            .collect::<Result<_, _>>()?,
                    );
                }
                "const" => check.literals = Some(vec![literal(value, &here)?]),
                "minLength" => check.min_length = Some(count(value, &here)?),
                "maxLength" => check.max_length = Some(count(value, &here)?),
                "pattern" => {
                    let pattern = value
                        .as_str()
                        .ok_or_else(|| refuse(&here, "`pattern` is not a string"))?;
                    let translated = jsonschema_regex::to_rust_regex(pattern)
                        .map_err(|()| refuse(&here, "a pattern the translator refuses"))?;
                    check.pattern = Some(
                        regex::Regex::new(&translated)
                            .map_err(|e| refuse(&here, format!("a pattern regex refuses: {e}")))?,
                    );
                }
                "format" => {
                    let name = value
                        .as_str()
                        .ok_or_else(|| refuse(&here, "`format` is not a string"))?;
                    check.format = Some(
                        *self
                            .formats
                            .get(name)
                            .ok_or_else(|| refuse(&here, format!("unknown format `{name}`")))?,
                    );
                }
                "minimum" | "exclusiveMinimum" => {
                    if check.minimum.is_some() {
                        return Err(refuse(&here, "two lower bounds"));
                    }
                    check.minimum = Some(bound(value, key == "exclusiveMinimum", &here)?);
                }
                "maximum" | "exclusiveMaximum" => {
                    if check.maximum.is_some() {
                        return Err(refuse(&here, "two upper bounds"));
                    }
                    check.maximum = Some(bound(value, key == "exclusiveMaximum", &here)?);
                }
                "items" => check.items = Some(self.schema(value, &here, false)?),
                "minItems" => check.min_items = Some(count(value, &here)?),
                "maxItems" => check.max_items = Some(count(value, &here)?),
                "properties" => {
                    let Value::Object(properties) = value else {
                        return Err(refuse(&here, "`properties` is not an object"));
                    };
                    if properties.len() > 128 {
                        return Err(refuse(&here, "more than 128 properties"));
                    }
                    for (index, (name, schema)) in properties.iter().enumerate() {
                        let node = self.schema(schema, &format!("{here}/{name}"), false)?;
                        check.properties.push(node);
                        check
                            .names
                            .insert(name.as_str().into(), index.try_into().unwrap_or(u8::MAX));
                    }
                }
                "required"
                | "additionalProperties"
                | "propertyNames"
                | "minProperties"
                | "maxProperties" => {}
                other => return Err(refuse(&here, format!("keyword `{other}`"))),
            }
        }
        self.object_keywords(object, at, &mut check)?;
        if let Some(literals) = &check.literals {
            let mut allowed = Kinds::NONE;
            for literal in literals {
                allowed = allowed.with(match literal {
                    Literal::Null => Kinds::NULL,
                    Literal::Bool(_) => Kinds::BOOLEAN,
                    Literal::String(_) => Kinds::STRING,
                });
            }
            check.kinds = Kinds(check.kinds.0 & allowed.0);
        }
        let kinds = check.kinds;
        Ok(self.push(Node::Check(Box::new(check)), kinds))
    }

    /// `required`, `additionalProperties`, `propertyNames`, `min/maxProperties`, once
    /// `properties` is known.
    fn object_keywords(
        &mut self,
        object: &'s Map<String, Value>,
        at: &str,
        check: &mut Check,
    ) -> Result<(), Refusal> {
        if let Some(required) = object.get("required") {
            let here = format!("{at}/required");
            let Value::Array(names) = required else {
                return Err(refuse(&here, "`required` is not an array"));
            };
            for name in names {
                let index = name
                    .as_str()
                    .and_then(|n| check.names.get(n))
                    .ok_or_else(|| refuse(&here, "a required name `properties` does not list"))?;
                check.required |= 1 << index;
            }
        }
        if let Some(additional) = object.get("additionalProperties") {
            let here = format!("{at}/additionalProperties");
            check.additional = match additional {
                Value::Bool(true) => Additional::Allow,
                Value::Bool(false) => Additional::Deny,
                schema => Additional::Schema(self.schema(schema, &here, false)?),
            };
        }
        if let Some(names) = object.get("propertyNames") {
            let here = format!("{at}/propertyNames");
            if !check.properties.is_empty() {
                return Err(refuse(&here, "`propertyNames` beside `properties`"));
            }
            check.property_names = Some(self.schema(names, &here, false)?);
        }
        if let Some(min) = object.get("minProperties") {
            check.min_properties = Some(count(min, &format!("{at}/minProperties"))?);
        }
        if let Some(max) = object.get("maxProperties") {
            check.max_properties = Some(count(max, &format!("{at}/maxProperties"))?);
        }
        Ok(())
    }

    /// `$ref` to `#/$defs/NAME`: the definition's node, compiled once.
    fn reference(&mut self, reference: &'s Value, at: &str) -> Result<usize, Refusal> {
        let name = reference
            .as_str()
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .filter(|n| !n.contains(['/', '~', '%']))
            .ok_or_else(|| refuse(at, "a `$ref` outside the root's `$defs`"))?;
        if let Some(&node) = self.done.get(name) {
            return Ok(node);
        }
        let (name, schema) = self
            .defs
            .and_then(|d| d.get_key_value(name))
            .ok_or_else(|| refuse(at, format!("`$ref` to a missing definition `{name}`")))?;
        if !self.in_progress.insert(name) {
            return Err(refuse(at, format!("the recursive definition `{name}`")));
        }
        let node = self.schema(schema, &format!("/$defs/{name}"), false)?;
        self.in_progress.remove(name.as_str());
        self.done.insert(name, node);
        Ok(node)
    }

    /// `anyOf` / `oneOf`. Scalars are tried against every branch; an array or an object is
    /// read once, so at most one branch may allow arrays and at most one objects.
    fn choice(&mut self, branches: &'s Value, at: &str, one_of: bool) -> Result<usize, Refusal> {
        let Value::Array(branches) = branches else {
            return Err(refuse(at, "not an array"));
        };
        if branches.is_empty() {
            return Err(refuse(at, "no branches"));
        }
        let mut nodes = Vec::new();
        let mut containers = Kinds::NONE;
        for (i, branch) in branches.iter().enumerate() {
            let node = self.schema(branch, &format!("{at}/{i}"), false)?;
            let kinds = Kinds(self.kinds[node].0 & Kinds::ARRAY.with(Kinds::OBJECT).0);
            if containers.has(kinds) {
                return Err(refuse(at, "two branches that allow arrays, or objects"));
            }
            containers = containers.with(kinds);
            nodes.push(node);
        }
        let kinds = nodes
            .iter()
            .fold(Kinds::NONE, |all, &n| all.with(self.kinds[n]));
        Ok(self.push(
            Node::Choice {
                branches: nodes,
                one_of,
            },
            kinds,
        ))
    }
}

impl Check {
    fn new(kinds: Kinds) -> Check {
        Check {
            kinds,
            literals: None,
            min_length: None,
            max_length: None,
            pattern: None,
            format: None,
            minimum: None,
            maximum: None,
            items: None,
            min_items: None,
            max_items: None,
            properties: Vec::new(),
            names: HashMap::default(),
            required: 0,
            additional: Additional::Allow,
            property_names: None,
            min_properties: None,
            max_properties: None,
        }
    }
}

fn types(value: &Value, at: &str) -> Result<Kinds, Refusal> {
    let one = |name: &Value| match name.as_str() {
        Some("null") => Ok(Kinds::NULL),
        Some("boolean") => Ok(Kinds::BOOLEAN),
        Some("integer") => Ok(Kinds::INTEGER),
        Some("number") => Ok(Kinds::NUMBER),
        Some("string") => Ok(Kinds::STRING),
        Some("array") => Ok(Kinds::ARRAY),
        Some("object") => Ok(Kinds::OBJECT),
        _ => Err(refuse(at, "an unknown type")),
    };
    match value {
        Value::Array(names) => names
            .iter()
            .try_fold(Kinds::NONE, |all, name| Ok(all.with(one(name)?))),
        name => one(name),
    }
}

fn literal(value: &Value, at: &str) -> Result<Literal, Refusal> {
    match value {
        Value::Null => Ok(Literal::Null),
        Value::Bool(b) => Ok(Literal::Bool(*b)),
        Value::String(s) => Ok(Literal::String(s.as_str().into())),
        _ => Err(refuse(at, "a number, array or object literal")),
    }
}

fn count(value: &Value, at: &str) -> Result<u64, Refusal> {
    value
        .as_u64()
        .ok_or_else(|| refuse(at, "not a non-negative integer"))
}

fn bound(value: &Value, exclusive: bool, at: &str) -> Result<Bound, Refusal> {
    value
        .as_i64()
        .filter(|limit| (-EXACT..=EXACT).contains(limit))
        .map(|limit| Bound { limit, exclusive })
        .ok_or_else(|| refuse(at, "a bound that is not an integer within 2^53"))
}
