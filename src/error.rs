//! Errors and diagnostics: every problem carries the file, the position and what to do.
//!
//! Content problems are collected as [`Diagnostic`]s so that one build reports all of them at
//! once; the CLI and `cmbook check` print them in the same rustc-like form.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; `--deny-warnings` does not count it (a page not translated yet).
    Info,
    /// Worth fixing, but the site can still be built.
    Warning,
    /// The build cannot go on.
    Error,
}

/// One problem found in the user's input, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file at fault, relative to the site root when possible.
    pub path: Option<PathBuf>,
    /// 1-based line in that file.
    pub line: Option<usize>,
    /// 1-based column in that line.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// The text of the offending line, shown under the message.
    pub source_line: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// Where else it matters, each `where: what` (a template error's chain of callers).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error about `path` with no position yet.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: Some(path.into()),
            line: None,
            column: None,
            message: message.into(),
            source_line: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// A warning about `path` with no position yet.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// A piece of information about `path`, which no flag turns into a failure.
    pub fn info(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Info,
            ..Diagnostic::error(path, message)
        }
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the position and copies the line's text from `source` (the whole file).
    pub fn at_in(self, source: &str, line: usize, column: usize) -> Self {
        let text = source
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_start_matches('\u{feff}').to_owned());
        let mut d = self.at(line, column);
        d.source_line = text;
        d
    }

    /// Adds the line explaining what to do.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a note shown after the source line.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Whether this diagnostic stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Formats the diagnostic like rustc: message, location, source line with a caret, help.
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("\x1b[{code}m{text}\x1b[0m")
            } else {
                text.to_owned()
            }
        };
        let (label, code) = match self.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
            Severity::Info => ("info", "1;36"),
        };
        let mut out = format!("{}: {}\n", paint(code, label), paint("1", &self.message));
        if let Some(path) = &self.path {
            let mut location = path.display().to_string();
            if let Some(line) = self.line {
                let _ = write!(location, ":{line}");
                if let Some(col) = self.column {
                    let _ = write!(location, ":{col}");
                }
            }
            let _ = writeln!(out, "  {} {location}", paint("34", "-->"));
        }
        if let (Some(text), Some(line)) = (&self.source_line, self.line) {
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            let bar = paint("34", "|");
            let _ = writeln!(out, " {pad} {bar}");
            let (text, col) = excerpt(text, self.column.unwrap_or(1).max(1));
            let _ = writeln!(out, " {} {bar} {text}", paint("34", &number));
            let indent: String = text
                .chars()
                .take(col - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, " {pad} {bar} {indent}{}", paint(code, "^"));
        }
        for note in &self.notes {
            let _ = writeln!(out, "  = {}: {note}", paint("1", "note"));
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = {}: {help}", paint("1", "help"));
        }
        out
    }
}

/// Longest source line quoted whole under a diagnostic, in characters.
const QUOTED_LINE: usize = 160;

/// `text`, cut to [`QUOTED_LINE`] characters around the 1-based column `col` when longer (a
/// 20,000-term list on one line would print 150 KB), and the column within what is kept.
fn excerpt(text: &str, col: usize) -> (String, usize) {
    let count = text.chars().count();
    if count <= QUOTED_LINE {
        return (text.to_owned(), col);
    }
    let start = col.saturating_sub(QUOTED_LINE / 3).min(count - QUOTED_LINE);
    let kept: String = text.chars().skip(start).take(QUOTED_LINE).collect();
    let before = if start > 0 { "…" } else { "" };
    let after = if start + QUOTED_LINE < count {
        "…"
    } else {
        ""
    };
    (
        format!("{before}{kept}{after}"),
        col - start + before.len().min(1),
    )
}

/// Everything that can stop a cmbook command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input has problems; every one found is listed.
    #[error("{} in the site sources", count_errors(.0))]
    Invalid(Vec<Diagnostic>),
    /// Reading or writing a file failed.
    #[error("cannot {action} {}: {source}", .path.display())]
    Io {
        /// What cmbook was doing ("read", "write", "create folder"...).
        action: &'static str,
        /// The file or folder involved.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// The output folder or another option is unsafe or unusable.
    #[error("{0}")]
    Usage(String),
    /// The output folder cannot be replaced without destroying what cmbook did not write.
    #[error("refusing to replace {}: {reason}\n  = help: {help}", .folder.display())]
    OutputRefused {
        /// The folder as the user named it.
        folder: PathBuf,
        /// What makes it unsafe.
        reason: String,
        /// The way out.
        help: String,
    },
    /// The build was stopped (Ctrl-C); nothing was written.
    #[error("the build was interrupted; the previous output is unchanged")]
    Interrupted,
    /// `cmbook check` found errors, or warnings under `--deny-warnings`.
    #[error("check found {what}")]
    CheckFailed {
        /// "errors" or "warnings (--deny-warnings)".
        what: &'static str,
    },
    /// The development server could not listen or watch.
    #[error("{0}")]
    Server(String),
    /// The search index could not be made (Pagefind's reason).
    #[error("cannot build the search index: {0}")]
    Search(String),
}

