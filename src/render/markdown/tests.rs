//! Tests of Markdown rendering.

use super::*;
use crate::markdown::outline;

#[test]
fn spaces_collapse_as_split_then_join() {
    for text in ["", "  ", " a \n b\t\tc ", "mot", "é  à\u{a0}ü x"] {
        let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(collapse_spaces(text), joined, "{text:?}");
    }
}

fn render(body: &str, checklist: bool) -> RenderedBody {
    render_with(body, checklist, Pass::Full)
}

fn render_with(body: &str, checklist: bool, pass: Pass) -> RenderedBody {
    let urls = HashMap::from([("metier/veille.md".to_owned(), "metier/veille/".to_owned())]);
    let links = BodyContext {
        urls: &urls,
        language: None,
        base_path: "/hb/",
        dir: "guide/".into(),
        code: None,
        pass,
        typography: Typography::None,
        glossary: None,
        image_dir: None,
        strings: None,
    };
    render_body(body, &outline(body, 1), &links, checklist)
}

#[test]
fn links_headings_and_summary() {
    let r = render(
        "Intro [v](@/metier/veille.md#a).\n\n## Écoute\n\nSuite.\n",
        false,
    );
    assert!(
        r.html.contains("href=\"/hb/metier/veille/#a\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h2 id=\"ecoute\">"), "{}", r.html);
    assert_eq!(
        r.summary,
        "<p>Intro <a href=\"/hb/metier/veille/#a\">v</a>.</p>\n"
    );
}

#[test]
fn relative_images_and_links_are_written_from_the_source_folder() {
    let r = render("![schéma](img/a.png) [pdf](doc.pdf) [ext](https://e.org/x) [abs](/y/) [mail](mailto:a@b.c)\n", false);
    assert!(r.html.contains("src=\"/hb/guide/img/a.png\""), "{}", r.html);
    assert!(r.html.contains("href=\"/hb/guide/doc.pdf\""), "{}", r.html);
    assert!(r.html.contains("href=\"https://e.org/x\""), "{}", r.html);
    assert!(r.html.contains("href=\"/y/\""), "{}", r.html);
    assert!(r.html.contains("href=\"mailto:a@b.c\""), "{}", r.html);
}

#[test]
fn more_marker_ends_the_summary() {
    let r = render("Un.\n\nDeux.\n\n<!-- more -->\n\nTrois.\n", false);
    assert_eq!(r.summary, "<p>Un.</p>\n<p>Deux.</p>\n");
}

#[test]
fn without_the_full_pass_only_summary_code_is_highlighted() {
    let body = "Un.\n\n```rust\nlet a = 1;\n```\n\n<!-- more -->\n\n```rust\nlet b = 2;\n```\n";
    let full = render_with(body, false, Pass::Full);
    for pass in [Pass::Text, Pass::Summary] {
        let lean = render_with(body, false, pass);
        assert_eq!(lean.summary, full.summary, "{pass:?}");
        assert!(lean.summary.contains("hl-"), "{}", lean.summary);
        assert_eq!(lean.html, "", "{pass:?}");
    }
    assert_eq!(render_with(body, false, Pass::Text).text, full.text);
    assert_eq!(render_with(body, false, Pass::Summary).text, "");
    assert!(full.html.contains("2</span>"), "{}", full.html);
    // Without the marker the summary is the first paragraph: no block is highlighted.
    let plain = render_with("Un.\n\n```rust\nlet a = 1;\n```\n", false, Pass::Text);
    assert_eq!(plain.summary, "<p>Un.</p>\n");
}

