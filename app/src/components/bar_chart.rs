//! A horizontal bar chart readable without script, style attribute or sight.

use crate::matching::charts::Bar;
use leptos::prelude::*;

/// A horizontal bar chart: each bar is a `<meter>` beside its figures in text, so that
/// the chart reads the same with a screen reader and needs no script nor inline style.
#[component]
pub fn BarChart(title: &'static str, bars: Vec<Bar>) -> impl IntoView {
    view! {
        <figure class="vmj-chart fr-mb-3w">
            <figcaption class="fr-text--bold fr-mb-1w">{title}</figcaption>
            {if bars.is_empty() {
                view! { <p class="fr-text--sm">"Aucun."</p> }.into_any()
            } else {
                view! {
                    <table class="vmj-chart__table">
                        <tbody>
                            {bars.into_iter().map(|bar| {
                                let percent = (bar.value * 100).checked_div(bar.total).unwrap_or(0);
                                view! {
                                    <tr>
                                        <th scope="row">{bar.label}</th>
                                        <td class="vmj-chart__bar">
                                            <meter aria-hidden="true" min="0" max=bar.total.max(1) value=bar.value></meter>
                                        </td>
                                        <td class="vmj-chart__value">{format!("{} / {} ({percent} %)", bar.value, bar.total)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </figure>
    }
}
