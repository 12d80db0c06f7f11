//! Tests of the typography pass: the pure function on plain text, then over Markdown events.

use pulldown_cmark::{html, Parser};

use super::*;
use crate::markdown::options;

/// French typesetting of plain text.
fn fr(text: &str) -> String {
    typeset(text, Typography::Fr).into_owned()
}

/// Markdown rendered to HTML with French typesetting.
fn fr_html(markdown: &str) -> String {
    let mut out = String::new();
    html::push_html(
        &mut out,
        typeset_events(Parser::new_ext(markdown, options()), Typography::Fr),
    );
    out
}

#[test]
fn a_colon_gets_a_no_break_space() {
    assert_eq!(fr("Le cas : une crise"), "Le cas\u{a0}: une crise");
    // Several spaces, or a no-break one already there, become one.
    assert_eq!(fr("Note  : lire"), "Note\u{a0}: lire");
}

#[test]
fn semicolons_exclamation_and_question_marks_get_a_narrow_one() {
    assert_eq!(
        fr("Bonjour ! Ça va ? Oui ; merci"),
        "Bonjour\u{202f}! Ça va\u{202f}? Oui\u{202f}; merci"
    );
    // A no-break space written by hand before `!` becomes the narrow one.
    assert_eq!(fr("Super\u{a0}!"), "Super\u{202f}!");
}

#[test]
fn only_spaces_written_become_no_break_ones() {
    // English quoted in French keeps its own spacing, a space is never guessed.
    for text in ["Weak signals: early warnings", "What?", "Exclaim!", "a;b"] {
        assert_eq!(fr(text), text);
    }
}

#[test]
fn guillemets_hold_narrow_spaces_inside() {
    assert_eq!(fr("un « cas » ici"), "un «\u{202f}cas\u{202f}» ici");
    assert_eq!(fr("un «cas» ici"), "un «\u{202f}cas\u{202f}» ici");
    assert_eq!(
        fr("« Il n'y avait rien », dit-il"),
        "«\u{202f}Il n’y avait rien\u{202f}», dit-il"
    );
}

#[test]
fn apostrophes_in_words_curl_but_quotes_stay() {
    assert_eq!(
        fr("l'été d'aujourd'hui, qu'il"),
        "l’été d’aujourd’hui, qu’il"
    );
    assert_eq!(
        fr("Bud Light's VP 'takes leave'"),
        "Bud Light’s VP 'takes leave'"
    );
    assert_eq!(fr("'quote' et ' seul"), "'quote' et ' seul");
}

#[test]
fn text_already_typeset_stays_the_same() {
    for text in [
        "Le cas\u{a0}: une crise",
        "Bonjour\u{202f}! Ça va\u{202f}?",
        "un «\u{202f}cas\u{202f}» d’été",
        "rien à faire",
    ] {
        assert_eq!(fr(text), text);
        assert!(matches!(typeset(text, Typography::Fr), Cow::Borrowed(_)));
    }
    let messy = "« Oui » : l'été ; « non»!  ?";
    assert_eq!(fr(&fr(messy)), fr(messy));
}

#[test]
fn urls_keep_what_was_written() {
    assert_eq!(fr("https://x"), "https://x");
    assert_eq!(
        fr("voir https://example.org/l'avis?q=1 : ici"),
        "voir https://example.org/l'avis?q=1\u{a0}: ici"
    );
    assert_eq!(fr("(www.aujourd'hui.fr)"), "(www.aujourd'hui.fr)");
    assert_eq!(fr("mailto:l'a@b.fr"), "mailto:l'a@b.fr");
}

#[test]
fn times_and_ratios_without_spaces_are_left_alone() {
    assert_eq!(fr("à 12:30 précises"), "à 12:30 précises");
    assert_eq!(fr("format 16:9"), "format 16:9");
}

