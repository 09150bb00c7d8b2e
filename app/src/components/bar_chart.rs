//! Charts drawn on the server as SVG in the DSFR's colours, each one readable without
//! script, style attribute or sight: a horizontal bar chart is a table whose rows carry
//! their bar, a column chart an image described in words beside its data table.

use crate::components::table::TableBox;
use crate::domain::text::language_of;
use crate::matching::charts::Bar;
use leptos::prelude::*;

/// The DSFR's "bleu France" (sun 113) and its lightest tint (975 / 950): bar and track.
const BLUE_FRANCE: &str = "#000091";
const BLUE_FRANCE_TRACK: &str = "#e3e3fd";

/// One bar: `drawn` out of `scale`, with the figures it stands for in words.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ChartRow {
    pub label: String,
    pub drawn: i64,
    pub scale: i64,
    pub text: String,
}

impl From<Bar> for ChartRow {
    fn from(bar: Bar) -> ChartRow {
        let (value, total) = (bar.value as i64, bar.total as i64);
        let percent = (value * 100).checked_div(total).unwrap_or(0);
        ChartRow {
            label: bar.label,
            drawn: value,
            scale: total,
            text: format!("{value} / {total} ({percent} %)"),
        }
    }
}

/// The rows of a chart: fixed (a run's bars), or following a signal (the live
/// dashboard), in which case only the rows that change are drawn again.
pub struct ChartRows(pub Signal<Vec<ChartRow>>);

impl From<Vec<Bar>> for ChartRows {
    fn from(bars: Vec<Bar>) -> ChartRows {
        ChartRows(Signal::stored(
            bars.into_iter().map(ChartRow::from).collect(),
        ))
    }
}

impl From<Vec<ChartRow>> for ChartRows {
    fn from(rows: Vec<ChartRow>) -> ChartRows {
        ChartRows(Signal::stored(rows))
    }
}

impl From<Memo<Vec<ChartRow>>> for ChartRows {
    fn from(rows: Memo<Vec<ChartRow>>) -> ChartRows {
        ChartRows(rows.into())
    }
}

/// A horizontal bar chart: a table, one row per bar, its bar drawn in SVG (hidden from
/// screen readers, who read the figures beside it).
#[component]
pub fn BarChart(#[prop(into)] title: String, #[prop(into)] bars: ChartRows) -> impl IntoView {
    let rows = bars.0;
    let group_label = title.clone();
    view! {
        <figure class="vmj-chart fr-mb-3w" role="figure" aria-label=group_label>
            <figcaption class="fr-text--bold fr-mb-1w">{title.clone()}</figcaption>
            <Show
                when=move || rows.with(|rows| !rows.is_empty())
                fallback=|| view! { <p class="fr-text--sm">"Aucun."</p> }
            >
                <table class="vmj-chart__table">
                    <caption class="fr-sr-only">{title.clone()}</caption>
                    <thead class="fr-sr-only">
                        <tr><th scope="col">"Groupe"</th><th scope="col">"Barre"</th><th scope="col">"Valeur"</th></tr>
                    </thead>
                    <tbody>
                        <For each=move || rows.get() key=|row| row.clone() let:row>
                            <BarRow row />
                        </For>
                    </tbody>
                </table>
            </Show>
        </figure>
    }
}

#[component]
fn BarRow(row: ChartRow) -> impl IntoView {
    let lang = language_of(&row.label);
    let width = (row.drawn.clamp(0, row.scale.max(0)) * 100)
        .checked_div(row.scale)
        .unwrap_or(0);
    view! {
        <tr>
            <th scope="row" lang=lang>{row.label}</th>
            <td class="vmj-chart__bar">
                <svg class="vmj-chart__svg" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                    <rect width="100" height="10" fill=BLUE_FRANCE_TRACK></rect>
                    <rect width=width height="10" fill=BLUE_FRANCE></rect>
                </svg>
            </td>
            <td class="vmj-chart__value">{row.text}</td>
        </tr>
    }
}

/// A column chart (one column per day, say): an SVG image whose text alternative says
/// what it shows, and its data table under a disclosure (which stays open as the
/// figures change).
#[component]
pub fn ColumnChart(
    id: &'static str,
    #[prop(into)] title: String,
    /// What the chart shows, in one sentence (its text alternative).
    #[prop(into)]
    summary: Signal<String>,
    /// The heading of the data table's first column.
    key_header: &'static str,
    #[prop(into)] rows: ChartRows,
) -> impl IntoView {
    const HEIGHT: i64 = 100;
    const COLUMN: i64 = 10;
    let rows = rows.0;
    let width = move || rows.with(|rows| (rows.len() as i64 * COLUMN).max(COLUMN));
    let columns = move || {
        rows.with(|rows| {
            let highest = rows.iter().map(|r| r.drawn).max().unwrap_or(0).max(1);
            rows.iter()
                .enumerate()
                .map(|(i, row)| {
                    let height = row.drawn.max(0) * HEIGHT / highest;
                    view! {
                        <rect x=i as i64 * COLUMN + 1 y=HEIGHT - height width=COLUMN - 2 height=height fill=BLUE_FRANCE></rect>
                    }
                })
                .collect_view()
        })
    };
    let title_id = format!("{id}-titre");
    let summary_id = format!("{id}-resume");
    let labelled_by = format!("{title_id} {summary_id}");
    let group_label = title.clone();
    view! {
        <figure class="vmj-chart fr-mb-3w" role="figure" aria-label=group_label>
            <figcaption class="fr-text--bold fr-mb-1w">{title.clone()}</figcaption>
            <svg class="vmj-chart__columns" viewBox=move || format!("0 0 {} {HEIGHT}", width()) preserveAspectRatio="none"
                role="img" aria-labelledby=labelled_by>
                <title id=title_id>{title.clone()}</title>
                <desc id=summary_id>{move || summary.get()}</desc>
                <line x1="0" y1=HEIGHT x2=width y2=HEIGHT stroke="#929292" stroke-width="0.5"></line>
                {columns}
            </svg>
            <details class="fr-mt-1w">
                <summary>"Données du graphique"</summary>
                <TableBox class="fr-table--sm fr-mb-0">
                    <table>
                        <caption class="fr-sr-only">{title}</caption>
                        <thead><tr><th scope="col">{key_header}</th><th scope="col">"Nombre"</th></tr></thead>
                        <tbody>
                            <For each=move || rows.get() key=|row| row.clone() let:row>
                                <tr><th scope="row">{row.label}</th><td>{row.text}</td></tr>
                            </For>
                        </tbody>
                    </table>
                </TableBox>
            </details>
        </figure>
    }
}
