//! `serve`'s incremental rebuilds against clean builds, over a seeded random sequence of edits
//! (issue #22): page bodies, front matter, templates, the configuration, pages added, deleted
//! and renamed. After every step the served files must equal a clean render's byte for byte,
//! and a step a clean build refuses must be refused by `serve` too.
//!
//! The seed is printed on failure; `CMBOOK_RANDOM_SEED=N` replays a sequence,
//! `CMBOOK_RANDOM_STEPS=N` changes its length (default 200).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cmbook::pipeline::{render_site, BuildOptions};
use cmbook::serve::session::{read, Files, Session};

mod common;

const BASE_URL: &str = "http://127.0.0.1:1111/";

/// Every file as bytes, by path.
fn contents(files: &Files) -> BTreeMap<String, Vec<u8>> {
    files
        .iter()
        .map(|(k, c)| {
            (
                k.clone(),
                read(c, Path::new("/")).expect("readable").to_vec(),
            )
        })
        .collect()
}

/// A clean render of the site at `root`, or the error's text.
fn clean(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let options = BuildOptions {
        root: root.to_owned(),
        base_url: Some(BASE_URL.into()),
        ..BuildOptions::default()
    };
    render_site(&options, &|_, _| {})
        .map(|(_, outputs)| {
            let files: Files = outputs.into_iter().map(|o| (o.path, o.content)).collect();
            contents(&files)
        })
        .map_err(|e| e.to_string())
}

const WORDS: [&str; 12] = [
    "communauté",
    "veille",
    "modération",
    "crise",
    "marque",
    "audience",
    "réponse",
    "ton",
    "charte",
    "abonnés",
    "reporting",
    "influence",
];
const TAGS: [&str; 5] = ["veille", "crise", "outils", "marque", "kpi"];
const SECTORS: [&str; 3] = ["luxe", "sante", "banque"];

/// The random edits and the state they need (pages this test added, which it may delete).
struct Editor {
    root: PathBuf,
    rng: fastrand::Rng,
    added: Vec<String>,
    next_page: usize,
    page_override: bool,
    /// Whether the site has an English edition: added pages then get translations too.
    english: bool,
}

