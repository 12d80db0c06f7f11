//! `cmbook new`: a new site that builds at once, or a new page with its kind's front matter.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::load::kinds::Kind;

/// How every text `cmbook new page` leaves for the author to write begins. The page builds as it
/// is; `cmbook check` warns on any front-matter text starting with it, so `--deny-warnings`
/// fails until the author replaces it.
pub const PLACEHOLDER: &str = "À compléter";

const SITE_FILES: &[(&str, &str)] = &[
    // The built site and the build cache are made again by `cmbook build`: not sources.
    (".gitignore", "public/\n.cmbook-cache/\n"),
    (
        "cmbook.yaml",
        "title: Mon manuel\ndescription: Un manuel construit avec cmbook\nbase_url: https://example.org/\nlanguage: fr\ntheme: default\nhighlight_theme:\n  light: InspiredGitHub\n  dark: base16-ocean.dark\nsearch: true\ntaxonomies:\n  - name: sectors\n    title: Secteurs\n  - name: career_stages\n    title: Étapes de carrière\n    ordered: true\n    closed: true\n    terms: [junior, confirme, senior]\n  - name: tags\n    title: Mots-clés\n    paginate_by: 20\nextra: {}\n",
    ),
    ("content/_index.md", "---\ntitle: Mon manuel\ndescription: Le point d'entrée du manuel.\nsort_by: weight\n---\nBienvenue. Commencez par [le premier article](@/articles/premier-article.md).\n"),
    ("content/articles/_index.md", "---\ntitle: Articles\ndescription: Les articles du manuel.\nsort_by: date\n---\nTous les articles.\n"),
    (
        "content/articles/premier-article.md",
        "---\ntitle: Premier article\ndescription: Un exemple d'article avec des taxonomies.\ndate: 2026-01-15\nsectors: [luxe]\ncareer_stages: [junior]\ntags: [exemple]\n---\nUn premier paragraphe, repris comme résumé.\n\n## Une section\n\nVoir [la checklist](@/checklists/demarrer.md) et [le cas](@/cas/exemple.md).\n",
    ),
    ("content/checklists/_index.md", "---\ntitle: Checklists\ndescription: Les listes de compétences.\ndefault_kind: checklist\nsort_by: weight\n---\n"),
    (
        "content/checklists/demarrer.md",
        "---\ntitle: Démarrer\ndescription: Les premières compétences à acquérir.\nweight: 1\ncareer_stages: [junior]\n---\nCochez ce que vous savez faire.\n\n## Animation\n\n- [ ] Publier un message par jour\n- [ ] Répondre aux commentaires {#repondre}\n\n## Veille\n\n- [ ] Suivre trois sources\n",
    ),
    ("content/cas/_index.md", "---\ntitle: Études de cas\ndescription: Des cas réels commentés.\ndefault_kind: case_study\n---\n"),
    (
        "content/cas/exemple.md",
        "---\ntitle: Un cas d'exemple\ndescription: La structure d'une étude de cas.\ndate: 2026-02-01\nbrand: Exemple\nyear: 2020\nchannels: [twitter]\noutcome: succes\nsources:\n  - {title: Source, url: https://example.org/source}\nsectors: [luxe]\n---\n## Contexte\n\nLe contexte.\n\n## Ce qui s'est passé\n\nLes faits.\n",
    ),
    ("content/sectors/_index.md", "---\ntitle: Secteurs\ndescription: Les secteurs couverts.\n---\nLes secteurs d'activité.\n"),
    ("content/sectors/luxe.md", "---\ntitle: Luxe\ndescription: Le secteur du luxe.\n---\nLe luxe soigne chaque mot.\n"),
];

/// Creates a working site in `dir`, which must not exist or be empty.
pub fn new_site(dir: &Path) -> Result<()> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| Error::io("read", dir, e))?
            .next()
            .is_some()
    {
        return Err(Error::Usage(format!(
            "{} already exists and is not empty: choose a new folder",
            dir.display()
        )));
    }
    for (path, text) in SITE_FILES {
        write_new(&dir.join(path), text)?;
    }
    Ok(())
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create folder", parent, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io("write", path, e))
}

