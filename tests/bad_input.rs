//! Bad input: every broken site must fail with a message that names the file, the line and
//! what to do, exit non-zero without panicking, and leave the previous output exactly as it was
//! (no staging or old copies left beside it). A few odd but valid inputs must build, and
//! hostile inputs (alias bombs, huge or deeply nested pages, loops, Ctrl-C) must stay bounded.
//!
//! Each failing case has a folder `tests/bad/<case>/` holding only the files that differ from
//! `tests/fixtures/base` plus `expected.txt`: substrings stderr must contain, one per line.
//! Cases whose input cannot be stored as a file (invalid UTF-8, symbolic links, permissions,
//! generated pages) write it in code and keep only `expected.txt` in their folder; the permission
//! cases run from `tests/permissions.rs`.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{fixtures, overlay, snapshot, stderr, TestSite};

/// Every file of a folder with its bytes.
type Snapshot = BTreeMap<PathBuf, Vec<u8>>;

/// The command every case runs.
const BUILD: &[&str] = &["build", "--quiet"];

/// No single build of a small broken site may take longer than this, even on a loaded machine.
const SMALL_BUILD_LIMIT: Duration = Duration::from_secs(60);

/// `tests/bad/<case>/`.
fn case_dir(case: &str) -> PathBuf {
    fixtures().join("bad").join(case)
}

/// The lines of `tests/bad/<case>/expected.txt`, blank lines skipped.
fn expected(case: &str) -> Vec<String> {
    let path = case_dir(case).join("expected.txt");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let lines: Vec<String> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    assert!(!lines.is_empty(), "{} lists nothing", path.display());
    lines
}

/// A copy of the base site, built successfully, with the snapshot of its output.
fn built_base() -> (TestSite, Snapshot) {
    let site = TestSite::copy_of("fixtures/base");
    site.build_ok();
    let before = site.snapshot();
    assert!(
        before.contains_key(Path::new("index.html")),
        "the base site should produce index.html"
    );
    (site, before)
}

/// Starts `cmbook ARGS` in `root` with plain-text messages and both streams captured.
fn spawn(root: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_cmbook"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cmbook starts")
}

/// Waits for `child`, killing it and failing the test if it runs longer than `limit`.
/// Returns its output and how long it ran.
fn finish(mut child: Child, limit: Duration, what: &str) -> (Output, Duration) {
    let start = Instant::now();
    let mut out_pipe = child.stdout.take().expect("stdout is piped");
    let mut err_pipe = child.stderr.take().expect("stderr is piped");
    let out_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = out_pipe.read_to_end(&mut bytes);
        bytes
    });
    let err_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = err_pipe.read_to_end(&mut bytes);
        bytes
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("cmbook can be waited for") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: cmbook was still running after {limit:?}; killed it");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let took = start.elapsed();
    let output = Output {
        status,
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    };
    (output, took)
}

/// Runs `cmbook ARGS` in the site root, bounded by `limit`.
fn run_bounded(site: &TestSite, args: &[&str], limit: Duration, what: &str) -> (Output, Duration) {
    finish(spawn(site.root(), args), limit, what)
}

