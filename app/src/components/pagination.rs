//! Page links for long lists.

use leptos::prelude::*;

/// DSFR pagination (pages numbered from 1): first, last and the pages around the current
/// one, as plain links so that it works without JavaScript. Nothing when one page.
#[component]
pub fn Pagination(
    current: u32,
    last: u32,
    /// Names the navigation for screen readers ("Pages des offres").
    label: &'static str,
    /// The link to a page.
    href: impl Fn(u32) -> String + 'static,
) -> impl IntoView {
    if last <= 1 {
        return ().into_any();
    }
    // First, last, and two pages around the current one.
    let mut pages: Vec<u32> = vec![
        1,
        current.saturating_sub(2).max(1),
        current.saturating_sub(1).max(1),
        current,
        (current + 1).min(last),
        (current + 2).min(last),
        last,
    ];
    pages.sort_unstable();
    pages.dedup();
    let mut items = Vec::new();
    let mut previous = 0;
    for page in pages {
        if page > previous + 1 {
            items.push(
                view! { <li><span class="fr-pagination__link fr-displayed-lg">"…"</span></li> }
                    .into_any(),
            );
        }
        let link = if page == current {
            view! { <a class="fr-pagination__link" aria-current="page" title=format!("Page {page}")>{page}</a> }.into_any()
        } else {
            view! { <a class="fr-pagination__link" href=href(page) title=format!("Page {page}")>{page}</a> }.into_any()
        };
        items.push(view! { <li>{link}</li> }.into_any());
        previous = page;
    }
    let prev = (current > 1).then(|| href(current - 1));
    let next = (current < last).then(|| href(current + 1));
    view! {
        <nav role="navigation" class="fr-pagination fr-mt-4w" aria-label=label>
            <ul class="fr-pagination__list">
                <li>
                    {match prev {
                        Some(h) => view! { <a class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label" href=h>"Page précédente"</a> }.into_any(),
                        None => view! { <a class="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label" aria-disabled="true" role="link">"Page précédente"</a> }.into_any(),
                    }}
                </li>
                {items}
                <li>
                    {match next {
                        Some(h) => view! { <a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" href=h>"Page suivante"</a> }.into_any(),
                        None => view! { <a class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" aria-disabled="true" role="link">"Page suivante"</a> }.into_any(),
                    }}
                </li>
            </ul>
        </nav>
    }
    .into_any()
}