/// Exit code of a run that succeeded.
pub const EXIT_OK: u8 = 0;
/// Exit code when the site has errors (bad content, templates, configuration values).
pub const EXIT_SITE: u8 = 1;
/// Exit code for a usage or I/O problem (options, output folder, files, server).
pub const EXIT_USAGE: u8 = 2;
/// Exit code after Ctrl-C (the shell's convention for SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

fn count_errors(diagnostics: &[Diagnostic]) -> String {
    let n = diagnostics.iter().filter(|d| d.is_error()).count();
    if n == 1 {
        "1 error".to_owned()
    } else {
        format!("{n} errors")
    }
}

impl Error {
    /// Wraps an I/O error with what was being done and to which path.
    pub fn io(action: &'static str, path: &Path, source: io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_owned(),
            source,
        }
    }

    /// One content error as a build error.
    pub fn one(diagnostic: Diagnostic) -> Self {
        Error::Invalid(vec![diagnostic])
    }

    /// The process exit code for this error: [`EXIT_SITE`] for problems in the site,
    /// [`EXIT_USAGE`] for options, files and the server, [`EXIT_INTERRUPTED`] after Ctrl-C.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_) | Error::CheckFailed { .. } => EXIT_SITE,
            Error::Io { .. }
            | Error::Usage(_)
            | Error::OutputRefused { .. }
            | Error::Server(_)
            | Error::Search(_) => EXIT_USAGE,
            Error::Interrupted => EXIT_INTERRUPTED,
        }
    }

    /// The error as the terminal shows it: each diagnostic like rustc, then the summary line.
    /// The one printer of the CLI and of `serve` (terminal and browser overlay, `color` off).
    pub fn report(&self, color: bool) -> String {
        let mut text = String::new();
        if let Error::Invalid(diagnostics) = self {
            for d in diagnostics {
                text.push_str(&d.render(color));
                text.push('\n');
            }
        }
        let label = if color {
            "\x1b[1;31merror\x1b[0m"
        } else {
            "error"
        };
        text.push_str(&format!("{label}: {self}"));
        text
    }
}

/// Shorthand for results that fail with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Suggests the candidate closest to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_key() {
        assert_eq!(
            did_you_mean("sector", ["sectors", "skills", "title"]),
            Some("sectors")
        );
        assert_eq!(did_you_mean("zzz", ["sectors", "skills"]), None);
    }

    #[test]
    fn a_long_line_is_quoted_around_its_column() {
        let line = format!("tags: [{}]", "mot, ".repeat(4000));
        let source = format!("---\n{line}\n---");
        let d = Diagnostic::error("a.md", "too many").at_in(&source, 2, 10_000);
        let text = d.render(false);
        assert!(text.len() < 1_000, "{} bytes", text.len());
        let lines: Vec<&str> = text.lines().collect();
        let quoted = lines.iter().find(|l| l.contains(" 2 | ")).unwrap();
        let caret = lines.iter().find(|l| l.trim_end().ends_with('^')).unwrap();
        let at = caret.chars().count() - 1;
        assert_eq!(quoted.chars().nth(at), line.chars().nth(9_999), "{text}");
        assert!(quoted.contains('…'));
    }

    #[test]
    fn renders_a_caret_under_the_column() {
        let d = Diagnostic::error("content/a.md", "bad date")
            .at_in("---\ndate: demain\n---", 2, 7)
            .help("write YYYY-MM-DD");
        let text = d.render(false);
        assert!(text.contains("content/a.md:2:7"), "{text}");
        assert!(text.contains("2 | date: demain"), "{text}");
        assert!(text.contains("  |       ^"), "{text}");
        assert!(text.contains("help: write YYYY-MM-DD"), "{text}");
    }
}