/// Fails with the list of files added, removed or changed between two snapshots.
fn assert_same_files(before: &Snapshot, after: &Snapshot, what: &str) {
    if before == after {
        return;
    }
    let mut differences = Vec::new();
    for (path, bytes) in before {
        match after.get(path) {
            None => differences.push(format!("removed {}", path.display())),
            Some(now) if now != bytes => differences.push(format!("changed {}", path.display())),
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        differences.push(format!("added {}", path.display()));
    }
    let shown = differences.len().min(30);
    panic!(
        "{what} changed ({} differences):\n{}",
        differences.len(),
        differences[..shown].join("\n")
    );
}

/// Checks that cmbook ended by itself (an exit code, not a signal) and did not panic.
fn assert_no_panic(out: &Output, what: &str) -> String {
    let err = stderr(out);
    assert!(!err.contains("panicked"), "{what}: cmbook panicked:\n{err}");
    assert!(
        out.status.code().is_some(),
        "{what}: cmbook was killed by a signal ({:?}), e.g. a stack overflow:\n{err}",
        out.status
    );
    err
}

/// Checks that the previous output is byte-identical and nothing was left beside it.
fn assert_intact(site: &TestSite, before: &Snapshot, what: &str) {
    assert_same_files(
        before,
        &site.snapshot(),
        &format!("{what}: the previous output"),
    );
    let left = site.leftovers();
    assert!(
        left.is_empty(),
        "{what}: the build left {left:?} beside the output"
    );
}

/// Checks a failed run: non-zero exit code, no panic, every expected line in stderr, the
/// previous output intact, no leftovers. Returns stderr.
fn assert_clean_failure(site: &TestSite, before: &Snapshot, out: &Output, case: &str) -> String {
    let err = assert_no_panic(out, case);
    assert_ne!(
        out.status.code(),
        Some(0),
        "{case}: the build unexpectedly succeeded:\n{err}"
    );
    let missing: Vec<String> = expected(case)
        .into_iter()
        .filter(|line| !err.contains(line.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{case}: stderr lacks {missing:?}; stderr was:\n{err}"
    );
    assert_intact(site, before, case);
    err
}

/// The generic case: build the base site, lay `tests/bad/<case>/` over it, let `setup` break
/// what cannot be stored as a file, run `cmbook ARGS`, and check it fails cleanly.
fn failing_case(case: &str, args: &[&str], setup: impl FnOnce(&TestSite)) -> String {
    let (site, before) = built_base();
    overlay(&case_dir(case), site.root());
    setup(&site);
    let (out, _) = run_bounded(&site, args, SMALL_BUILD_LIMIT, case);
    assert_clean_failure(&site, &before, &out, case)
}

/// A case stored entirely under `tests/bad/<case>/`, run with `cmbook build`.
fn bad(case: &str) -> String {
    failing_case(case, BUILD, |_| {})
}

/// A page of the base site's front matter followed by `body` bytes.
fn page_bytes(title: &str, body: &[u8]) -> Vec<u8> {
    let head = format!(
        "---\ntitle: {title}\ndescription: Comment ce manuel est fait.\ndate: 2026-01-01\n---\n"
    );
    [head.as_bytes(), body].concat()
}

// ---------------------------------------------------------------------------------------------
// Front matter

#[test]
fn yaml_syntax_error_gives_line_and_column() {
    bad("yaml_syntax");
}

#[test]
fn front_matter_never_closed() {
    bad("front_matter_not_closed");
}

#[test]
fn front_matter_that_is_a_list() {
    bad("front_matter_list");
}

#[test]
fn empty_file() {
    bad("empty_file");
}

#[test]
fn missing_required_description() {
    bad("missing_description");
}

#[test]
fn wrong_type_points_at_the_date_line() {
    bad("wrong_type_date");
}

#[test]
fn unknown_key_suggests_the_taxonomy() {
    bad("unknown_key_sector");
}

#[test]
fn unknown_kind() {
    bad("unknown_kind");
}

#[test]
fn term_outside_a_closed_taxonomy() {
    bad("closed_taxonomy_term");
}

/// `career_stages: [confirmé, expert]`: `expert` starts at character 27 (byte 28).
#[test]
fn closed_taxonomy_column_counts_characters_not_bytes() {
    bad("closed_taxonomy_term_after_accents");
}

#[test]
fn file_not_utf8_gives_its_line() {
    failing_case("not_utf8", BUILD, |site| {
        let body = [
            "Ligne un\nLigne ".as_bytes(),
            &[0xff, 0xfe],
            " deux\n".as_bytes(),
        ]
        .concat();
        site.write("content/a-propos.md", page_bytes("À propos", &body));
    });
}

#[test]
fn several_errors_in_several_files_in_one_run() {
    let err = bad("several_files");
    for file in [
        "content/a-propos.md",
        "content/guide/crise.md",
        "content/guide/_index.md",
    ] {
        assert!(err.contains(file), "{file} is not named:\n{err}");
    }
}

// ---------------------------------------------------------------------------------------------
// Links, URLs, aliases

#[test]
fn broken_link_gives_position_and_suggestion() {
    bad("broken_link");
}

/// Columns are characters, as in the YAML errors and under the caret: `Déjà évoqué : [` puts
/// the link at character 15 (byte 19).
#[test]
fn broken_link_column_counts_characters_not_bytes() {
    bad("broken_link_after_accents");
}

#[test]
fn missing_anchor_suggests_the_closest() {
    bad("missing_anchor");
}

#[test]
fn link_to_a_draft_page() {
    bad("link_to_draft");
}

#[test]
fn two_files_producing_the_same_url() {
    bad("duplicate_url");
}

#[test]
fn slug_with_dots_or_slash() {
    bad("slug_escapes");
}

#[test]
fn alias_pointing_outside_the_output() {
    let err = bad("alias_outside");
    assert!(
        !err.contains("alias `/ancien-a-propos/`"),
        "a valid alias was reported:\n{err}"
    );
}

/// An alias onto a file the build itself writes (`style.css`, `sitemap.xml`...) must be
/// reported against the page that declares it, before anything is written.
#[test]
fn alias_onto_a_generated_file() {
    let err = bad("alias_onto_generated_file");
    assert!(
        !err.contains("cmbook-staging"),
        "the message names the staging folder instead of the source:\n{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Templates and configuration

#[test]
fn template_that_fails_to_parse() {
    bad("template_parse");
}

#[test]
fn template_that_fails_to_render() {
    bad("template_render");
}

// Tera 2 (issue #17): every template error names the file, line and column, and the page.
#[test]
fn template_with_an_unknown_variable() {
    bad("tera2_unknown_variable");
}

#[test]
fn template_with_an_unknown_filter() {
    bad("tera2_unknown_filter");
}

#[test]
fn template_with_a_bad_argument_type() {
    bad("tera2_bad_argument_type");
}

#[test]
fn template_error_inside_a_component_names_the_component_and_its_caller() {
    bad("tera2_error_in_component");
}

#[test]
fn template_error_inside_an_included_template_names_it_and_its_caller() {
    bad("tera2_error_in_include");
}

#[test]
fn template_error_inside_a_parent_template_names_the_parent() {
    bad("tera2_error_in_parent");
}

#[test]
fn tera_1_macro_is_refused_with_the_tera_2_way() {
    bad("tera1_macro");
}

#[test]
fn tera_1_import_and_macro_calls_are_refused_with_the_tera_2_way() {
    bad("tera1_import");
}

#[test]
fn safe_filter_on_a_url_is_refused() {
    bad("tera1_safe_url");
}

#[test]
fn template_including_itself() {
    bad("template_includes_itself");
}

#[test]
fn template_extending_a_missing_one() {
    bad("template_missing");
}

#[test]
fn config_with_an_unknown_key() {
    bad("config_unknown_key");
}

#[test]
fn config_with_an_unknown_typography() {
    bad("config_unknown_typography");
}

// ---------------------------------------------------------------------------------------------
// Odd but valid input

#[test]
fn utf8_bom_file_builds() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "content/a-propos.md",
        "\u{feff}---\ntitle: À propos BOM\ndescription: Un fichier qui commence par un BOM.\n\
         date: 2026-01-01\ntags: [bom]\n---\n## Titre après BOM\n\nFait avec cmbook.\n",
    );
    site.write(
        "content/guide/_index.md",
        "\u{feff}---\ntitle: Le guide BOM\ndescription: Les articles du guide.\nsort_by: weight\n\
         ---\nLes articles, du premier au dernier.\n",
    );
    site.build_ok();
    let page = site.html("a-propos/index.html");
    assert!(page.contains("À propos BOM"), "title missing:\n{page}");
    assert!(
        page.contains("id=\"titre-apres-bom\""),
        "heading missing:\n{page}"
    );
    assert!(
        !page.contains("title:"),
        "front matter leaked into the page:\n{page}"
    );
    assert!(!page.contains('\u{feff}'), "the BOM leaked into the page");
    assert!(site.public().join("tags/bom/index.html").is_file());
    let section = site.html("guide/index.html");
    assert!(
        section.contains("Le guide BOM"),
        "section title missing:\n{section}"
    );
    assert!(
        !section.contains('\u{feff}'),
        "the BOM leaked into the section"
    );
}

#[test]
fn crlf_line_endings_build() {
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "content/a-propos.md",
        "---\r\ntitle: À propos CRLF\r\ndescription: Des fins de ligne Windows.\r\n\
         date: 2026-01-01\r\ntags: [crlf]\r\ncareer_stages: [junior]\r\n---\r\n\
         ## Titre CRLF\r\n\r\nVoir [le plan](@/guide/crise.md#le-plan).\r\n\r\n\
         ## Second titre\r\n\r\nFin.\r\n",
    );
    let checklist = std::fs::read_to_string(site.root().join("content/fiches/junior.md"))
        .unwrap()
        .replace('\n', "\r\n");
    site.write("content/fiches/junior.md", checklist);
    site.build_ok();
    let page = site.html("a-propos/index.html");
    assert!(page.contains("À propos CRLF"), "title missing:\n{page}");
    assert!(
        !page.contains("CRLF\r"),
        "a carriage return stayed in the title:\n{page}"
    );
    assert!(
        page.contains("id=\"titre-crlf\""),
        "first heading missing:\n{page}"
    );
    assert!(
        page.contains("id=\"second-titre\""),
        "second heading missing:\n{page}"
    );
    assert!(
        page.contains("/guide/crise/#le-plan"),
        "the @/ link was not rewritten:\n{page}"
    );
    assert!(
        !page.contains("title:"),
        "front matter leaked into the page:\n{page}"
    );
    assert!(site.public().join("tags/crlf/index.html").is_file());
    let junior = site.html("career_stages/junior/index.html");
    assert!(
        junior.contains("À propos CRLF"),
        "term page lacks the page:\n{junior}"
    );
    let fiche = site.html("fiches/junior/index.html");
    for id in ["publier-chaque-jour", "repondre", "suivre-trois-sources"] {
        assert!(fiche.contains(id), "checklist item {id} missing:\n{fiche}");
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile input stays bounded

#[test]
fn yaml_alias_bomb_fails_fast() {
    let (site, before) = built_base();
    overlay(&case_dir("billion_laughs"), site.root());
    let (out, took) = run_bounded(&site, BUILD, Duration::from_secs(30), "billion laughs");
    assert_clean_failure(&site, &before, &out, "billion_laughs");
    assert!(
        took < Duration::from_secs(10),
        "the alias bomb took {took:?} to be refused"
    );
}

#[test]
fn yaml_deep_nesting_fails_cleanly() {
    failing_case("yaml_deep_nesting", BUILD, |site| {
        let depth = 10_000;
        let text = format!(
            "---\ntitle: À propos\ndescription: Très imbriqué.\ndate: 2026-01-01\nextra:\n  profond: {}{}\n---\nTexte.\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        site.write("content/a-propos.md", text);
    });
}

#[test]
fn fifty_megabyte_page_builds_or_fails_cleanly() {
    let (site, before) = built_base();
    let paragraph = "Le community manager écrit un long paragraphe, avec des **mots en gras**, \
                     du `code` et un [lien](https://example.org/), pour remplir la page.\n\n";
    let size = 50 << 20;
    let mut text = String::with_capacity(size + 4096);
    text.push_str(
        "---\ntitle: Très grosse page\ndescription: Cinquante mégaoctets de Markdown.\n\
         date: 2026-02-01\n---\n",
    );
    let mut n = 0usize;
    while text.len() < size {
        if n.is_multiple_of(1000) {
            text.push_str(&format!("## Partie {n}\n\n"));
        }
        text.push_str(paragraph);
        n += 1;
    }
    text.push_str("Dernier paragraphe : FIN-DU-GROS-FICHIER.\n");
    site.write("content/guide/enorme.md", &text);
    drop(text);
    let (out, took) = run_bounded(&site, BUILD, Duration::from_secs(300), "50 MB page");
    let err = assert_no_panic(&out, "50 MB page");
    eprintln!(
        "50 MB page: exit code {:?} after {took:?}",
        out.status.code()
    );
    if out.status.success() {
        let html = std::fs::read(site.public().join("guide/enorme/index.html"))
            .expect("the huge page was written");
        assert!(
            html.len() > size,
            "the huge page is only {} bytes",
            html.len()
        );
        let tail = String::from_utf8_lossy(&html[html.len() - 64 * 1024..]);
        assert!(
            tail.contains("FIN-DU-GROS-FICHIER"),
            "the end of the huge page is missing"
        );
        assert!(
            site.leftovers().is_empty(),
            "leftovers: {:?}",
            site.leftovers()
        );
    } else {
        assert!(
            err.contains("error"),
            "the failure explains nothing:\n{err}"
        );
        assert_intact(&site, &before, "50 MB page");
    }
}

#[test]
fn ten_thousand_deep_blockquotes_and_lists_build() {
    let site = TestSite::copy_of("fixtures/base");
    let depth = 10_000;
    let body = format!(
        "{} citation profonde\n\n{}élément profond\n\n{}mélange profond\n",
        ">".repeat(depth),
        "- ".repeat(depth),
        "> - ".repeat(depth / 2)
    );
    site.write(
        "content/guide/profond.md",
        page_bytes("Très imbriqué", body.as_bytes()),
    );
    let (out, took) = run_bounded(&site, BUILD, Duration::from_secs(120), "deep nesting");
    let err = assert_no_panic(&out, "deep nesting");
    assert!(
        out.status.success(),
        "deep nesting failed after {took:?}:\n{err}"
    );
    let html = site.html("guide/profond/index.html");
    for marker in ["citation profonde", "élément profond", "mélange profond"] {
        assert!(html.contains(marker), "`{marker}` is missing from the page");
    }
    assert!(
        html.matches("<blockquote").count() >= depth,
        "blockquotes were lost"
    );
    assert!(html.matches("<li").count() >= depth, "list items were lost");
}

#[cfg(unix)]
#[test]
fn symlink_loop_under_content_is_named() {
    failing_case("symlink_loop", BUILD, |site| {
        std::os::unix::fs::symlink("..", site.root().join("content/guide/boucle"))
            .expect("symbolic link created");
    });
}

// Unreadable files and folders, and a read-only output folder: tests/permissions.rs (they need
// another user when run as root, or to be reported as ignored).

#[cfg(target_os = "linux")]
#[test]
fn output_under_proc_fails_clearly() {
    failing_case(
        "output_in_proc",
        &["build", "--quiet", "--output", "/proc/cmbook-test"],
        |_| {},
    );
    assert!(!Path::new("/proc/cmbook-test").exists());
}

/// Runs `cmbook build --output DIR` for each of `dirs`; each must be refused and the whole
/// site (sources and output) must stay byte-identical.
fn refuses_output(case: &str, dirs: &[&str]) {
    let (site, before) = built_base();
    let whole = snapshot(site.root());
    for dir in dirs {
        let args = ["build", "--quiet", "--output", dir];
        let (out, _) = run_bounded(&site, &args, SMALL_BUILD_LIMIT, case);
        let err = assert_clean_failure(&site, &before, &out, case);
        assert!(
            err.contains(dir),
            "--output {dir}: the folder is not named:\n{err}"
        );
        assert_same_files(
            &whole,
            &snapshot(site.root()),
            &format!("--output {dir}: the site"),
        );
    }
}

#[test]
fn refuses_the_site_root_as_output() {
    refuses_output("refuse_output_root", &[".", "./", ".."]);
}

#[test]
fn refuses_content_as_output() {
    refuses_output(
        "refuse_output_content",
        &["content", "content/", "content/guide"],
    );
}

// ---------------------------------------------------------------------------------------------
// Interruption

/// Adds generated pages `content/gen/p<i>.md` for `i` below `count` (existing ones are kept),
/// in a section of their own so that the home page's lists stay short.
fn generate_pages(site: &TestSite, count: usize) {
    site.write(
        "content/gen/_index.md",
        "---\ntitle: Pages générées\ndescription: Des pages pour occuper le build.\nsort_by: date\n---\n",
    );
    for i in 0..count {
        let rel = format!("content/gen/p{i}.md");
        if site.root().join(&rel).exists() {
            continue;
        }
        site.write(
            &rel,
            format!(
                "---\ntitle: Page générée {i}\ndescription: Une page pour occuper le build.\n\
                 date: 2026-01-{:02}\ntags: [t{}]\n---\n## Titre {i}\n\n\
                 Texte de la page {i}, avec un [lien](@/guide/veille.md#ecoute-active).\n\n\
                 ## Suite\n\n- un\n- deux\n- trois\n",
                i % 28 + 1,
                i % 50
            ),
        );
    }
}

/// Starts a build of a large site, sends SIGINT after `when` says so, and checks the previous
/// output survived. Retries with more pages (at most 3 tries) if the build won the race.
#[cfg(unix)]
fn interrupt_build(what: &str, when: impl Fn(&TestSite, Instant) -> bool) {
    let (site, mut before) = built_base();
    let mut pages = 3000;
    for attempt in 1..=3 {
        generate_pages(&site, pages);
        let child = spawn(site.root(), BUILD);
        let started = Instant::now();
        while !when(&site, started) && started.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(1));
        }
        let sent = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "{what}: kill -INT failed");
        let (out, took) = finish(child, Duration::from_secs(120), what);
        let err = assert_no_panic(&out, what);
        if out.status.success() {
            eprintln!(
                "{what}: attempt {attempt}: {pages} pages built in {took:?}, before SIGINT took \
                 effect; retrying with more pages"
            );
            assert!(
                site.leftovers().is_empty(),
                "leftovers: {:?}",
                site.leftovers()
            );
            before = site.snapshot();
            pages *= 2;
            continue;
        }
        assert!(
            err.contains("interrupted"),
            "{what}: the message does not say the build was interrupted:\n{err}"
        );
        assert_intact(&site, &before, what);
        return;
    }
    panic!("{what}: the build always finished before SIGINT took effect");
}

#[cfg(unix)]
#[test]
fn sigint_midway_keeps_the_previous_output() {
    interrupt_build("SIGINT after 200 ms", |_, started| {
        started.elapsed() >= Duration::from_millis(200)
    });
}

/// Same, with the signal sent as soon as the staging folder appears: the write stage itself
/// is interrupted and must remove what it staged.
#[cfg(unix)]
#[test]
fn sigint_while_writing_removes_the_staging_folder() {
    interrupt_build("SIGINT while writing", |site, _| {
        !site.leftovers().is_empty()
    });
}

// ---------------------------------------------------------------------------------------------
// Escaping

#[test]
fn script_in_a_title_is_escaped_everywhere() {
    const RAW: &str = "<script>alert(1)";
    const ESCAPED: &str = "&lt;script&gt;alert(1)";
    const TITLE: &str = "<script>alert(1)</script>";
    let site = TestSite::copy_of("fixtures/base");
    site.write(
        "content/guide/piege.md",
        "---\ntitle: \"<script>alert(1)</script>\"\n\
         description: \"Une description <b>grasse</b> & citée.\"\n\
         date: 2026-02-01\nweight: 15\nsectors: [luxe]\ncareer_stages: [junior]\n\
         tags: [securite]\n---\nTexte de la page piégée.\n",
    );
    site.build_ok();
    for file in [
        "guide/piege/index.html",
        "guide/index.html",
        "tags/securite/index.html",
        "sectors/luxe/index.html",
        "career_stages/junior/index.html",
    ] {
        let html = site.html(file);
        assert!(
            html.contains(ESCAPED),
            "{file} does not show the escaped title:\n{html}"
        );
        assert!(
            !html.contains(RAW),
            "{file} contains a raw <script>:\n{html}"
        );
    }
    let page = site.html("guide/piege/index.html");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the closing tag is not escaped:\n{page}"
    );
    assert!(
        !page.contains("<b>grasse</b>"),
        "the description is not escaped:\n{page}"
    );
    for (path, bytes) in site.snapshot() {
        if path.extension().is_some_and(|e| e == "json") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(RAW),
            "{} contains a raw <script>",
            path.display()
        );
    }
    // The search index holds the title as a string of its own; the theme shows it as text.
    let records = common::pagefind::records(&site.public());
    let piege = common::pagefind::record(&records, "/manuel/guide/piege/")
        .expect("the page is in the search index");
    assert_eq!(piege["meta"]["title"], TITLE, "{piege}");
}

