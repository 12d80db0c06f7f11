//! The build cache (`<root>/.cmbook-cache/`): a second build reuses the pages, code blocks and
//! search index of the first, and its output always equals a build without the cache.

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use common::{snapshot, stderr, TestSite};

/// Builds with the summary line and returns how many files were unchanged since the last build.
fn build_counting_reused(site: &TestSite) -> usize {
    let out = site.run(&["build"]);
    let text = stderr(&out);
    assert!(out.status.success(), "build failed:\n{text}");
    text.split(" (")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// What a build without the cache writes for the same sources, into a folder of its own.
fn uncached(site: &TestSite) -> BTreeMap<PathBuf, Vec<u8>> {
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("out");
    let out = site.run(&[
        "build",
        "--quiet",
        "--no-cache",
        "--output",
        output.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    snapshot(&output)
}

/// Runs `cmbook ARGS`, which must succeed and reuse nothing.
fn assert_rendered_all(site: &TestSite, args: &[&str]) {
    let out = site.run(args);
    let text = stderr(&out);
    assert!(out.status.success(), "{text}");
    assert!(!text.contains("unchanged since"), "{text}");
}

fn inode(path: &Path) -> u64 {
    std::fs::metadata(path).unwrap().ino()
}

fn edit(site: &TestSite, relative: &str, from: &str, to: &str) {
    let path = site.root().join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{relative} lacks {from}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_second_build_links_every_page_and_writes_the_same_files() {
    let site = TestSite::copy_of("fixtures/base");
    assert_eq!(build_counting_reused(&site), 0);
    let first = site.snapshot();
    let page = site.public().join("guide/veille/index.html");
    let before = inode(&page);
    let reused = build_counting_reused(&site);
    let pages = first
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    // Every templated file (pages, lists, 404) but the alias redirects.
    assert!(reused > 10 && reused <= pages, "{reused} of {pages}");
    assert_eq!(site.snapshot(), first);
    // Linked from the previous output, not written again.
    assert_eq!(inode(&page), before);
    assert!(site.root().join(".cmbook-cache/pages-v2.json").is_file());
    assert!(site.leftovers().is_empty(), "{:?}", site.leftovers());
}

#[test]
fn edits_render_again_what_they_change_and_nothing_stale_remains() {
    let site = TestSite::copy_of("fixtures/base");
    let all = {
        build_counting_reused(&site);
        build_counting_reused(&site)
    };
    // A title shows in lists, neighbours and the search index.
    edit(
        &site,
        "content/guide/crise.md",
        "title: Gérer une crise",
        "title: Traverser une crise",
    );
    // A code block: highlighted anew, not taken from the code cache.
    edit(
        &site,
        "content/guide/veille.md",
        "println!(\"veille\");",
        "let signal = 42;",
    );
    let reused = build_counting_reused(&site);
    assert!(reused > 0 && reused < all, "{reused} of {all}");
    let built = site.snapshot();
    assert_eq!(built, uncached(&site));
    let veille = site.html("guide/veille/index.html");
    assert!(veille.contains("signal"), "{veille}");
    assert!(!veille.contains("println"), "{veille}");

    // A template of the site's own replaces the theme's for every page using it.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p>maison</p>{{ page.content | safe }}{% endblock main %}",
    );
    build_counting_reused(&site);
    assert_eq!(site.snapshot(), uncached(&site));
    assert!(site
        .html("guide/crise/index.html")
        .contains("<p>maison</p>"));

    // The configuration reaches every page.
    edit(&site, "cmbook.yaml", "title:", "title: Nouveau titre #");
    build_counting_reused(&site);
    assert_eq!(site.snapshot(), uncached(&site));
}

#[test]
fn a_broken_deleted_or_foreign_cache_is_ignored() {
    let site = TestSite::copy_of("fixtures/base");
    build_counting_reused(&site);
    let expected = site.snapshot();
    let cache = site.root().join(".cmbook-cache");
    for file in ["pages-v2.json", "search-v1.txt"] {
        std::fs::write(cache.join(file), b"\x00garbage{").unwrap();
    }
    assert_eq!(build_counting_reused(&site), 0);
    assert_eq!(site.snapshot(), expected);
    std::fs::remove_dir_all(&cache).unwrap();
    assert_eq!(build_counting_reused(&site), 0);
    assert_eq!(site.snapshot(), expected);
    // Into another output folder, nothing of the first output is taken.
    let other = tempfile::tempdir().unwrap();
    assert_rendered_all(
        &site,
        &["build", "--output", other.path().to_str().unwrap()],
    );
}

#[test]
fn an_output_file_changed_by_hand_is_written_again() {
    let site = TestSite::copy_of("fixtures/base");
    build_counting_reused(&site);
    let expected = site.snapshot();
    let page = site.public().join("guide/veille/index.html");
    std::fs::write(&page, "changed by hand").unwrap();
    build_counting_reused(&site);
    assert_eq!(site.snapshot(), expected);
}

#[test]
fn a_code_block_changed_by_hand_in_the_output_is_highlighted_again() {
    let site = TestSite::copy_of("fixtures/base");
    build_counting_reused(&site);
    let expected = site.snapshot();
    // The code cache reads blocks back from the output: same length, other bytes.
    let page = site.public().join("guide/veille/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let start = html.find("<pre").expect("a code block");
    let end = start + html[start..].find("</pre>").unwrap();
    let block = &html[start..end];
    assert!(block.contains("veille"), "{block}");
    let changed = format!(
        "{}{}{}",
        &html[..start],
        block.replace("veille", "VEILLE"),
        &html[end..]
    );
    std::fs::write(&page, changed).unwrap();
    build_counting_reused(&site);
    assert_eq!(site.snapshot(), expected);
}

#[test]
fn no_cache_renders_everything() {
    let site = TestSite::copy_of("fixtures/base");
    build_counting_reused(&site);
    assert_rendered_all(&site, &["build", "--no-cache"]);
}

#[test]
fn a_failed_build_leaves_the_cache_and_output_as_they_were() {
    let site = TestSite::copy_of("fixtures/base");
    build_counting_reused(&site);
    let output = site.snapshot();
    let cache = site.root().join(".cmbook-cache");
    let cached = snapshot(&cache);
    // Fails while rendering, once the cache is open and code blocks are read from the output.
    edit(
        &site,
        "content/guide/veille.md",
        "println!(\"veille\");",
        "let changed = 1;",
    );
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ no_such_variable }}{% endblock main %}",
    );
    site.build_err();
    assert_eq!(site.snapshot(), output);
    assert_eq!(snapshot(&cache), cached);
}

/// Builds with stage timings on; whether the search stage ran (it prints no line when the
/// previous index was taken back).
fn build_indexing(site: &TestSite) -> bool {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cmbook"))
        .arg("build")
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .env("CMBOOK_TIMINGS", "1")
        .output()
        .unwrap();
    let text = stderr(&out);
    assert!(out.status.success(), "{text}");
    text.lines().any(|l| l.starts_with("[timings] search "))
}

/// The index files of the last build, (path under pagefind/, bytes).
fn index_files(site: &TestSite) -> BTreeMap<PathBuf, Vec<u8>> {
    site.snapshot()
        .into_iter()
        .filter(|(path, _)| path.starts_with("pagefind"))
        .collect()
}

#[test]
fn the_search_index_is_made_again_only_when_a_page_or_an_index_file_changed() {
    let site = TestSite::copy_of("fixtures/base");
    assert!(build_indexing(&site), "a first build indexes");
    let first = index_files(&site);
    assert!(first.keys().any(|p| p.ends_with("pagefind-entry.json")));
    assert!(
        !build_indexing(&site),
        "nothing changed: the index is taken back"
    );
    assert_eq!(index_files(&site), first);
    assert_eq!(site.snapshot(), uncached(&site));

    edit(
        &site,
        "content/guide/veille.md",
        "veille",
        "veille attentive",
    );
    assert!(build_indexing(&site), "a page changed: indexed again");
    let edited = index_files(&site);
    assert_ne!(edited, first);
    assert_eq!(site.snapshot(), uncached(&site));

    let entry = site.public().join("pagefind/pagefind-entry.json");
    std::fs::write(&entry, "{}").unwrap();
    assert!(
        build_indexing(&site),
        "an index file changed by hand: indexed again"
    );
    assert_eq!(index_files(&site), edited);
}