/// Writes a new page at `path` (relative to `root`, or absolute) with the front matter of
/// `kind` filled in. The page must land under `root/content/`, links resolved.
pub fn new_page(root: &Path, path: &Path, kind: Kind, today: &str) -> Result<()> {
    let full = inside_content(root, path)?;
    if full.extension().is_none_or(|e| e != "md") {
        return Err(Error::Usage(format!(
            "{}: a page must be a .md file",
            path.display()
        )));
    }
    if full.exists() {
        return Err(Error::Usage(format!(
            "{} already exists: cmbook new never overwrites a page",
            path.display()
        )));
    }
    let stem = full
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let title = {
        let words = stem.replace(['-', '_'], " ");
        let mut chars = words.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    };
    let taxonomies = Config::load(root)
        .map(|c| {
            c.taxonomies
                .iter()
                .map(|t| format!("{}: []\n", t.name))
                .collect::<String>()
        })
        .unwrap_or_default();
    let (kind_name, kind_keys, body) = match kind {
        Kind::Article => ("article", String::new(), "Premier paragraphe : il sert de résumé.\n\n## Première partie\n\n"),
        Kind::Checklist => ("checklist", String::new(), "À quoi sert cette liste.\n\n## Premier groupe\n\n- [ ] Premier item\n- [ ] Deuxième item\n"),
        Kind::CaseStudy => (
            "case_study",
            format!("brand: \"{PLACEHOLDER} : la marque\"\nyear: 2026\nchannels: []\noutcome: mitige\nsources:\n  - {{title: \"{PLACEHOLDER} : le titre de la source\", url: \"https://example.org/a-completer\"}}\nmetrics: []\n"),
            "## Contexte\n\n## Ce qui s'est passé\n\n## Réponse\n\n## Résultats\n\n## Leçons pour le CM\n",
        ),
    };
    let text = format!("---\ntitle: \"{title}\"\ndescription: \"{PLACEHOLDER} : une phrase qui résume la page\"\ndate: {today}\nkind: {kind_name}\n{taxonomies}{kind_keys}---\n{body}");
    write_new(&full, &text)
}

/// Where `path` points once `..` and links are resolved, refused unless it lies under the
/// site's `content/` folder: `new page ../../x.md` must not write anywhere on the machine.
fn inside_content(root: &Path, path: &Path) -> Result<PathBuf> {
    let site = root
        .canonicalize()
        .map_err(|e| Error::io("read", root, e))?;
    let content_dir = site.join("content");
    let content = content_dir.canonicalize().unwrap_or(content_dir);
    let resolved = crate::paths::resolved(&site.join(path))?;
    if resolved.starts_with(&content) && resolved != content {
        return Ok(resolved);
    }
    Err(Error::Usage(format!(
        "{}: a page cannot be written outside the site's content/ folder ({}); give a path under content/, like content/guide/ma-page.md",
        path.display(),
        content.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_stay_under_content() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("content")).unwrap();
        let content = site.path().canonicalize().unwrap().join("content");
        let ok = inside_content(site.path(), Path::new("content/guide/./a.md")).unwrap();
        assert_eq!(ok, content.join("guide/a.md"));
        let back = inside_content(site.path(), Path::new("content/x/../b.md")).unwrap();
        assert_eq!(back, content.join("b.md"));
        for outside in [
            "../a.md",
            "content/../../a.md",
            "notes/a.md",
            "content",
            "/etc/a.md",
        ] {
            assert!(
                inside_content(site.path(), Path::new(outside)).is_err(),
                "{outside} was accepted"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_content_is_refused() {
        let site = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("content")).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), site.path().join("content/lien")).unwrap();
        assert!(inside_content(site.path(), Path::new("content/lien/a.md")).is_err());
    }
}