// ---------------------------------------------------------------------------------------------
// Issue 24, part 4: URLs that run code, many terms on one page, a poisoned search cache, an
// unbounded template loop

#[test]
fn javascript_url_in_a_case_study_source_is_refused() {
    bad("javascript_source_url");
}

/// Read as a browser reads them: case, leading spaces, a tab or newline inside the scheme,
/// `data:` and `vbscript:` are all refused; `mailto:` and a site path beside them pass (the
/// expected count of errors, 6, would be 8 otherwise).
#[test]
fn source_urls_are_read_as_a_browser_reads_them() {
    let err = bad("javascript_url_tricks");
    for allowed in ["mailto:cm@example.org", "/guide/crise/"] {
        assert!(!err.contains(allowed), "{allowed} was refused:\n{err}");
    }
}

#[test]
fn markdown_links_that_run_code_are_refused() {
    let err = bad("javascript_body_link");
    for allowed in [
        "https://example.org/",
        "mailto:cm@example.org",
        "@/guide/veille.md",
    ] {
        assert!(!err.contains(allowed), "{allowed} was refused:\n{err}");
    }
}

/// The front matter of a page naming `count` tags `t0`, `t1`... on line 5.
fn page_with_tags(count: usize) -> String {
    let tags: Vec<String> = (0..count).map(|i| format!("t{i}")).collect();
    format!(
        "---\ntitle: Beaucoup de mots-clés\ndescription: Une page très étiquetée.\n\
         date: 2026-02-01\ntags: [{}]\n---\nTexte.\n",
        tags.join(", ")
    )
}

