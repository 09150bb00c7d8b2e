//! A map of France's départements (mainland, and the five overseas ones as insets), each
//! shaded by its figure and linked to the catalogue of its offers. The drawing is one
//! static file (`public/carte-departements.svg`, written by `tools/generate-carte.mjs`)
//! that each département reuses with `<use>`: a page carries only the shades. The map
//! is a picture for the eye (hidden from screen readers); its data table, under it,
//! says the same with the same links.

use crate::domain::statistics::{thousands, People};
use leptos::prelude::*;

/// The drawing, served from `public/`.
const DRAWING: &str = "/carte-departements.svg";
/// Its size (the mainland's, and the insets' strip under it).
const VIEW_BOX: &str = "0 0 613 673";
/// Shades of "bleu France", lightest first (DSFR 950, 850, 625, main 525, sun 113).
const SHADES: usize = 5;

/// One département on the map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapArea {
    pub code: String,
    pub name: String,
    pub value: People,
    /// Where a click leads (its offers in the catalogue).
    pub href: String,
}

/// Shade 0 for nothing, then 1 to 4 by quarters of the largest value (a masked value,
/// 1 to 4 people, gets the first).
fn shade(value: People, highest: i64) -> usize {
    match value {
        People::Exact(0) => 0,
        People::Masked => 1,
        People::Exact(n) => {
            let quarter = (n * (SHADES as i64 - 1) + highest - 1) / highest.max(1);
            quarter.clamp(1, SHADES as i64 - 1) as usize
        }
    }
}

#[component]
pub fn DepartementMap(
    #[prop(into)] title: String,
    /// What the figures count ("offres", "candidats"…), for the table's heading.
    unit: &'static str,
    areas: Vec<MapArea>,
) -> impl IntoView {
    let highest = areas.iter().map(|a| a.value.drawn()).max().unwrap_or(0);
    let shapes = areas
        .iter()
        .map(|area| {
            let class = format!(
                "vmj-map__area vmj-map__area--{}",
                shade(area.value, highest)
            );
            view! {
                <a href=area.href.clone() tabindex="-1">
                    <use href=format!("{DRAWING}#d-{}", area.code) class=class></use>
                </a>
            }
        })
        .collect_view();
    let rows = areas
        .into_iter()
        .filter(|area| area.value != People::Exact(0))
        .map(|area| {
            view! {
                <tr>
                    <td><a class="fr-link fr-link--sm" href=area.href>{format!("{} ({})", area.name, area.code)}</a></td>
                    <td>{area.value.label()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="vmj-map fr-mb-3w">
            <figcaption class="fr-text--bold fr-mb-1w">{title.clone()}</figcaption>
            <svg class="vmj-map__drawing" viewBox=VIEW_BOX aria-hidden="true" focusable="false">
                // Every département in the shade of nothing, then those with a figure.
                <use href=format!("{DRAWING}#departements") class="vmj-map__area vmj-map__area--0"></use>
                {shapes}
                <use href=format!("{DRAWING}#encarts")></use>
            </svg>
            <p class="vmj-map__legend fr-text--xs" aria-hidden="true">
                <span class="vmj-map__key vmj-map__area--0"></span>"aucune"
                <span class="vmj-map__key vmj-map__area--1"></span>
                <span class="vmj-map__key vmj-map__area--2"></span>
                <span class="vmj-map__key vmj-map__area--3"></span>
                <span class="vmj-map__key vmj-map__area--4"></span>
                {format!("jusqu'à {}", thousands(highest))}
            </p>
            <details>
                <summary>"Données de la carte"</summary>
                <div class="fr-table fr-table--sm fr-mb-0">
                    <table>
                        <caption class="fr-sr-only">{title}</caption>
                        <thead><tr><th scope="col">"Département"</th><th scope="col">{unit}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shades_split_the_range_in_quarters() {
        assert_eq!(shade(People::Exact(0), 100), 0);
        assert_eq!(shade(People::Masked, 100), 1);
        assert_eq!(shade(People::Exact(1), 100), 1);
        assert_eq!(shade(People::Exact(25), 100), 1);
        assert_eq!(shade(People::Exact(26), 100), 2);
        assert_eq!(shade(People::Exact(100), 100), 4);
    }
}
