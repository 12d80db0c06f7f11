//! Reads typed values out of a parsed front matter, one key at a time, so that every problem
//! is reported at the line of its key with what to write instead.

use chrono::{Datelike, NaiveDate};

use crate::error::{did_you_mean, Diagnostic};
use crate::load::kinds::CASE_STUDY_KEYS;
use crate::yaml::YamlMap;

/// Years a page's `date` or `updated` may fall in. Both say when the page was written, so a
/// year before 1900 is a typo (`0026` for `2026`, `0000` for an unknown date); the feed and
/// the sitemap need four-digit years, hence 9999.
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// Reads typed fields from a front matter, collecting every problem with its line.
pub struct Fields<'a> {
    map: &'a YamlMap,
    shown_path: &'a std::path::Path,
    text: &'a str,
    /// Problems found so far.
    pub problems: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// Starts reading `map`, parsed from `text` (the whole file) at `shown_path`.
    pub fn new(map: &'a YamlMap, shown_path: &'a std::path::Path, text: &'a str) -> Self {
        Fields {
            map,
            shown_path,
            text,
            problems: Vec::new(),
        }
    }

    fn at_key(&self, key: &str, message: String) -> Diagnostic {
        let line = self.map.line_of(key);
        let column = self
            .text
            .lines()
            .nth(line - 1)
            .and_then(|l| {
                l.find(':')
                    .map(|i| i + 2 + l[i + 1..].len() - l[i + 1..].trim_start().len())
            })
            .unwrap_or(1);
        Diagnostic::error(self.shown_path, message).at_in(self.text, line, column)
    }

    /// Reports every key not in `allowed`, with a suggestion.
    pub fn reject_unknown(&mut self, allowed: &[&str], why: &str) {
        let unknown: Vec<(String, usize)> = self
            .map
            .keys()
            .filter(|(k, _)| !allowed.contains(k))
            .map(|(k, l)| (k.to_owned(), l))
            .collect();
        for (key, line) in unknown {
            let mut d = Diagnostic::error(self.shown_path, format!("unknown key `{key}` {why}"))
                .at_in(self.text, line, 1);
            d = match did_you_mean(&key, allowed.iter().copied()) {
                _ if CASE_STUDY_KEYS.contains(&key.as_str()) => d.help(format!(
                    "`{key}` belongs to case studies: add `kind: case_study`"
                )),
                Some(s) => d.help(format!(
                    "did you mean `{s}`? (free data goes under `extra:`)"
                )),
                None => d.help(format!(
                    "allowed keys: {}; free data goes under `extra:`",
                    allowed.join(", ")
                )),
            };
            self.problems.push(d);
        }
    }

    /// Reads an optional `key` as `T`; `expected` words the type for the error.
    pub fn optional<T: serde::de::DeserializeOwned>(
        &mut self,
        key: &str,
        expected: &str,
    ) -> Option<T> {
        match self.map.get::<T>(key) {
            Ok(v) => v,
            Err(reason) => {
                let d = self.at_key(key, format!("`{key}` must be {expected} ({reason})"));
                self.problems.push(d);
                None
            }
        }
    }

    /// Reads a required `key`; its absence is reported with a help line.
    pub fn required<T: serde::de::DeserializeOwned>(
        &mut self,
        key: &str,
        expected: &str,
        why: &str,
    ) -> Option<T> {
        if !self.map.contains(key)
            || self
                .map
                .get::<serde_json::Value>(key)
                .ok()
                .flatten()
                .is_none()
        {
            let message = match why {
                "" => format!("missing required key `{key}`"),
                why => format!("missing required key `{key}` {why}"),
            };
            let d = Diagnostic::error(self.shown_path, message)
                .at_in(self.text, 1, 1)
                .help(format!("add `{key}:` ({expected}) to the front matter"));
            self.problems.push(d);
            return None;
        }
        self.optional(key, expected)
    }

    /// Reads a required text that must hold more than spaces: `description: ""` is as missing
    /// as no description at all, and is reported at its value.
    pub fn required_text(&mut self, key: &str, expected: &str, why: &str) -> Option<String> {
        let text: String = self.required(key, expected, why)?;
        if text.trim().is_empty() {
            let message = match why {
                "" => format!("`{key}` is empty"),
                why => format!("`{key}` is empty {why}"),
            };
            let d = self.at_key(key, message).help(format!(
                "write {expected} between the quotes, or after `{key}:`"
            ));
            self.problems.push(d);
            return None;
        }
        Some(text)
    }

    /// Reads an optional whole number between `min` and `max`, saying so for any other value
    /// (a fraction, text, or a number too large for 64 bits, which YAML reads as a float).
    pub fn whole_number(&mut self, key: &str, min: i64, max: i64) -> Option<i64> {
        let value: serde_json::Value = self.optional(key, "a whole number")?;
        match value.as_i64() {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                let d = self
                    .at_key(
                        key,
                        format!("`{key}` must be a whole number between {min} and {max}"),
                    )
                    .help(format!("for example `{key}: 10`"));
                self.problems.push(d);
                None
            }
        }
    }

    /// Reads a date written `YYYY-MM-DD`.
    pub fn date(&mut self, key: &str, required_why: Option<&str>) -> Option<NaiveDate> {
        let raw: Option<String> = match required_why {
            Some(why) => self.required(key, "a date YYYY-MM-DD", why),
            None => self.optional(key, "a date YYYY-MM-DD"),
        };
        let raw = raw?;
        match NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d") {
            Ok(date) if !DATE_YEARS.contains(&date.year()) => {
                let d = self
                    .at_key(
                        key,
                        format!(
                            "`{key}` must be between {} and {}, found `{raw}`",
                            DATE_YEARS.start(),
                            DATE_YEARS.end()
                        ),
                    )
                    .help(format!(
                        "write when the page was written or updated, for example `{key}: 2026-03-14`"
                    ));
                self.problems.push(d);
                None
            }
            Ok(date) => Some(date),
            Err(_) => {
                let d = self
                    .at_key(
                        key,
                        format!("`{key}` must be a date written YYYY-MM-DD, found `{raw}`"),
                    )
                    .help(format!("for example `{key}: 2026-03-14`"));
                self.problems.push(d);
                None
            }
        }
    }

    /// Reads `extra` (a map), defaulting to an empty one.
    pub fn extra(&mut self) -> serde_json::Value {
        match self.optional::<serde_json::Value>("extra", "a map of free keys") {
            Some(v @ serde_json::Value::Object(_)) => v,
            Some(_) => {
                let d = self.at_key(
                    "extra",
                    "`extra` must be a map of `key: value` lines".into(),
                );
                self.problems.push(d);
                serde_json::json!({})
            }
            None => serde_json::json!({}),
        }
    }

    /// The file being read, as messages show it, and its whole text.
    pub fn file(&self) -> (&'a std::path::Path, &'a str) {
        (self.shown_path, self.text)
    }

    /// The line of `key`.
    pub fn line_of(&self, key: &str) -> usize {
        self.map.line_of(key)
    }

    /// Adds a problem located at `key`.
    pub fn problem_at(&mut self, key: &str, message: String, help: &str) {
        let d = self.at_key(key, message).help(help);
        self.problems.push(d);
    }
}
