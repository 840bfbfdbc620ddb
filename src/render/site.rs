//! `site` and `t`: what every page starts from, made once per build.

use serde::Serialize;
use tera::Context;

use super::urls::Urls;
use crate::format::{format_date, label};
use crate::model::Site;
use crate::theme::Theme;

/// `site` in every template.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    /// Site title.
    pub title: &'a str,
    /// One-line description.
    pub description: &'a str,
    /// Absolute base URL.
    pub base_url: &'a str,
    /// Its path part (`/`).
    pub base_path: &'a str,
    /// `zh-CN` or `en`.
    pub language: &'static str,
    /// The home page.
    pub url: String,
    /// The site's feed.
    pub feed_url: String,
    /// Where the theme's static files are.
    pub static_url: String,
    /// Every kind, linked to its list.
    pub kinds: Vec<KindLink<'a>>,
    /// Every taxonomy, linked to its index.
    pub taxonomies: Vec<TaxonomyLink<'a>>,
    /// The main menu.
    pub nav: Vec<NavLink<'a>>,
    /// The search page, when search is on.
    pub search_url: Option<String>,
    /// When the site was last updated, for readers (`build_date: true`).
    pub built_on: Option<String>,
    /// Filing numbers for the footer, each linked (`filing:`); None without any.
    pub filing: Option<FilingView<'a>>,
    /// The whole portal in greyscale (`mourning: true`).
    pub mourning: bool,
    /// Free data for the theme (`extra:` of site.yaml).
    pub extra: &'a serde_json::Value,
}

/// The theme's badge beside the public-security filing number; a build
/// writes it only when site.yaml has `filing.police`.
pub const POLICE_BADGE: &str = "police-filing.svg";

/// `site.filing`: the numbers a site in mainland China shows at its foot.
#[derive(Debug, Serialize)]
pub struct FilingView<'a> {
    /// The ICP number, linked to the MIIT register.
    pub icp: Option<FilingLink<'a>>,
    /// The public-security number, linked to its register's search.
    pub police: Option<FilingLink<'a>>,
    /// The public institution's label, linked to the CONAC register.
    pub institution: Option<FilingLink<'a>>,
    /// The badge shown beside the public-security number.
    pub police_badge: String,
}

/// One filing: what the footer shows and where it links.
#[derive(Debug, Serialize)]
pub struct FilingLink<'a> {
    /// The number (or label) as written in site.yaml.
    pub text: &'a str,
    /// The register's page.
    pub url: String,
}

/// `site.filing` from `filing:` of site.yaml.
fn filing_view<'a>(filing: &'a crate::config::Filing, urls: &Urls) -> FilingView<'a> {
    FilingView {
        icp: filing.icp.as_deref().map(|n| FilingLink {
            text: n,
            url: "https://beian.miit.gov.cn/".to_string(),
        }),
        police: filing.police.as_ref().map(|p| FilingLink {
            text: &p.number,
            url: format!("https://beian.mps.gov.cn/#/query/webSearch?code={}", p.code),
        }),
        institution: filing.institution.as_ref().map(|i| FilingLink {
            text: &i.label,
            url: format!("https://bszs.conac.cn/sitename?method=show&id={}", i.id),
        }),
        police_badge: urls.url(POLICE_BADGE),
    }
}

/// A kind, linked to its list.
#[derive(Debug, Serialize)]
pub struct KindLink<'a> {
    /// Kind key.
    pub key: &'a str,
    /// Name in the site's language.
    pub name: &'a str,
    /// Its list.
    pub url: String,
}

/// A taxonomy, linked to its index.
#[derive(Debug, Serialize)]
pub struct TaxonomyLink<'a> {
    /// Name (`tags`).
    pub name: &'a str,
    /// Label in the site's language.
    pub label: &'a str,
    /// Its index.
    pub url: String,
}

/// An entry of the main menu.
#[derive(Debug, Serialize)]
pub struct NavLink<'a> {
    /// Its text (a page without a title has none).
    pub name: Option<&'a str>,
    /// Where it goes.
    pub url: String,
}

/// Pages that set `order`, in that order: they join the menu.
fn menu_pages(site: &Site) -> impl Iterator<Item = &crate::model::Page> {
    let mut pages: Vec<_> = site
        .pages
        .iter()
        .filter(|p| p.meta.order.is_some())
        .collect();
    pages.sort_by_key(|p| (p.meta.order, &p.path));
    pages.into_iter()
}

/// `site`: what every page shows of the site.
fn site_view<'a>(site: &'a Site, theme: &'a Theme, urls: &Urls) -> SiteView<'a> {
    let config = &site.config;
    let lang = config.language;
    let word = |k: &str| Some(theme.strings.get(k).map_or("", String::as_str));
    let kinds: Vec<KindLink> = config
        .kinds
        .iter()
        .map(|k| KindLink {
            key: &k.key,
            name: k.display(lang),
            url: urls.url(&format!("{}/", k.key)),
        })
        .collect();
    let nav = std::iter::once(NavLink {
        name: word("branches"),
        url: urls.url("branches/"),
    })
    .chain(kinds.iter().map(|k| NavLink {
        name: Some(k.name),
        url: k.url.clone(),
    }))
    .chain(std::iter::once(NavLink {
        name: word("stats"),
        url: urls.url("stats/"),
    }))
    .chain(menu_pages(site).map(|p| NavLink {
        name: p.meta.title.as_deref(),
        url: urls.url(&p.path),
    }))
    .collect();
    SiteView {
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        base_path: config.base_path(),
        language: lang.tag(),
        url: urls.url(""),
        feed_url: urls.url("atom.xml"),
        static_url: urls.url(""),
        kinds,
        taxonomies: config
            .taxonomies
            .iter()
            .map(|t| TaxonomyLink {
                name: &t.name,
                label: label(&t.label, t.label_en.as_deref(), lang),
                url: urls.url(&format!("{}/", t.name)),
            })
            .collect(),
        nav,
        search_url: config.search.then(|| urls.url("search/")),
        built_on: config.built_on.map(|d| format_date(d, lang)),
        filing: config.filing.as_ref().map(|f| filing_view(f, urls)),
        mourning: config.mourning,
        extra: &config.extra,
    }
}

/// The context every page starts from: `site` and the theme's strings (`t`).
pub(super) fn base_context(site: &Site, theme: &Theme, urls: &Urls) -> Context {
    let mut ctx = Context::new();
    ctx.insert("site", &site_view(site, theme, urls));
    ctx.insert("t", &theme.strings);
    ctx
}
