//! The Zola and Hugo layouts: configuration, home, sections and minimal templates, so the
//! same pages can be built by those generators.

use std::path::Path;

use super::{write, SECTIONS};

/// The head and foot shared by the minimal templates of the Zola and Hugo layouts.
const HTML_HEAD: &str =
    "<!doctype html>\n<html lang=\"fr\">\n<head><meta charset=\"utf-8\"><title>";

const ZOLA_PAGE_LIST: &str = "<ul>{% for p in pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a> {{ p.date }} {{ p.description }}</li>{% endfor %}</ul>";

/// Configuration, home, sections and templates of the Zola layout.
pub fn zola_site(root: &Path, count: usize) {
    write(
        root,
        "config.toml",
        &format!(
            "base_url = \"https://example.org/\"\ntitle = \"Site de {count} pages\"\ndefault_language = \"fr\"\ncompile_sass = false\nbuild_search_index = false\ntaxonomies = [\n    {{ name = \"sectors\" }},\n    {{ name = \"career_stages\" }},\n    {{ name = \"skills\" }},\n    {{ name = \"tags\", paginate_by = 20 }},\n]\n\n[markdown.highlighting]\ntheme = \"github-light\"\nstyle = \"class\"\n"
        ),
    );
    write(
        root,
        "content/_index.md",
        "+++\ntitle = \"Accueil\"\n+++\nAccueil du site généré.\n",
    );
    for s in 0..SECTIONS {
        write(
            root,
            &format!("content/s{s}/_index.md"),
            &format!(
                "+++\ntitle = \"Section {s}\"\nsort_by = \"date\"\npaginate_by = 50\n+++\nSection {s}.\n"
            ),
        );
    }
    let list = |pages: &str| ZOLA_PAGE_LIST.replace("in pages", &format!("in {pages}"));
    let pager = "{% if paginator.previous %}<a href=\"{{ paginator.previous }}\">précédent</a>{% endif %} {% if paginator.next %}<a href=\"{{ paginator.next }}\">suivant</a>{% endif %}";
    let templates = [
        (
            "index.html",
            "{{ section.title }}</title></head>\n<body>\n<h1>{{ section.title }}</h1>\n{{ section.content | safe }}\n<ul>{% for path in section.subsections %}{% set s = get_section(path=path, metadata_only=true) %}<li><a href=\"{{ s.permalink }}\">{{ s.title }}</a></li>{% endfor %}</ul>\n".to_owned(),
        ),
        (
            "section.html",
            format!("{{{{ section.title }}}}</title></head>\n<body>\n<h1>{{{{ section.title }}}}</h1>\n{{{{ section.content | safe }}}}\n{}\n{pager}\n", list("paginator.pages")),
        ),
        (
            "page.html",
            "{{ page.title }}</title></head>\n<body>\n<h1>{{ page.title }}</h1>\n<p>{{ page.description }}</p>\n{% if page.extra.kind %}<p>{{ page.extra.kind }}{% if page.extra.brand %} · {{ page.extra.brand }}, {{ page.extra.year }}{% endif %}</p>{% endif %}\n{{ page.content | safe }}\n<ul>{% for name, terms in page.taxonomies %}<li>{{ name }} : {% for t in terms %}<a href=\"{{ get_taxonomy_url(kind=name, name=t) }}\">{{ t }}</a> {% endfor %}</li>{% endfor %}</ul>\n".to_owned(),
        ),
        (
            "taxonomy_list.html",
            "{{ taxonomy.name }}</title></head>\n<body>\n<h1>{{ taxonomy.name }}</h1>\n<ul>{% for term in terms %}<li><a href=\"{{ term.permalink }}\">{{ term.name }}</a> ({{ term.page_count }})</li>{% endfor %}</ul>\n".to_owned(),
        ),
        (
            "taxonomy_single.html",
            format!("{{{{ term.name }}}}</title></head>\n<body>\n<h1>{{{{ term.name }}}}</h1>\n{{% if paginator %}}{}\n{pager}{{% else %}}{}{{% endif %}}\n", list("paginator.pages"), list("term.pages")),
        ),
    ];
    for (name, body) in templates {
        write(
            root,
            &format!("templates/{name}"),
            &format!("{HTML_HEAD}{body}</body>\n</html>\n"),
        );
    }
}

