//! A case study's `timeline`: dated events, `[{date, event}]`, drawn by the theme as an ordered
//! list (issue #21, part 5). A date is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as precise as the
//! sources allow; events must come in date order, since the list is read as a chronology (a month may follow
//! one of its days).

use serde::{Deserialize, Serialize};

use crate::load::fields::Fields;
use crate::typography::{typeset_owned, Typography};

/// One event as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    date: String,
    event: String,
}

/// One dated event of a case study.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineEvent {
    /// As written (`2009-07-06`, `2009-07`, `2009`): the `datetime` attribute.
    pub date: String,
    /// In French (`6 juillet 2009`, `juillet 2009`, `2009`).
    pub label: String,
    /// What happened, typeset.
    pub event: String,
}

/// `2009-07-06` → `6 juillet 2009`; `None` when the date is none of the three forms.
fn label(date: &str) -> Option<String> {
    let parts: Vec<&str> = date.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let year = number(parts.first()?, 4).filter(|y| *y >= 1900)?;
    match parts.len() {
        1 => Some(year.to_string()),
        2 => {
            let month = number(parts[1], 2).filter(|m| (1..=12).contains(m))?;
            Some(format!(
                "{} {year}",
                crate::dates::FRENCH_MONTHS[month as usize - 1]
            ))
        }
        3 => {
            // Two digits each, as written in ISO dates (chrono alone would accept `2009-7-6`).
            number(parts[1], 2)?;
            number(parts[2], 2)?;
            let d = crate::dates::parse_iso(date)?;
            use chrono::Datelike;
            let day = if d.day() == 1 {
                "1er".to_owned()
            } else {
                d.day().to_string()
            };
            Some(format!(
                "{day} {} {year}",
                crate::dates::FRENCH_MONTHS[d.month0() as usize]
            ))
        }
        _ => None,
    }
}

/// Reads the optional `timeline`; a bad date or an event out of order is a problem at the key.
pub(crate) fn read(fields: &mut Fields<'_>, typography: Typography) -> Vec<TimelineEvent> {
    let written: Vec<Written> = fields
        .optional("timeline", "a list of `{date, event}` maps")
        .unwrap_or_default();
    let mut out = Vec::new();
    for w in written {
        let Some(label) = label(&w.date) else {
            fields.problem_at(
                "timeline",
                format!("timeline date `{}` is not a date", w.date),
                "write `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as precise as the sources allow",
            );
            continue;
        };
        if let Some(last) = out.last().map(|e: &TimelineEvent| e.date.clone()) {
            // Compared as text, which orders ISO dates; a less precise date may follow a more
            // precise one it contains (`2009-07` after `2009-07-06`: "later in July").
            if w.date < last && !last.starts_with(&w.date) {
                fields.problem_at(
                    "timeline",
                    format!("timeline event `{}` comes before `{last}`", w.date),
                    "list the events in date order",
                );
            }
        }
        out.push(TimelineEvent {
            date: w.date,
            label,
            event: typeset_owned(w.event, typography),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn dates_are_labelled_as_precisely_as_written() {
        assert_eq!(label("2009-07-06").as_deref(), Some("6 juillet 2009"));
        assert_eq!(label("2012-01-01").as_deref(), Some("1er janvier 2012"));
        assert_eq!(label("2009-07").as_deref(), Some("juillet 2009"));
        assert_eq!(label("2009").as_deref(), Some("2009"));
        for bad in [
            "2009-13",
            "2009-02-30",
            "09",
            "juillet 2009",
            "2009-7-6",
            "",
        ] {
            assert_eq!(label(bad), None, "{bad}");
        }
    }
}
