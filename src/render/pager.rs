//! A list page's share of its list: `paginator`, and `groups` (the honor
//! wall's cards by headline value, then year).

use serde::Serialize;

use super::lists::ListSpec;
use super::urls::Urls;
use super::view::ListItem;

/// `paginator`: where a page is among its list's pages.
#[derive(Debug, Serialize)]
pub struct Pager {
    /// This page's number (from 1).
    pub current: usize,
    /// Pages.
    pub total: usize,
    /// Stories in the whole list.
    pub items: usize,
    /// The previous page.
    pub prev: Option<String>,
    /// The next page.
    pub next: Option<String>,
    /// Links to the first, the last and the pages around this one.
    pub pages: Vec<PagerLink>,
}

/// A link of the paginator.
#[derive(Debug, Serialize)]
pub struct PagerLink {
    /// Page number (from 1).
    pub number: usize,
    /// Its URL.
    pub url: String,
    /// Whether it is this page.
    pub current: bool,
}

/// A group of the honor wall: the cards of one headline value, by year.
#[derive(Debug, Serialize)]
pub struct Group<'a> {
    /// The headline value (empty when a story has none).
    pub value: &'a str,
    /// Its cards, by year.
    pub years: Vec<YearGroup<'a>>,
}

/// The cards of one year within a group.
#[derive(Debug, Serialize)]
pub struct YearGroup<'a> {
    /// The year.
    pub year: i16,
    /// Its cards.
    pub items: Vec<ListItem<'a>>,
}

impl ListSpec {
    /// Pagination links, with a window of pages around the current one.
    pub fn paginator(&self, n: usize, per: usize, urls: &Urls) -> Pager {
        let total = self.page_count(per);
        let pages = (0..total)
            .filter(|&p| p == 0 || p + 1 == total || p.abs_diff(n) <= 2)
            .map(|p| PagerLink {
                number: p + 1,
                url: urls.url(&self.page_path(p)),
                current: p == n,
            })
            .collect();
        Pager {
            current: n + 1,
            total,
            items: self.items.len(),
            prev: n.checked_sub(1).map(|p| urls.url(&self.page_path(p))),
            next: (n + 1 < total).then(|| urls.url(&self.page_path(n + 1))),
            pages,
        }
    }

    /// The page's cards grouped by headline value, then year (for the
    /// honor wall); none when the list is not grouped.
    pub fn group<'a>(&self, cards: &[ListItem<'a>]) -> Option<Vec<Group<'a>>> {
        self.group_by.as_ref()?;
        let mut groups: Vec<Group<'a>> = Vec::new();
        for c in cards {
            let value = c.headline.unwrap_or("");
            if groups.last().is_none_or(|g| g.value != value) {
                groups.push(Group {
                    value,
                    years: Vec::new(),
                });
            }
            let years = &mut groups.last_mut().expect("pushed above").years;
            if years.last().is_none_or(|y| y.year != c.year) {
                years.push(YearGroup {
                    year: c.year,
                    items: Vec::new(),
                });
            }
            years.last_mut().expect("pushed above").items.push(*c);
        }
        Some(groups)
    }
}