/// Rendering a page's terms was quadratic (4,000 tags: 4 s; 100,000: not done in 11 minutes):
/// 20,000 must be refused at once, naming the file, the key, the count and the limit.
#[test]
fn twenty_thousand_terms_on_one_page_fail_fast() {
    failing_case("too_many_terms", BUILD, |site| {
        site.write("content/guide/beaucoup.md", page_with_tags(20_000));
    });
}

/// At the limit a page builds, every term page lists it.
#[test]
fn two_hundred_terms_on_one_page_build() {
    let site = TestSite::copy_of("fixtures/base");
    site.write("content/guide/beaucoup.md", page_with_tags(200));
    let (out, took) = run_bounded(&site, BUILD, SMALL_BUILD_LIMIT, "200 terms");
    let err = assert_no_panic(&out, "200 terms");
    assert!(
        out.status.success(),
        "200 terms failed after {took:?}:\n{err}"
    );
    for term in ["t0", "t199"] {
        let html = site.html(&format!("tags/{term}/index.html"));
        assert!(
            html.contains("Beaucoup de mots-clés"),
            "tags/{term}/ does not list the page:\n{html}"
        );
    }
}

/// `{% for i in range(end=100000000) %}` looped 12 s; `range` is bounded with a clear error.
#[test]
fn a_hundred_million_iteration_range_is_refused() {
    let (site, before) = built_base();
    overlay(&case_dir("template_range_limit"), site.root());
    let (out, took) = run_bounded(&site, BUILD, SMALL_BUILD_LIMIT, "range 100 M");
    assert_clean_failure(&site, &before, &out, "template_range_limit");
    assert!(
        took < Duration::from_secs(10),
        "the huge range took {took:?} to be refused"
    );
}

