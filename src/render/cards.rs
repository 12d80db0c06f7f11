//! Each page as lists show it, made once per render and shared by every list that shows the
//! page: its ref (see [`page_refs`](crate::render::page_refs)) and, when the theme defines a
//! `page_card` component, that card's HTML as `card`. A page is listed by its section, by each
//! of its terms and on the home page: rendering its card once instead of once per list is most
//! of what list pages cost.
//!
//! Cards are made on first use, so a render that reuses most list pages (`serve`, a build with
//! a cache) makes only the cards of the lists it renders again.

use std::sync::OnceLock;

use tera::{Context, Value};

use crate::render::templates::Templates;
use crate::resolve::Site;

/// The component a theme defines to show one page in a list; it takes the page as `page`.
pub(crate) const CARD: &str = "page_card";

/// Listed pages, by the site's page index.
pub(crate) struct Listed<'t> {
    refs: &'t [Value],
    /// The templates, when the theme has a card component.
    templates: Option<&'t Templates>,
    /// Each page's `config`: the card shows its interface strings in the page's language.
    configs: Vec<&'t Value>,
    cards: Vec<OnceLock<Value>>,
}

impl<'t> Listed<'t> {
    /// Listed pages made from `refs`, with cards when the theme has a `page_card` component;
    /// `configs` holds each language's `config`, `site` tells each page's language.
    pub(crate) fn new(
        templates: &'t Templates,
        refs: &'t [Value],
        configs: &'t [Value],
        site: &Site,
    ) -> Self {
        let templates = templates.tera.contains_component(CARD).then_some(templates);
        Listed {
            refs,
            templates,
            configs: site
                .pages
                .iter()
                .map(|page| &configs[page.language.0])
                .collect(),
            cards: templates.map_or_else(Vec::new, |_| {
                (0..refs.len()).map(|_| OnceLock::new()).collect()
            }),
        }
    }

    /// Page `p` as lists show it.
    pub(crate) fn page(&self, p: usize) -> Value {
        let Some(templates) = self.templates else {
            return self.refs[p].clone();
        };
        self.cards[p]
            .get_or_init(|| self.with_card(templates, p))
            .clone()
    }

    /// Page `p`'s ref with its card. A card that fails to render is left out: the list's own
    /// template then renders the component itself, and reports the error with the list page
    /// that showed it.
    fn with_card(&self, templates: &Templates, p: usize) -> Value {
        let page = &self.refs[p];
        let mut context = Context::new();
        context.insert("page", page);
        context.insert("config", self.configs[p]);
        let Ok(card) = templates.tera.render_component(CARD, &context, None, true) else {
            return page.clone();
        };
        let Some(mut map) = page.clone().into_map() else {
            return page.clone();
        };
        map.insert("card".into(), Value::safe_string(&card));
        Value::from(map)
    }
}