#[test]
fn code_between_backticks_is_left_alone() {
    assert_eq!(
        fr("Le fichier `l'index : brut` : à lire"),
        "Le fichier `l'index : brut`\u{a0}: à lire"
    );
    assert_eq!(fr("``a ` b : c`` ok"), "``a ` b : c`` ok");
    // A lone backtick opens nothing.
    assert_eq!(fr("un ` seul : ici"), "un ` seul\u{a0}: ici");
}

#[test]
fn none_changes_nothing() {
    let text = "l'été : « oui » !";
    assert!(matches!(typeset(text, Typography::None), Cow::Borrowed(t) if t == text));
}

#[test]
fn the_language_decides_the_default() {
    assert_eq!(Typography::for_language("fr"), Typography::Fr);
    assert_eq!(Typography::for_language("fr-BE"), Typography::Fr);
    assert_eq!(Typography::for_language("en"), Typography::None);
    assert_eq!(Typography::for_language("frr"), Typography::None);
    for name in Typography::NAMES {
        assert!(Typography::from_name(name).is_some(), "{name}");
    }
    assert_eq!(Typography::from_name("french"), None);
}

#[test]
fn markdown_text_split_into_events_is_read_as_one() {
    assert_eq!(
        fr_html("l'*émotion* d'[Instagram](x) et l'`API` !"),
        "<p>l’<em>émotion</em> d’<a href=\"x\">Instagram</a> et l’<code>API</code>\u{202f}!</p>\n"
    );
    // The parser splits text at brackets and escapes.
    assert_eq!(
        fr_html("c[ d] : e et foo\\* ; bar"),
        "<p>c[ d]\u{a0}: e et foo*\u{202f}; bar</p>\n"
    );
    assert_eq!(
        fr_html("un « *cas* » et «**cas**»"),
        "<p>un «\u{202f}<em>cas</em>\u{202f}» et «\u{202f}<strong>cas</strong>\u{202f}»</p>\n"
    );
}

#[test]
fn a_line_break_before_a_mark_becomes_a_no_break_space() {
    assert_eq!(fr_html("un mot\n: suite"), "<p>un mot\u{a0}: suite</p>\n");
    assert_eq!(fr_html("un «\ncas »"), "<p>un «\u{202f}cas\u{202f}»</p>\n");
    assert_eq!(fr_html("un mot\net suite"), "<p>un mot\net suite</p>\n");
}

#[test]
fn markdown_code_raw_html_autolinks_and_alt_text_are_left_alone() {
    let html = fr_html(
        "```\nlet a = 'b' ; // l'x : y !\n```\n\n    indenté : l'x\n\n\
         <div>\nbloc : l'x\n</div>\n\n\
         Un <kbd>Ctrl : C</kbd> et <code>l'a ; b</code>, <https://x.org/l'a> ![l'image : x](i.png \"l'a : b\") !\n",
    );
    for kept in [
        "let a = 'b' ; // l'x : y !",
        "indenté : l'x",
        "bloc : l'x",
        "<kbd>Ctrl : C</kbd>",
        "<code>l'a ; b</code>",
        ">https://x.org/l'a</a>",
        "alt=\"l'image : x\"",
        "title=\"l'a : b\"",
    ] {
        let (text, attribute) = (kept.replace('\'', "&#x27;"), kept.replace('\'', "&#39;"));
        assert!(
            html.contains(kept) || html.contains(&text) || html.contains(&attribute),
            "`{kept}` changed in:\n{html}"
        );
    }
    assert!(html.contains("\u{202f}!</p>"), "{html}");
}

#[test]
fn headings_list_items_and_cells_are_typeset() {
    let html = fr_html("# X : Y\n\n- l'un ; l'autre\n\n| a |\n|---|\n| b ? |\n");
    assert!(html.contains("<h1>X\u{a0}: Y</h1>"), "{html}");
    assert!(html.contains("<li>l’un\u{202f}; l’autre</li>"), "{html}");
    assert!(html.contains("<td>b\u{202f}?</td>"), "{html}");
}
