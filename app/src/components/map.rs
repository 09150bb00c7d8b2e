//! A map of France's départements (mainland, and the five overseas ones as insets), each
//! shaded by its figure; its data table links each one to the catalogue of its offers.
//! The drawing is one static file (`public/carte-departements.svg`, written by `tools/generate-carte.mjs`)
//! that each département reuses with `<use>`: a page carries only the shades. The map
//! is a picture for the eye (hidden from screen readers); its data table, under it,
//! says the same with the same links.

use crate::components::table::TableBox;
use crate::domain::statistics::{thousands, People};
use leptos::prelude::*;

/// The drawing, served from `public/`.
const DRAWING: &str = "/carte-departements.svg";
/// Its size (the mainland's, and the insets' strip under it).
const VIEW_BOX: &str = "0 0 613 673";
/// Shades of "bleu France", lightest first (DSFR 950, 850, 625, main 525, sun 113).
const SHADES: usize = 5;

/// One département on the map.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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
    #[prop(into)] title: Signal<String>,
    /// What the figures count ("offres", "candidats"…), for the table's heading.
    #[prop(into)]
    unit: Signal<String>,
    /// The départements; when they follow a signal (the live dashboard), only those
    /// whose figure or shade changes are drawn again.
    areas: Signal<Vec<MapArea>>,
) -> impl IntoView {
    let highest = Memo::new(move |_| {
        areas.with(|areas| areas.iter().map(|a| a.value.drawn()).max().unwrap_or(0))
    });
    let shaded = move || {
        let highest = highest.get();
        areas.with(|areas| {
            areas
                .iter()
                .map(|area| (area.clone(), shade(area.value, highest)))
                .collect::<Vec<_>>()
        })
    };
    let listed = move || {
        areas.with(|areas| {
            areas
                .iter()
                .filter(|area| area.value != People::Exact(0))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <figure class="vmj-map fr-mb-3w" role="figure" aria-label=move || title.get()>
            <figcaption class="fr-text--bold fr-mb-1w">{move || title.get()}</figcaption>
            // The drawing is for the eye; its figures and links are in the table below.
            <p class="fr-sr-only">"Carte des départements : ses chiffres et ses liens sont dans le tableau « Données de la carte », ci-dessous."</p>
            <svg class="vmj-map__drawing" viewBox=VIEW_BOX aria-hidden="true" focusable="false">
                // Every département in the shade of nothing, then those with a figure.
                <use href=format!("{DRAWING}#departements") class="vmj-map__area vmj-map__area--0"></use>
                // No links in the drawing: a row redrawn in the browser by `For` would make
                // an HTML `<a>` (the tag is ambiguous there), which SVG does not draw. The
                // table's links lead to each département's offers.
                <For each=shaded key=|shaded| shaded.clone() let:shaded>
                    <use href=format!("{DRAWING}#d-{}", shaded.0.code) class=format!("vmj-map__area vmj-map__area--{}", shaded.1)></use>
                </For>
                <use href=format!("{DRAWING}#encarts")></use>
            </svg>
            <p class="vmj-map__legend fr-text--xs" aria-hidden="true">
                <span class="vmj-map__key vmj-map__area--0"></span>"aucune"
                <span class="vmj-map__key vmj-map__area--1"></span>
                <span class="vmj-map__key vmj-map__area--2"></span>
                <span class="vmj-map__key vmj-map__area--3"></span>
                <span class="vmj-map__key vmj-map__area--4"></span>
                {move || format!("jusqu'à {}", thousands(highest.get()))}
            </p>
            <details>
                <summary>"Données de la carte"</summary>
                <TableBox class="fr-table--sm fr-mb-0">
                    <table>
                        <caption class="fr-sr-only">{move || title.get()}</caption>
                        <thead><tr><th scope="col">"Département"</th><th scope="col">{move || unit.get()}</th></tr></thead>
                        <tbody>
                            <For each=listed key=|area| area.clone() let:area>
                                <tr>
                                    <th scope="row"><a class="fr-link fr-link--sm" href=area.href>{format!("{} ({})", area.name, area.code)}</a></th>
                                    <td>{area.value.label()}</td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </TableBox>
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