// ---------------------------------------------------------------------------------------------
// Front-matter values and YAML positions (issue #24, parts 3 and 4)

/// An unclosed quote runs to the end of the front matter: the error points at the quote that
/// opened it, not at the closing `---`.
#[test]
fn yaml_unclosed_quote_points_at_the_quote() {
    bad("yaml_unclosed_quote");
}

/// Same for a `[` list never closed.
#[test]
fn yaml_unclosed_list_points_at_the_bracket() {
    bad("yaml_unclosed_list");
}

#[test]
fn yaml_tab_in_the_indentation_says_to_use_spaces() {
    bad("yaml_tab_indent");
}

/// A key written twice is reported on its second line, where the author added it.
#[test]
fn yaml_duplicate_key_points_at_the_second_one() {
    bad("yaml_duplicate_key");
}

/// `description: ""` is as missing as no description at all for an article.
#[test]
fn empty_required_description_is_an_error() {
    bad("empty_description");
}

#[test]
fn blank_title_is_an_error() {
    bad("blank_title");
}

/// 10^23 does not fit any integer serde_yaml reads: the message is about `weight`, not `u128`.
#[test]
fn weight_too_large_names_the_range() {
    let err = bad("weight_too_large");
    assert!(!err.contains("u128"), "serde's wording leaked:\n{err}");
}

