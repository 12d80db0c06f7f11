//! What `check` says about translations: the pages each language still lacks (information, or
//! warnings when the language sets `require_translations`), translations whose original is gone,
//! translations older than their original, and translated checklists whose item ids differ
//! from the original's (progress is kept per item id across languages).

use std::collections::{BTreeSet, HashMap};

use crate::config::CONFIG_FILE;
use crate::error::Diagnostic;
use crate::load::PageSource;
use crate::resolve::Site;

use super::{key_line, warn};

/// Adds the translation findings of a multilingual site.
pub(super) fn lint(site: &Site, out: &mut Vec<Diagnostic>) {
    if site.config.languages.len() < 2 {
        return;
    }
    let originals: HashMap<&str, &PageSource> = site
        .pages
        .iter()
        .filter(|p| p.language.is_default())
        .map(|p| (p.source.file.rel.as_str(), &*p.source))
        .collect();
    untranslated(site, out);
    for page in site.pages.iter().filter(|p| !p.is_fallback()) {
        let file = &page.source.file;
        if file.lang.is_none() {
            continue;
        }
        let Some(original) = originals.get(file.original.as_str()) else {
            out.push(
                Diagnostic::warning(
                    &file.shown,
                    format!("this translates content/{}, which does not exist", file.original),
                )
                .help("rename the translation after its original, or remove it: it is published in its language only"),
            );
            continue;
        };
        outdated(page.source.as_ref(), original, out);
        checklist_ids(page.source.as_ref(), original, out);
    }
}

/// One line per language listing the pages it shows in the original language.
fn untranslated(site: &Site, out: &mut Vec<Diagnostic>) {
    let config_text = std::fs::read_to_string(site.root.join(CONFIG_FILE)).unwrap_or_default();
    let line = key_line(&config_text, "languages").unwrap_or(1);
    for (l, language) in site.config.languages.iter().enumerate().skip(1) {
        let missing: BTreeSet<&str> = site
            .pages
            .iter()
            .filter(|p| p.language.0 == l && p.is_fallback())
            .map(|p| p.source.file.rel.as_str())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let shown: Vec<&str> = missing.iter().take(20).copied().collect();
        let more = match missing.len() > shown.len() {
            true => format!(" and {} more", missing.len() - shown.len()),
            false => String::new(),
        };
        let message = format!(
            "{} page(s) are not translated into {} ({}): {}{more}",
            missing.len(),
            language.name,
            language.code,
            shown.join(", ")
        );
        let help = format!(
            "write `page.{}.md` beside `page.md`; until then readers of /{} see the original with a notice",
            language.code, language.prefix
        );
        let d = match language.require_translations {
            true => Diagnostic::warning(CONFIG_FILE, message),
            false => Diagnostic::info(CONFIG_FILE, message),
        };
        out.push(d.at_in(&config_text, line, 1).help(help));
    }
}

/// A translation whose original was updated after it.
fn outdated(translation: &PageSource, original: &PageSource, out: &mut Vec<Diagnostic>) {
    let changed = |p: &PageSource| p.front.updated.or(p.front.date);
    let (Some(theirs), Some(ours)) = (changed(original), changed(translation)) else {
        return;
    };
    if theirs <= ours {
        return;
    }
    let file = &translation.file;
    let key = if translation.front.updated.is_some() {
        "updated"
    } else {
        "date"
    };
    let line = key_line(&file.text, key).unwrap_or(1);
    out.push(warn(
        file,
        line,
        1,
        format!(
            "this translation ({ours}) is older than its original {} (updated {theirs})",
            original.file.shown.display()
        ),
        "bring the translation up to date, then set its `updated:` to today",
    ));
}

/// A translated checklist must keep the original's item ids, or readers lose their ticks.
fn checklist_ids(translation: &PageSource, original: &PageSource, out: &mut Vec<Diagnostic>) {
    let ids =
        |p: &PageSource| -> BTreeSet<String> { p.outline.item_ids().map(str::to_owned).collect() };
    let (ours, theirs) = (ids(translation), ids(original));
    if ours == theirs {
        return;
    }
    let missing: Vec<&str> = theirs.difference(&ours).map(String::as_str).collect();
    let extra: Vec<&str> = ours.difference(&theirs).map(String::as_str).collect();
    let file = &translation.file;
    out.push(
        Diagnostic::warning(
            &file.shown,
            format!(
                "checklist items differ from {}: missing ids [{}], unknown ids [{}]",
                original.file.shown.display(),
                missing.join(", "),
                extra.join(", ")
            ),
        )
        .help("end each translated item with its original's id, like `- [ ] Post daily {#publier-chaque-jour}`, so progress is shared across languages"),
    );
}
