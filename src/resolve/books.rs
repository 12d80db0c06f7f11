//! Print books: which sections have one, where it is, and which pages it holds, in what order.
//!
//! A trainer prints a section for a workshop: every section but home, when it holds a page
//! and the theme has a `print.html` template, gets `/<section>/imprimer/` ("print" in French):
//! the last segment is the interface string `print_slug` of the section's language (`print`
//! under `/en/`), a word of the theme like its others, `imprimer` when the theme has none. The
//! book is a generated URL like a section's: resolve claims it, so a page written at the same
//! place is refused.

use crate::error::Diagnostic;
use crate::load::strings::PRINT_SLUG_KEY;
use crate::load::theme::ThemeFiles;
use crate::resolve::{Alias, LanguageId, Page, Section, Site};

/// Template of a print book; a theme without it has no books.
pub(crate) const PRINT_TEMPLATE: &str = "print.html";

/// Last segment of a book's URL path when the theme's strings do not name one.
pub(crate) const PRINT_SLUG: &str = "imprimer";

/// Last segment of the URL paths of `language`'s books.
pub(crate) fn print_slug(theme: &ThemeFiles, language: LanguageId) -> &str {
    theme
        .ui
        .get(language.0)
        .and_then(|strings| strings.get(PRINT_SLUG_KEY))
        .map_or(PRINT_SLUG, String::as_str)
}

/// URL path of the book of the section at `section_path` in `language` (`metier/` →
/// `metier/imprimer/`, `en/job/` → `en/job/print/`).
pub(crate) fn book_path(theme: &ThemeFiles, language: LanguageId, section_path: &str) -> String {
    format!("{section_path}{}/", print_slug(theme, language))
}

/// Whether the theme renders print books.
pub(crate) fn theme_has_books(theme: &ThemeFiles) -> bool {
    theme.templates.iter().any(|t| t.name == PRINT_TEMPLATE)
}

/// Indexes of the sections that get a book, given whether the theme renders them.
pub(crate) fn sections_with_books(sections: &[Section], theme_has_books: bool) -> Vec<usize> {
    (0..sections.len())
        .filter(|&s| has_book(sections, s, theme_has_books))
        .collect()
}

/// Whether section `s` has a book: not a home, and a page in it or below it.
pub(crate) fn has_book(sections: &[Section], s: usize, theme_has_books: bool) -> bool {
    fn holds_pages(sections: &[Section], s: usize) -> bool {
        !sections[s].pages.is_empty()
            || sections[s]
                .subsections
                .iter()
                .any(|&c| holds_pages(sections, c))
    }
    theme_has_books && sections[s].parent.is_some() && holds_pages(sections, s)
}

/// The pages of section `s`'s book: its own in the section's order, then each subsection's
/// book in turn, as a reader going through the section's index would meet them.
pub(crate) fn pages_of(sections: &[Section], s: usize) -> Vec<usize> {
    let mut out = sections[s].pages.clone();
    for &sub in &sections[s].subsections {
        out.extend(pages_of(sections, sub));
    }
    out
}

/// Reports every page or alias written where a book goes.
pub(crate) fn check_book_paths(
    sections: &[Section],
    pages: &[Page],
    aliases: &[Alias],
    theme: &ThemeFiles,
    problems: &mut Vec<Diagnostic>,
) {
    for s in sections_with_books(sections, theme_has_books(theme)) {
        let slug = print_slug(theme, sections[s].language);
        let book = book_path(theme, sections[s].language, &sections[s].path);
        let taken = |file: &std::path::Path, what: &str, help: &str| {
            Diagnostic::error(
                file,
                format!(
                    "{what} /{book}, the print book of section `{}`",
                    sections[s].title
                ),
            )
            .help(format!(
                "{help}: every section's `{slug}/` is its print book"
            ))
        };
        for page in pages.iter().filter(|p| p.path == book) {
            problems.push(taken(
                &page.source.file.shown,
                "this page takes the URL",
                "rename the page or give it another `slug:`",
            ));
        }
        for alias in aliases
            .iter()
            .filter(|a| a.file == format!("{book}index.html"))
        {
            if let Some(page) = pages.iter().find(|p| p.path == alias.target) {
                let file = &page.source.file;
                let help = "remove this alias or point it to an old URL no other page uses";
                problems.push(
                    taken(&file.shown, "this alias takes the URL", help)
                        .at_in(&file.text, alias.line, 1),
                );
            }
        }
    }
}

impl Site {
    /// Indexes of the sections that have a print book.
    pub fn books(&self) -> Vec<usize> {
        sections_with_books(&self.sections, theme_has_books(&self.theme))
    }
}
