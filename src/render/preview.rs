//! The writing desk's live preview: one story's page rendered as it would
//! be published, with the site and views put back afterwards.

use crate::error::{Code, Diagnostic, Text};
use crate::model::Site;
use crate::stats::Stats;
use tera::Tera;

use super::renderer::{CARD_TEMPLATE, Job, Renderer, Views};

/// Renders the page of `story` (checked by [`Site::preview_story`]) as it
/// would be published, in place of the story with the same source (or as
/// one more story), then puts the site and views back as they were: the
/// writing desk's live preview.
pub fn render_preview(
    site: &mut Site,
    stats: &Stats,
    tera: &Tera,
    views: &mut Views,
    story: crate::model::Story,
) -> Result<Vec<u8>, Diagnostic> {
    let at = site.stories.iter().position(|s| s.source == story.source);
    let (i, old) = match at {
        Some(i) => (i, Some(std::mem::replace(&mut site.stories[i], story))),
        None => {
            site.stories.push(story);
            (site.stories.len() - 1, None)
        }
    };
    // A card template crashing is an error too, with the site put back.
    let card = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| views.card(site, tera, i)))
        .unwrap_or_else(|_| {
            Err(Diagnostic::error(
                Code::Template,
                CARD_TEMPLATE,
                Text::new(
                    "卡片模板崩溃（详见终端）",
                    "the card template crashed (see the terminal)",
                ),
            ))
        });
    let old_card = match (&card, at) {
        (Ok(card), Some(i)) => Some(std::mem::replace(&mut views.cards[i], card.clone())),
        (Ok(card), None) => {
            views.cards.push(card.clone());
            None
        }
        (Err(_), _) => None,
    };
    // Whatever happens while rendering (a template crashing included), the
    // site and views are put back before the result or the panic goes on.
    let page = card.map(|_| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Renderer::new(site, stats, tera, views).render_job(Job::Story(i))
        }))
    });
    match (old_card, &page) {
        (Some(card), _) => views.cards[i] = card,
        (None, Ok(_)) => drop(views.cards.pop()),
        (None, Err(_)) => {}
    }
    match old {
        Some(story) => site.stories[i] = story,
        None => drop(site.stories.pop()),
    }
    match page {
        Ok(Ok(page)) => page.map(|(_, bytes)| bytes),
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(e) => Err(e),
    }
}
