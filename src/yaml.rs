//! The one module that parses YAML (front matter and `cmbook.yaml`).
//!
//! serde_yaml is deprecated upstream but is part of our contract; keeping every call behind this
//! module means a replacement touches one file. Errors come back as plain messages with positions
//! already converted to the enclosing file's lines.

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// A YAML problem: the message and, where known, the 1-based line and column in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong, without position.
    pub message: String,
    /// 1-based line in the enclosing file.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
}

/// A parsed top-level YAML map whose keys remember the line they were written on.
#[derive(Debug, Clone, Default)]
pub struct YamlMap {
    entries: Vec<(String, Value, usize)>,
    first_line: usize,
}

impl YamlMap {
    /// Parses `text`, whose first line is line `first_line` of its file, as a map of keys.
    ///
    /// An empty document is an empty map; a list or a scalar is an error.
    pub fn parse(text: &str, first_line: usize) -> Result<YamlMap, YamlError> {
        let value: Value = serde_yaml::from_str(text).map_err(|e| convert(&e, first_line))?;
        let mapping = match value {
            Value::Null => Mapping::new(),
            Value::Mapping(m) => m,
            other => {
                return Err(YamlError {
                    message: format!(
                        "the front matter must be a map of `key: value` lines, found {}",
                        describe(&other)
                    ),
                    line: Some(first_line),
                    column: Some(1),
                })
            }
        };
        let lines = key_lines(text);
        let mut entries = Vec::with_capacity(mapping.len());
        for (key, value) in mapping {
            let Value::String(key) = key else {
                return Err(YamlError {
                    message: format!("keys must be words, found {}", describe(&key)),
                    line: Some(first_line),
                    column: Some(1),
                });
            };
            let offset = lines
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(0, |(_, line)| *line);
            entries.push((key, value, first_line + offset));
        }
        Ok(YamlMap {
            entries,
            first_line,
        })
    }

    /// The keys in the order written, each with its 1-based line in the file.
    pub fn keys(&self) -> impl Iterator<Item = (&str, usize)> {
        self.entries.iter().map(|(k, _, line)| (k.as_str(), *line))
    }

    /// The line `key` was written on, or the map's first line.
    pub fn line_of(&self, key: &str) -> usize {
        self.entries
            .iter()
            .find(|(k, _, _)| k == key)
            .map_or(self.first_line, |(_, _, line)| *line)
    }

    /// Whether `key` is present (even with an empty value).
    pub fn contains(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _, _)| k == key)
    }

    /// Reads `key` as a `T`; `Ok(None)` when absent or explicitly empty.
    pub fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, String> {
        match self.entries.iter().find(|(k, _, _)| k == key) {
            None | Some((_, Value::Null, _)) => Ok(None),
            Some((_, value, _)) => serde_yaml::from_value(value.clone())
                .map(Some)
                .map_err(|e| tidy(&e.to_string())),
        }
    }

    /// Reads `key` as JSON, for free-form data (`extra`) handed to templates.
    pub fn get_json(&self, key: &str) -> Result<Option<serde_json::Value>, String> {
        self.get::<serde_json::Value>(key)
    }
}

/// Deserializes a whole document (used for `cmbook.yaml`), positions included in errors.
pub fn from_str<T: DeserializeOwned>(text: &str, first_line: usize) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| convert(&e, first_line))
}

/// Short description of a YAML value's shape for error messages.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a map",
        Value::Tagged(_) => "a tagged value",
    }
}

fn convert(error: &serde_yaml::Error, first_line: usize) -> YamlError {
    let location = error.location();
    YamlError {
        message: tidy(&error.to_string()),
        line: location.as_ref().map(|l| first_line + l.line() - 1),
        column: location.as_ref().map(|l| l.column()),
    }
}

/// Drops serde_yaml's own " at line X column Y" since we print positions ourselves.
fn tidy(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    message.replace("unit value", "nothing")
}

/// Finds the 0-based line of each top-level key by scanning for `key:` at column 0.
fn key_lines(text: &str) -> Vec<(String, usize)> {
    text.lines()
        .enumerate()
        .filter_map(|(n, line)| {
            let first = line.chars().next()?;
            if first.is_whitespace() || matches!(first, '#' | '-' | '[' | '{') {
                return None;
            }
            let (key, _) = line.split_once(':')?;
            let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
            Some((key.to_owned(), n))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_know_their_lines() {
        let map = YamlMap::parse("title: A\n\nsectors:\n  - luxe\n", 2).unwrap();
        let keys: Vec<_> = map.keys().collect();
        assert_eq!(keys, vec![("title", 2), ("sectors", 4)]);
        assert_eq!(
            map.get::<Vec<String>>("sectors").unwrap().unwrap(),
            vec!["luxe"]
        );
    }

    #[test]
    fn syntax_errors_point_into_the_file() {
        let err = YamlMap::parse("title: A\nbad: [unclosed\n", 2).unwrap_err();
        assert!(err.line.unwrap() >= 3, "{err:?}");
        assert!(!err.message.contains(" at line "), "{err:?}");
    }

    #[test]
    fn a_list_is_not_a_front_matter() {
        let err = YamlMap::parse("- a\n- b\n", 2).unwrap_err();
        assert!(err.message.contains("map"), "{err:?}");
    }

    #[test]
    fn wrong_types_are_explained() {
        let map = YamlMap::parse("year: soon\n", 2).unwrap();
        let err = map.get::<i64>("year").unwrap_err();
        assert!(err.contains("expected i64"), "{err}");
    }
}
