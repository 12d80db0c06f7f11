//! Checks that each profile writes the site it promises (`cargo test --example generate_site`).

use std::collections::BTreeSet;

use super::profile::{self, Profile};
use super::prose::Prose;
use super::{page, Layout, Rng};

/// The texts and terms of the first `count` pages of `profile`, as `main` writes them.
fn pages(profile: Profile, count: usize) -> Vec<(String, super::Terms)> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut prose = Prose::new();
    (0..profile.page_count(count))
        .map(|n| {
            let (_, text, terms) = match profile {
                Profile::CodeHeavy => page(&mut rng, n, Layout::Cmbook),
                other => profile::page(&mut rng, &mut prose, n, Layout::Cmbook, other),
            };
            (text, terms)
        })
        .collect()
}

#[test]
fn prose_has_no_code_and_code_light_has_some() {
    assert!(pages(Profile::Prose, 300)
        .iter()
        .all(|(t, _)| !t.contains("```")));
    let light = pages(Profile::CodeLight, 300);
    let with_code = light.iter().filter(|(t, _)| t.contains("```")).count();
    assert_eq!(with_code, 100, "one page in three");
}

#[test]
fn many_terms_has_over_a_thousand_tags_and_some_on_many_pages() {
    let site = pages(Profile::ManyTerms, 3000);
    let tags: BTreeSet<&String> = site.iter().flat_map(|(_, terms)| &terms[3]).collect();
    assert!(tags.len() > 1000, "{} tags", tags.len());
    let hot0 = site
        .iter()
        .filter(|(_, terms)| terms[3].iter().any(|t| t == "hot0"))
        .count();
    assert!(hot0 > 500, "hot0 on {hot0} pages of 3000");
}

#[test]
fn long_pages_are_a_twenty_fifth_and_over_ten_thousand_words() {
    let site = pages(Profile::LongPages, 250);
    assert_eq!(site.len(), 10);
    for (text, _) in &site {
        let words = text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        assert!(words >= 10_000, "{words} words");
    }
}

#[test]
fn prose_is_varied() {
    let site = pages(Profile::Prose, 200);
    let paragraphs: Vec<&str> = site
        .iter()
        .flat_map(|(t, _)| t.split("\n\n"))
        .filter(|p| p.len() > 80)
        .collect();
    let distinct: BTreeSet<&&str> = paragraphs.iter().collect();
    assert_eq!(distinct.len(), paragraphs.len(), "no paragraph repeats");
}

#[test]
fn profile_names_parse_and_unknown_ones_do_not() {
    for name in [
        "code-heavy",
        "code-light",
        "prose",
        "many-terms",
        "long-pages",
    ] {
        assert!(Profile::parse(name).is_some(), "{name}");
        assert!(profile::NAMES.contains(name));
    }
    assert_eq!(Profile::parse("Prose"), None);
}
