//! A page's front matter, and how each layout writes it.

use std::fmt::Write as _;

use super::{Terms, TAXONOMIES};

/// What a case study adds to a page.
pub struct Case {
    pub year: usize,
    pub outcome: &'static str,
    pub metric: usize,
}

/// A page's kind, and the fields that come with it.
pub enum Kind {
    Article,
    Checklist,
    CaseStudy(Case),
}

/// A page's front matter, independent of any syntax.
pub struct Front {
    pub n: usize,
    pub description: String,
    pub date: String,
    pub kind: Kind,
    pub terms: Terms,
}

impl Front {
    fn title(&self) -> String {
        let n = self.n;
        match self.kind {
            Kind::Article => format!("Article {n}"),
            Kind::Checklist => format!("Checklist {n}"),
            Kind::CaseStudy(_) => format!("Cas {n}"),
        }
    }

    /// cmbook's YAML, exactly as the benchmark sites have always been written.
    pub fn cmbook(&self) -> String {
        let (n, title, description, date) = (self.n, self.title(), &self.description, &self.date);
        let terms = yaml_terms(&self.terms);
        match &self.kind {
            Kind::Checklist => format!("title: \"{title}\"\ndescription: \"{description}\"\nkind: checklist\nweight: {n}\n{terms}"),
            Kind::CaseStudy(c) => format!(
                "title: \"{title}\"\ndescription: \"{description}\"\ndate: {date}\nkind: case_study\nbrand: Marque {n}\nyear: {}\nchannels: [twitter, instagram]\noutcome: {}\nsources:\n  - {{title: Source {n}, url: \"https://example.org/{n}\"}}\nmetrics:\n  - {{label: Partages, value: \"{}\"}}\n{terms}",
                c.year, c.outcome, c.metric
            ),
            Kind::Article => format!("title: \"{title}\"\ndescription: \"{description}\"\ndate: {date}\nweight: {n}\n{terms}"),
        }
    }

    /// Hugo's YAML: terms as top-level keys, the rest of cmbook's fields under `extra`.
    pub fn hugo(&self) -> String {
        let (n, title, description, date) = (self.n, self.title(), &self.description, &self.date);
        let mut s = format!("title: \"{title}\"\ndescription: \"{description}\"\ndate: {date}\n");
        if !matches!(self.kind, Kind::CaseStudy(_)) {
            let _ = writeln!(s, "weight: {n}");
        }
        s.push_str(&yaml_terms(&self.terms));
        match &self.kind {
            Kind::Article => {}
            Kind::Checklist => s.push_str("extra:\n  kind: checklist\n"),
            Kind::CaseStudy(c) => {
                let _ = write!(
                    s,
                    "extra:\n  kind: case_study\n  brand: Marque {n}\n  year: {}\n  channels: [twitter, instagram]\n  outcome: {}\n  sources:\n    - {{title: Source {n}, url: \"https://example.org/{n}\"}}\n  metrics:\n    - {{label: Partages, value: \"{}\"}}\n",
                    c.year, c.outcome, c.metric
                );
            }
        }
        s
    }

    /// Zola's TOML: a `[taxonomies]` table, the rest of cmbook's fields under `[extra]`.
    pub fn zola(&self) -> String {
        let (n, date) = (self.n, &self.date);
        let mut s = format!(
            "title = {}\ndescription = {}\ndate = {date}\n",
            toml_str(&self.title()),
            toml_str(&self.description)
        );
        if !matches!(self.kind, Kind::CaseStudy(_)) {
            let _ = writeln!(s, "weight = {n}");
        }
        s.push_str("\n[taxonomies]\n");
        for (name, terms) in TAXONOMIES.iter().zip(&self.terms) {
            let list: Vec<String> = terms.iter().map(|t| toml_str(t)).collect();
            let _ = writeln!(s, "{name} = [{}]", list.join(", "));
        }
        match &self.kind {
            Kind::Article => {}
            Kind::Checklist => s.push_str("\n[extra]\nkind = \"checklist\"\n"),
            Kind::CaseStudy(c) => {
                let _ = write!(
                    s,
                    "\n[extra]\nkind = \"case_study\"\nbrand = \"Marque {n}\"\nyear = {}\nchannels = [\"twitter\", \"instagram\"]\noutcome = \"{}\"\nsources = [{{ title = \"Source {n}\", url = \"https://example.org/{n}\" }}]\nmetrics = [{{ label = \"Partages\", value = \"{}\" }}]\n",
                    c.year, c.outcome, c.metric
                );
            }
        }
        s
    }
}

fn yaml_terms(terms: &Terms) -> String {
    let mut s = String::new();
    for (name, list) in TAXONOMIES.iter().zip(terms) {
        let _ = writeln!(s, "{name}: [{}]", list.join(", "));
    }
    s
}

/// A TOML basic string.
fn toml_str(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}