impl Editor {
    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| WORDS[self.rng.usize(..WORDS.len())])
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn pages(&self) -> Vec<PathBuf> {
        walkdir::WalkDir::new(self.root.join("content"))
            .into_iter()
            .filter_map(|e| e.ok())
            .map(|e| e.into_path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "md")
                    && p.file_name().is_none_or(|n| n != "_index.md")
                    && !p.starts_with(self.root.join("content/sectors"))
            })
            .collect()
    }

    fn article(&mut self, title: &str) -> String {
        let day = self.rng.u8(1..=28);
        let tag = TAGS[self.rng.usize(..TAGS.len())];
        let body = self.words(12);
        format!("---\ntitle: {title}\ndescription: {body}\ndate: 2026-03-{day:02}\ntags: [{tag}]\n---\n{body}.\n\n## Partie\n\n{body}.\n")
    }

    /// Makes one edit and returns the paths it changed (as the watcher would report them).
    fn step(&mut self) -> (String, Vec<PathBuf>) {
        let pages = self.pages();
        match self.rng.u8(0..10) {
            0..=2 => {
                let page = pages[self.rng.usize(..pages.len())].clone();
                let mut text = std::fs::read_to_string(&page).unwrap();
                let addition = self.words(6);
                if self.rng.bool() {
                    text.push_str(&format!("\n## {addition}\n\nSuite.\n"));
                } else {
                    text.push_str(&format!("\n{addition}.\n"));
                }
                std::fs::write(&page, text).unwrap();
                (format!("body of {}", page.display()), vec![page])
            }
            3 | 4 => {
                let page = pages[self.rng.usize(..pages.len())].clone();
                let text = std::fs::read_to_string(&page).unwrap();
                let (front, body) = text[4..].split_once("\n---\n").expect("front matter");
                let mut lines: Vec<String> = front.lines().map(str::to_owned).collect();
                // Every key a page's views are made from, so that a field a view shows but a
                // fingerprint forgets gives a stale page here.
                let what = self.rng.u8(0..9);
                let (key, value) = match what {
                    0 => ("title", format!("{} {}", self.words(2), self.rng.u16(..))),
                    1 => ("weight", self.rng.i32(1..50).to_string()),
                    2 => ("tags", format!("[{}]", TAGS[self.rng.usize(..TAGS.len())])),
                    3 => (
                        "sectors",
                        format!("[{}]", SECTORS[self.rng.usize(..SECTORS.len())]),
                    ),
                    4 => ("description", self.words(5)),
                    5 => (
                        "date",
                        format!("2026-0{}-1{}", self.rng.u8(1..=9), self.rng.u8(0..=9)),
                    ),
                    6 => ("updated", format!("2026-11-2{}", self.rng.u8(0..=9))),
                    7 => ("authors", format!("[{}]", self.words(1))),
                    _ => ("extra", format!("{{note: {}}}", self.words(1))),
                };
                let prefix = format!("{key}:");
                lines.retain(|l| !l.starts_with(&prefix));
                lines.push(format!("{key}: {value}"));
                std::fs::write(&page, format!("---\n{}\n---\n{body}", lines.join("\n"))).unwrap();
                (format!("{key} of {}", page.display()), vec![page])
            }
            5 => {
                let path = self.root.join("templates/page.html");
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                if self.page_override {
                    std::fs::remove_file(&path).unwrap();
                } else {
                    let marker = self.words(1);
                    std::fs::write(&path, format!("{{% extends \"base.html\" %}}{{% block main %}}<p>{marker}</p><h1>{{{{ page.title }}}}</h1>{{{{ page.content | safe }}}}{{% endblock main %}}")).unwrap();
                }
                self.page_override = !self.page_override;
                ("page template".into(), vec![path])
            }
            6 => {
                let path = self.root.join("cmbook.yaml");
                let text = std::fs::read_to_string(&path).unwrap();
                let accroche = self.words(3);
                let text: String = text
                    .lines()
                    .map(|l| {
                        if l.starts_with("  accroche:") {
                            format!("  accroche: {accroche}")
                        } else {
                            l.to_owned()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                std::fs::write(&path, text + "\n").unwrap();
                ("configuration".into(), vec![path])
            }
            7 | 8 if self.english && !self.added.is_empty() && self.rng.bool() => {
                // A translation of a page this test added (or, again, a new text for it).
                let original = self.added[self.rng.usize(..self.added.len())].clone();
                let rel = original.replace(".md", ".en.md");
                let slug = self.words(1);
                let title = format!("Added {}", self.rng.u16(..));
                let text = self.article(&title).replacen(
                    "---\n",
                    &format!("---\nslug: {slug}-{}\n", self.next_page),
                    1,
                );
                let path = self.root.join("content").join(&rel);
                std::fs::write(&path, text).unwrap();
                if !self.added.contains(&rel) {
                    self.added.push(rel);
                }
                (format!("translated {}", path.display()), vec![path])
            }
            7 | 8 => {
                self.next_page += 1;
                let rel = format!("guide/ajout-{}.md", self.next_page);
                let title = format!("Ajout {}", self.next_page);
                let text = self.article(&title);
                let path = self.root.join("content").join(&rel);
                std::fs::write(&path, text).unwrap();
                self.added.push(rel);
                (format!("added {}", path.display()), vec![path])
            }
            _ if !self.added.is_empty() => {
                let i = self.rng.usize(..self.added.len());
                let old = self.root.join("content").join(&self.added[i]);
                if self.rng.bool() {
                    std::fs::remove_file(&old).unwrap();
                    self.added.remove(i);
                    (format!("deleted {}", old.display()), vec![old])
                } else {
                    self.next_page += 1;
                    let rel = format!("guide/renomme-{}.md", self.next_page);
                    let new = self.root.join("content").join(&rel);
                    std::fs::rename(&old, &new).unwrap();
                    self.added[i] = rel;
                    (
                        format!("renamed {} to {}", old.display(), new.display()),
                        vec![old, new],
                    )
                }
            }
            _ => ("nothing".into(), Vec::new()),
        }
    }
}

#[test]
fn random_edits_served_equal_clean_builds() {
    let site = common::TestSite::copy_of("fixtures/base");
    random_edits(site, 200, false);
}

#[test]
fn random_edits_of_a_multilingual_site_served_equal_clean_builds() {
    let site = common::TestSite::copy_of("fixtures/base");
    common::overlay(
        &common::fixtures().join("fixtures/multilingual"),
        site.root(),
    );
    random_edits(site, 100, true);
}

/// Makes `steps` seeded random edits (`CMBOOK_RANDOM_SEED`, `CMBOOK_RANDOM_STEPS` override),
/// comparing what `serve` serves after each with a clean build.
fn random_edits(site: common::TestSite, steps: usize, english: bool) {
    let seed: u64 = std::env::var("CMBOOK_RANDOM_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(22);
    let steps: usize = std::env::var("CMBOOK_RANDOM_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(steps);
    let root = site.root().to_owned();
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let mut session = Session::new(options, BASE_URL.into());
    let (files, _) = session.rebuild(&[]).expect("first build");
    assert_eq!(Ok(contents(&files)), clean(&root), "first build");
    let mut editor = Editor {
        root: root.clone(),
        rng: fastrand::Rng::with_seed(seed),
        added: Vec::new(),
        next_page: 0,
        page_override: false,
        english,
    };
    let mut history = Vec::new();
    for step in 0..steps {
        let (what, changed) = editor.step();
        history.push(what);
        let served = session.rebuild(&changed).map(|(files, _)| contents(&files));
        let expected = clean(&root);
        let context = || {
            format!(
                "seed {seed}, step {step}; edits so far:\n{}",
                history.join("\n")
            )
        };
        match (&served, &expected) {
            (Ok(served), Ok(expected)) => {
                let differ: Vec<&String> = expected
                    .keys()
                    .chain(served.keys())
                    .filter(|k| served.get(*k) != expected.get(*k))
                    .collect();
                assert!(
                    differ.is_empty(),
                    "served files differ from a clean build: {differ:?}\n{}",
                    context()
                );
            }
            (Err(_), Err(_)) => {}
            _ => panic!(
                "serve and a clean build disagree (serve ok: {}, clean ok: {})\n{}",
                served.is_ok(),
                expected.is_ok(),
                context()
            ),
        }
    }
}
