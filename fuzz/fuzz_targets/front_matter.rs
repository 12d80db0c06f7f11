//! Fuzzes the front-matter splitter, the YAML parser and the typed page validation.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use cmbook::config::Config;
use cmbook::load::front_matter::split;
use cmbook::load::kinds::{page_front, Fields, Kind};
use cmbook::yaml::YamlMap;
use libfuzzer_sys::fuzz_target;

static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    let text = "title: T\nbase_url: https://e.org/\ntaxonomies:\n  - name: sectors\n  - name: career_stages\n    closed: true\n    ordered: true\n    terms: [junior, senior]\n";
    Config::parse(text, Path::new("cmbook.yaml")).expect("valid config")
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(parts) = split(text) else { return };
    let Ok(map) = YamlMap::parse(parts.yaml, parts.yaml_line) else { return };
    let path = Path::new("content/fuzz.md");
    for kind in [Kind::Article, Kind::Checklist, Kind::CaseStudy] {
        let mut fields = Fields::new(&map, path, text);
        let _ = page_front(&mut fields, &CONFIG, kind, CONFIG.typography);
        for d in &fields.problems {
            let _ = d.render(false);
        }
    }
});
