//! The one module that parses YAML (front matter and `cmbook.yaml`).
//!
//! serde_yaml is deprecated upstream but is part of our contract; keeping every call behind this
//! module means a replacement touches one file. Errors come back as plain messages with positions
//! already converted to the enclosing file's lines.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_yaml::value::{Tag, TaggedValue};
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
        let lines = key_lines(text);
        let Loose(value) = serde_yaml::from_str(text).map_err(|e| {
            let mut error = convert(&e, text, first_line);
            // serde places a repeated key at the start of its map; the author wants the repeat.
            if let Some(key) = e.to_string().strip_prefix(DUPLICATE_KEY) {
                let key = key.split('"').nth(1).unwrap_or_default();
                if let Some((_, line)) = lines.iter().filter(|(k, _)| k == key).nth(1) {
                    error.message = format!("duplicate key: `{key}` is written twice");
                    error.line = Some(first_line + line);
                    error.column = Some(1);
                }
            }
            error
        })?;
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
    serde_yaml::from_str(text).map_err(|e| convert(&e, text, first_line))
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

/// Turns a serde_yaml error into a message and a position in the enclosing file.
///
/// A quote, `[` or `{` left open makes libyaml fail only at the end of the text, which is the
/// closing `---` of a front matter: there the construct it was reading (its "context", which
/// serde_yaml only gives in its message) is where the author must look.
fn convert(error: &serde_yaml::Error, text: &str, first_line: usize) -> YamlError {
    let full = error.to_string();
    // By line and column, not `index`: libyaml counts that in characters, not bytes.
    let at_end = error.location().is_none_or(|l| {
        text.lines()
            .enumerate()
            .skip(l.line().saturating_sub(1))
            .all(|(n, line)| {
                if n + 1 == l.line() {
                    line.chars()
                        .skip(l.column().saturating_sub(1))
                        .all(char::is_whitespace)
                } else {
                    line.trim().is_empty()
                }
            })
    });
    let context = full
        .split_once(", while ")
        .and_then(|(_, context)| context.split_once(" at line "))
        .and_then(|(what, at)| Some((what, position(at)?)));
    let (message, location) = match context {
        Some((what, (line, column))) if at_end => (open_construct(what), Some((line, column))),
        _ => (
            tidy(&full),
            error.location().map(|l| (l.line(), l.column())),
        ),
    };
    let message = if message.contains("tab character") {
        format!("{message}: indent with spaces, never tabs")
    } else {
        message
    };
    YamlError {
        message,
        line: location.map(|(line, _)| first_line + line - 1),
        column: location.map(|(_, column)| column),
    }
}

/// `3 column 14` (what follows " at line " in serde_yaml's messages) as (3, 14).
fn position(text: &str) -> Option<(usize, usize)> {
    let (line, rest) = text.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// What is wrong when the text ended inside the construct libyaml names in `context`
/// (`scanning a quoted scalar`, `parsing a flow sequence`...).
fn open_construct(context: &str) -> String {
    let what = if context.contains("quoted scalar") {
        "this quoted text is never closed: add the closing quote"
    } else if context.contains("flow sequence") {
        "this `[` list is never closed: add the `]`"
    } else if context.contains("flow mapping") {
        "this `{` map is never closed: add the `}`"
    } else {
        return format!("the YAML ends while {context}");
    };
    what.to_owned()
}

/// How serde_yaml starts the message of a key written twice in one map.
const DUPLICATE_KEY: &str = "duplicate entry with key";

/// Any YAML value, like [`Value`], except that a whole number too large for 64 bits becomes a
/// floating-point number instead of failing the whole document: `weight: 1e23` is then
/// refused by the key that reads it, with its range, not as a YAML syntax error.
struct Loose(Value);

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor).map(Loose)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Number(i.into()))
    }
    fn visit_u64<E: de::Error>(self, u: u64) -> Result<Value, E> {
        Ok(Value::Number(u.into()))
    }
    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Value, E> {
        // Precision is lost on purpose: no key of cmbook takes such a number.
        Ok(Value::Number((i as f64).into()))
    }
    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Value, E> {
        Ok(Value::Number((u as f64).into()))
    }
    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Number(f.into()))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        Loose::deserialize(deserializer).map(|l| l.0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Loose(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some(Loose(key)) = map.next_key()? {
            let Loose(value) = map.next_value()?;
            if mapping.contains_key(&key) {
                let shown = match &key {
                    Value::String(s) => format!("{s:?}"),
                    other => format!("of {}", describe(other)),
                };
                return Err(de::Error::custom(format!("{DUPLICATE_KEY} {shown}")));
            }
            mapping.insert(key, value);
        }
        Ok(Value::Mapping(mapping))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        // serde_yaml hands a `!tag value` over as an enum variant named after the tag.
        let (tag, contents) = data.variant::<String>()?;
        let Loose(value) = de::VariantAccess::newtype_variant(contents)?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
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

    #[test]
    fn an_unclosed_quote_points_at_the_quote() {
        let err = YamlMap::parse("title: \"A\ndescription: B\n", 2).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(8)), "{err:?}");
        assert!(err.message.contains("never closed"), "{err:?}");
    }

    #[test]
    fn accents_before_an_unclosed_list_do_not_confuse_positions() {
        let text = "title: Été à Noël, déjà\ntags: [é, è\n";
        let err = YamlMap::parse(text, 2).unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(7)), "{err:?}");
    }

    #[test]
    fn an_error_inside_the_text_keeps_its_own_position() {
        let err = YamlMap::parse("title: A\n  description: B\ndate: x\n", 2).unwrap_err();
        assert_eq!((err.line, err.column), (Some(3), Some(14)), "{err:?}");
    }

    #[test]
    fn a_repeated_key_points_at_the_repeat() {
        let err = YamlMap::parse("title: A\ndate: x\ntitle: B\n", 2).unwrap_err();
        assert_eq!(err.line, Some(4), "{err:?}");
        assert!(err.message.contains("`title`"), "{err:?}");
    }

    #[test]
    fn huge_numbers_and_tags_still_parse() {
        let map =
            YamlMap::parse("weight: 100000000000000000000000\nextra: !x {a: 1}\n", 2).unwrap();
        assert_eq!(map.get::<f64>("weight").unwrap(), Some(1e23));
        assert!(map.get::<i64>("weight").is_err());
        assert!(map.contains("extra"));
    }
}
