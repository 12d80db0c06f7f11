//! `YYYY-MM-DD` dates, read and written without chrono's format strings on the common path:
//! every page card shows its date and list pages repeat each card, so chrono parsing `%Y-%m-%d`
//! anew for each one was visible in profiles. Other inputs go to chrono, so results never differ.

use chrono::{Datelike, NaiveDate};

/// Month names in French, January first: dates written out in the text of French pages
/// (`date_fr`, case-study timelines).
pub(crate) const FRENCH_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `date` as `YYYY-MM-DD`, exactly as chrono's `%Y-%m-%d` writes it.
pub(crate) fn iso(date: NaiveDate) -> String {
    let (year, month, day) = (date.year(), date.month(), date.day());
    if !(0..=9999).contains(&year) {
        // chrono writes a sign and more digits outside these years.
        return date.format("%Y-%m-%d").to_string();
    }
    format!("{year:04}-{month:02}-{day:02}")
}

/// Reads `YYYY-MM-DD` as chrono's `parse_from_str(text, "%Y-%m-%d")` does.
pub(crate) fn parse_iso(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let strict = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if strict {
        let number = |range: std::ops::Range<usize>| {
            b[range]
                .iter()
                .fold(0u32, |n, c| n * 10 + u32::from(c - b'0'))
        };
        let date = NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10));
        if date.is_some() {
            return date;
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_as_chrono() {
        let mut date = NaiveDate::from_ymd_opt(1999, 12, 25).unwrap();
        for _ in 0..800 {
            assert_eq!(iso(date), date.format("%Y-%m-%d").to_string());
            date = date + chrono::Days::new(17);
        }
        for (y, m, d) in [
            (0, 1, 1),
            (9, 3, 4),
            (999, 10, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-5, 6, 7),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(iso(date), date.format("%Y-%m-%d").to_string(), "{y}");
        }
    }

    #[test]
    fn reads_as_chrono() {
        let inputs = [
            "2026-02-09",
            "2026-2-9",
            "2026-02-30",
            "2026-13-01",
            "0000-01-01",
            "+2026-02-09",
            " 2026-02-09",
            "2026-02-09 ",
            "2026/02/09",
            "20260209",
            "2026-02-0a",
            "",
            "9999-12-31",
            "2024-02-29",
            "2023-02-29",
        ];
        for text in inputs {
            let chrono = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
            assert_eq!(parse_iso(text), chrono, "{text:?}");
        }
    }
}