#[test]
fn date_in_year_zero_is_refused() {
    bad("date_year_zero");
}

/// Runs `cmbook new page PATH` in a built base site: it must fail cleanly and create nothing
/// anywhere (`outside` is where the page would have landed).
fn new_page_refused(case: &str, path: &str, outside: &Path) {
    let (site, before) = built_base();
    let whole = snapshot(site.root());
    let (out, _) = run_bounded(&site, &["new", "page", path], SMALL_BUILD_LIMIT, case);
    let landed = outside.exists();
    let _ = std::fs::remove_file(outside);
    assert!(
        !landed,
        "{case}: `new page {path}` wrote {}",
        outside.display()
    );
    let err = assert_clean_failure(&site, &before, &out, case);
    assert!(err.contains(path), "{case}: the path is not named:\n{err}");
    assert_same_files(&whole, &snapshot(site.root()), case);
}

#[test]
fn new_page_refuses_a_path_outside_the_site() {
    let name = format!("cmbook-evasion-{}.md", std::process::id());
    let outside = std::env::temp_dir().join(&name);
    // Test sites are folders of the temporary folder, so `../NAME` lands beside the site.
    let relative = format!("../{name}");
    new_page_refused("new_page_outside_the_site", &relative, &outside);
    let absolute = outside.to_string_lossy().into_owned();
    new_page_refused("new_page_outside_the_site", &absolute, &outside);
}

#[test]
fn new_page_refuses_a_path_outside_content() {
    let (site, before) = built_base();
    let (out, _) = run_bounded(
        &site,
        &["new", "page", "notes/idee.md"],
        SMALL_BUILD_LIMIT,
        "new page outside content",
    );
    assert!(
        !site.root().join("notes").exists(),
        "`new page notes/idee.md` created notes/"
    );
    assert_clean_failure(&site, &before, &out, "new_page_outside_content");
}
