//! A stage's pay band, read from `extra.pay` of its term file and written out in the language
//! of the map: the figures come from the content, the words around them (the default unit,
//! the short forms of the map, how digits are grouped, the chart's axis) from the theme's
//! interface strings, French when a theme has none.

use serde::Serialize;
use serde_json::Value as Json;

use crate::load::strings::Strings;

/// A pay band with its source.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Pay {
    /// Low end, in `unit`.
    pub low: Option<i64>,
    /// High end, in `unit`.
    pub high: Option<i64>,
    /// `€ brut par an`, `€ par mois`.
    pub unit: String,
    /// Whether the band is yearly gross pay (drawn in the salary chart): a band of two
    /// figures in the default unit.
    pub yearly: bool,
    /// The band as read (`28 000 – 35 000 € brut par an`), or the note when there is none.
    pub label: String,
    /// The band in a few characters, for the map (`28–35 k€/an`).
    pub short: String,
    /// Who published it.
    pub source: String,
    /// Where.
    pub url: Option<String>,
    /// When (`2019`, or `s. d.` when the source gives no year).
    pub year: String,
}

/// The words a pay band is written with, in one language.
pub(crate) struct PayWords<'s> {
    /// The unit of a band whose term file names none: yearly gross pay.
    unit: &'s str,
    /// Between groups of three digits.
    separator: &'s str,
    /// A yearly band on the map, `{low}` and `{high}` in thousands.
    short_yearly: &'s str,
    /// A single figure on the map (a monthly stipend).
    short_single: &'s str,
    /// On the map, for a stage without a published band.
    short_none: &'s str,
    /// A tick of the salary chart's axis, `{n}` in thousands.
    tick: &'s str,
}

impl<'s> PayWords<'s> {
    /// The words of `strings` (a language's interface strings), French for those it lacks.
    pub(crate) fn of(strings: Option<&'s Strings>) -> Self {
        let word = |key: &str, french: &'s str| -> &'s str {
            strings
                .and_then(|s| s.get(key))
                .map_or(french, String::as_str)
        };
        PayWords {
            unit: word("pay_unit", "€ brut par an"),
            separator: word("pay_thousands_separator", "\u{202f}"),
            short_yearly: word("pay_short_yearly", "{low}–{high} k€/an"),
            short_single: word("pay_short_single", "{low} €/mois"),
            short_none: word("pay_short_none", "non publié"),
            tick: word("chart_tick", "{n} k€"),
        }
    }

    /// `28000` → `28 000` in French (narrow no-break space), `28,000` in English.
    pub(crate) fn thousands(&self, n: i64) -> String {
        let digits = n.abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(self.separator);
            }
            out.push(c);
        }
        if n < 0 {
            format!("-{out}")
        } else {
            out
        }
    }

    /// The label of the chart's tick at `thousands` thousand (`40 k€`).
    pub(crate) fn tick(&self, thousands: i64) -> String {
        self.tick.replace("{n}", &thousands.to_string())
    }
}

/// Reads `extra.pay` of a term file; `Err` names what is missing.
pub(crate) fn read_pay(pay: &Json, words: &PayWords<'_>) -> Result<Pay, String> {
    let text = |key: &str| pay.get(key).and_then(Json::as_str).map(str::to_owned);
    let source =
        text("source").ok_or("`extra.pay` needs a `source` (who published the figures)")?;
    let year = match pay.get("year") {
        Some(Json::Number(n)) => n.to_string(),
        Some(Json::String(s)) if !s.trim().is_empty() => s.clone(),
        _ => {
            return Err("`extra.pay` needs a `year` (or `s. d.` when the source gives none)".into())
        }
    };
    let low = pay.get("low").and_then(Json::as_i64);
    let high = pay.get("high").and_then(Json::as_i64);
    let unit = text("unit").unwrap_or_else(|| words.unit.to_owned());
    let label = match (low, high, text("note")) {
        (Some(l), Some(h), _) => format!("{} – {} {unit}", words.thousands(l), words.thousands(h)),
        (Some(l), None, _) => format!("{} {unit}", words.thousands(l)),
        (None, _, Some(note)) => note,
        _ => {
            return Err(
                "`extra.pay` needs `low` (and `high`), or a `note` when no band is published"
                    .into(),
            )
        }
    };
    let short = match (low, high) {
        (Some(l), Some(h)) if l >= 1000 => words
            .short_yearly
            .replace("{low}", &(l / 1000).to_string())
            .replace("{high}", &(h / 1000).to_string()),
        (Some(l), Some(h)) => format!("{l}–{h} {unit}"),
        (Some(l), None) => words.short_single.replace("{low}", &l.to_string()),
        _ => words.short_none.to_owned(),
    };
    Ok(Pay {
        short,
        yearly: unit == words.unit && low.is_some() && high.is_some(),
        low,
        high,
        unit,
        label,
        source,
        url: text("url"),
        year,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Strings {
        [
            ("pay_unit", "euros gross a year"),
            ("pay_thousands_separator", ","),
            ("pay_short_yearly", "€{low}k–{high}k a year"),
            ("pay_short_none", "not published"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    #[test]
    fn thousands_are_grouped_as_the_language_groups_them() {
        let french = PayWords::of(None);
        assert_eq!(french.thousands(28000), "28\u{202f}000");
        assert_eq!(french.thousands(680), "680");
        assert_eq!(french.thousands(1_234_567), "1\u{202f}234\u{202f}567");
        let strings = english();
        assert_eq!(
            PayWords::of(Some(&strings)).thousands(1_234_567),
            "1,234,567"
        );
    }

    #[test]
    fn a_pay_band_needs_its_source_and_year() {
        let words = PayWords::of(None);
        let ok = serde_json::json!({"low": 28000, "high": 35000, "source": "Apec", "year": 2019});
        let pay = read_pay(&ok, &words).unwrap();
        assert!(pay.yearly);
        assert_eq!(pay.year, "2019");
        assert_eq!(pay.short, "28–35 k€/an");
        let no_source = serde_json::json!({"low": 1, "high": 2, "year": 2019});
        assert!(read_pay(&no_source, &words).unwrap_err().contains("source"));
        let no_year = serde_json::json!({"low": 1, "high": 2, "source": "x"});
        assert!(read_pay(&no_year, &words).unwrap_err().contains("year"));
        let note = serde_json::json!({"note": "pas de fourchette", "source": "x", "year": "s. d."});
        assert!(!read_pay(&note, &words).unwrap().yearly);
        assert_eq!(read_pay(&note, &words).unwrap().short, "non publié");
    }

    #[test]
    fn an_english_band_says_its_unit_and_short_form_in_english() {
        let strings = english();
        let words = PayWords::of(Some(&strings));
        let band = serde_json::json!({"low": 28000, "high": 35000, "source": "Apec", "year": 2019});
        let pay = read_pay(&band, &words).unwrap();
        assert_eq!(pay.label, "28,000 – 35,000 euros gross a year");
        assert_eq!(pay.short, "€28k–35k a year");
        assert!(
            pay.yearly,
            "a band in the default unit is drawn in the chart"
        );
        let monthly =
            serde_json::json!({"low": 680, "unit": "€ a month", "source": "x", "year": 2026});
        let pay = read_pay(&monthly, &words).unwrap();
        assert!(!pay.yearly);
        assert_eq!(pay.label, "680 € a month");
    }
}