/// Configuration, home, sections and templates of the Hugo layout.
pub fn hugo_site(root: &Path, count: usize) {
    write(
        root,
        "hugo.toml",
        &format!(
            "baseURL = \"https://example.org/\"\ntitle = \"Site de {count} pages\"\nlanguageCode = \"fr\"\ndefaultContentLanguage = \"fr\"\n# The generated dates run to the end of 2026: build them all, as cmbook does.\nbuildFuture = true\n\n[outputs]\nhome = [\"HTML\", \"RSS\"]\nsection = [\"HTML\"]\ntaxonomy = [\"HTML\"]\nterm = [\"HTML\"]\n\n[services.rss]\nlimit = 20\n\n[taxonomies]\nsector = \"sectors\"\ncareer_stage = \"career_stages\"\nskill = \"skills\"\ntag = \"tags\"\n\n[markup.goldmark.renderer]\nunsafe = true\n\n[markup.highlight]\nnoClasses = false\n"
        ),
    );
    write(
        root,
        "content/_index.md",
        "---\ntitle: Accueil\n---\nAccueil du site généré.\n",
    );
    for s in 0..SECTIONS {
        write(
            root,
            &format!("content/s{s}/_index.md"),
            &format!("---\ntitle: Section {s}\n---\nSection {s}.\n"),
        );
    }
    let item = "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }} {{ .Description }}</li>";
    let paged = |size: usize| {
        format!("{{{{ $pag := .Paginate .Pages.ByDate.Reverse {size} }}}}<ul>{{{{ range $pag.Pages }}}}{item}{{{{ end }}}}</ul>\n{{{{ with $pag.Prev }}}}<a href=\"{{{{ .URL }}}}\">précédent</a>{{{{ end }}}} {{{{ with $pag.Next }}}}<a href=\"{{{{ .URL }}}}\">suivant</a>{{{{ end }}}}")
    };
    let layouts = [
        (
            "baseof.html",
            format!("{HTML_HEAD}{{{{ .Title }}}}</title></head>\n<body>\n{{{{ block \"main\" . }}}}{{{{ end }}}}\n</body>\n</html>\n"),
        ),
        (
            "single.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n<p>{{ .Description }}</p>\n{{ with .Params.extra }}<p>{{ .kind }}{{ with .brand }} · {{ . }}{{ end }}{{ with .year }}, {{ . }}{{ end }}</p>{{ end }}\n{{ .Content }}\n<ul>{{ range $name, $_ := site.Taxonomies }}{{ with $.GetTerms $name }}<li>{{ $name }} : {{ range . }}<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}</li>{{ end }}{{ end }}</ul>\n{{ end }}\n".to_owned(),
        ),
        (
            "list.html",
            format!("{{{{ define \"main\" }}}}<h1>{{{{ .Title }}}}</h1>\n{{{{ .Content }}}}\n{{{{ if .IsHome }}}}<ul>{{{{ range .Sections }}}}<li><a href=\"{{{{ .RelPermalink }}}}\">{{{{ .Title }}}}</a></li>{{{{ end }}}}</ul>{{{{ else }}}}{}{{{{ end }}}}\n{{{{ end }}}}\n", paged(50)),
        ),
        (
            "terms.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n<ul>{{ range .Data.Terms.Alphabetical }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>\n{{ end }}\n".to_owned(),
        ),
        (
            "taxonomy.html",
            format!("{{{{ define \"main\" }}}}<h1>{{{{ .Title }}}}</h1>\n{{{{ if eq .Data.Plural \"tags\" }}}}{}{{{{ else }}}}<ul>{{{{ range .Pages.ByDate.Reverse }}}}{item}{{{{ end }}}}</ul>{{{{ end }}}}\n{{{{ end }}}}\n", paged(20)),
        ),
    ];
    for (name, text) in layouts {
        write(root, &format!("layouts/_default/{name}"), &text);
    }
}