/// The summary pass stops parsing early: it must find the same summary as a full render,
/// whatever comes before the first paragraph or the marker.
#[test]
fn the_summary_pass_finds_the_summary_of_the_full_render() {
    let bodies = [
        "Un [lien](@/metier/veille.md) et une note[^n].\n\nDeux.\n\n[^n]: La note.\n",
        "## Titre\n\n- liste\n- serrée\n\nPremier paragraphe.\n\nSecond.\n",
        "- ample\n\n- liste\n\n> citation\n\nEnfin **le** paragraphe.\n",
        "- [ ] Tâche {#t}\n\n  avec paragraphe\n- [x] Faite\n\nAprès la liste.\n",
        "Un.\n\n```html\n<!-- more -->\n```\n\nDeux.\n",
        "Un.\n\n```html\n<!-- more -->\n```\n\nDeux.\n\n<!-- more -->\n\nTrois.\n",
        "- Un\n- Deux <!-- more -->\n\nTrois.\n",
        "<div>brut</div>\n\nTexte.\n",
        "# Seulement un titre\n",
        "",
    ];
    for body in bodies {
        for checklist in [false, true] {
            let full = render_with(body, checklist, Pass::Full);
            let summary = render_with(body, checklist, Pass::Summary);
            assert_eq!(
                summary.summary, full.summary,
                "{body:?} checklist {checklist}"
            );
        }
    }
}

/// The summary pass reads a prefix of the body when the outline found one: the summary must
/// be the full render's, and the prefix left out wherever what follows could change it.
#[test]
fn summaries_read_from_a_prefix_are_those_of_the_full_render() {
    // (body, whether it has a prefix)
    let bodies = [
        (
            "Premier.\n\nSecond [lien][g].\n\n[g]: https://e.org\n",
            true,
        ),
        (
            "Voir [le guide][g].\n\nSuite.\n\n[g]: https://e.org\n",
            false,
        ),
        ("Voir [g].\n\n[g]: https://e.org\n", false),
        ("Sans note.\n\nAvec[^n].\n\n[^n]: Note.\n", true),
        ("Avec[^n].\n\n[^n]: Note.\n", false),
        ("Un[^n] sans définition.\n\nDeux.\n", true),
        (
            "Un.\n\nDeux.\n\n<!-- more -->\n\nTrois[^n].\n\n[^n]: Note.\n",
            true,
        ),
        ("- Un\n- Deux\n\n  <!-- more -->\n\nTrois.\n", false),
        ("Un <!-- more --> deux.\n\nTrois.\n", false),
        ("a | b\n--- | ---\n1 | 2\n\nTexte.\n\nSuite.\n", true),
        ("> cite\nsuite paresseuse\n\nTexte.\n", true),
        ("Texte\n## Titre\n\nSuite.\n", true),
        ("Texte\n- a\n- b\n", true),
        ("Titre souligné\n===\n\nTexte.\n", true),
        (
            "- a\n\n- b\n\nTexte *vraiment\nlong*.\n\n- c\n\n- d\n",
            true,
        ),
    ];
    for (body, has_prefix) in bodies {
        let summary_end = outline(body, 1).summary_end;
        assert_eq!(summary_end.is_some(), has_prefix, "{body:?}");
        for checklist in [false, true] {
            let full = render_with(body, checklist, Pass::Full);
            let summary = render_with(body, checklist, Pass::Summary);
            assert_eq!(summary.summary, full.summary, "{body:?}");
        }
    }
}

#[test]
fn checklist_items_carry_their_ids() {
    let r = render("## G\n\n- [ ] Faire {#faire}\n- [ ] Écrire\n", true);
    assert!(r.html.contains("data-item-id=\"faire\""), "{}", r.html);
    assert!(r.html.contains("data-item-id=\"ecrire\""), "{}", r.html);
    assert!(!r.html.contains("{#faire}"), "{}", r.html);
}

#[test]
fn code_is_highlighted_and_raw_html_kept() {
    let r = render(
        "<div class=\"x\">brut</div>\n\n```rust\nlet a = 1;\n```\n",
        false,
    );
    assert!(r.html.contains("<div class=\"x\">brut</div>"), "{}", r.html);
    assert!(r.html.contains("hl-"), "{}", r.html);
    assert!(!r.text.contains("let a"), "{}", r.text);
}
