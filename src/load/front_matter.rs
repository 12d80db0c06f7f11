//! Splits a source file into its YAML front matter and its Markdown body, keeping line numbers.

/// A file split at its front-matter fences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// 1-based file line of the YAML's first line.
    pub yaml_line: usize,
    /// Byte offset of the body in the file text.
    pub body_offset: usize,
    /// 1-based file line of the body's first line.
    pub body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file is empty or only whitespace.
    Empty,
    /// The first line is not `---`.
    NoOpeningFence,
    /// No closing `---` line; holds the number of lines read.
    NotClosed(usize),
}

impl SplitError {
    /// The message and the help line for this problem.
    pub fn explain(&self) -> (String, &'static str) {
        match self {
            SplitError::Empty => (
                "the file is empty".into(),
                "start it with front matter: a `---` line, `title: ...`, and a closing `---` line",
            ),
            SplitError::NoOpeningFence => (
                "the file does not start with front matter".into(),
                "make the first line `---`, then the keys (`title: ...`), then a closing `---` line",
            ),
            SplitError::NotClosed(_) => (
                "the front matter is never closed".into(),
                "add a line with only `---` after the last front-matter key",
            ),
        }
    }
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\r', '\n']).trim_end() == "---"
}

/// Splits `text` (a UTF-8 BOM is skipped; CRLF lines work).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let start = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let content = &text[start..];
    if content.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = content.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if !is_fence(first) {
        return Err(SplitError::NoOpeningFence);
    }
    let yaml_start = start + first.len();
    let mut offset = yaml_start;
    let mut line_number = 1;
    for line in lines {
        line_number += 1;
        if is_fence(line) {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body_offset: offset + line.len(),
                body_line: line_number + 1,
            });
        }
        offset += line.len();
    }
    Err(SplitError::NotClosed(line_number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let text = "---\ntitle: A\n---\nbody\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(&text[s.body_offset..], "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn bom_and_crlf_work() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nbody\r\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(&text[s.body_offset..], "body\r\n");
    }

    #[test]
    fn problems_are_named() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split("title: A\n"), Err(SplitError::NoOpeningFence));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::NotClosed(2)));
    }
}
