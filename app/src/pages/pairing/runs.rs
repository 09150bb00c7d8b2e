//! The runs of the pairing workspace side by side: figures and charts of each.

use crate::api::organiser::RunSummary;
use crate::components::bar_chart::BarChart;
use crate::domain::text::decimal;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Two kept runs side by side, with the charts of their quality report. The choice is
/// a plain form (query `?a=…&b=…`), so it works without JavaScript; by default the two
/// newest runs.
#[component]
pub(super) fn RunComparison(runs: Vec<RunSummary>) -> impl IntoView {
    let query = use_query_map();
    let chosen = |key: &str, default: Option<&RunSummary>| {
        query
            .with_untracked(|q| q.get(key))
            .and_then(|id| id.parse::<i64>().ok())
            .and_then(|id| runs.iter().find(|run| run.id == id))
            .or(default)
            .cloned()
    };
    let first = chosen("a", runs.first());
    let second = chosen("b", runs.get(1));
    let options = |selected: Option<i64>| {
        runs.iter()
            .map(|run| {
                view! {
                    <option value=run.id selected=Some(run.id) == selected>
                        {format!("n° {} – {}", run.id, run.algorithm)}
                    </option>
                }
            })
            .collect_view()
    };
    (!runs.is_empty()).then(|| {
        view! {
            <section class="fr-mb-4w" aria-labelledby="titre-comparaison">
                <h2 id="titre-comparaison" class="fr-h4">"Comparer deux calculs"</h2>
                <form method="get" action="/organisation/binomes" class="fr-mb-3w">
                    <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
                        <div class="fr-col-12 fr-col-md-4">
                            <div class="fr-select-group">
                                <label class="fr-label" for="calcul-a">"Calcul de gauche"</label>
                                <select class="fr-select" id="calcul-a" name="a">
                                    {options(first.as_ref().map(|run| run.id))}
                                </select>
                            </div>
                        </div>
                        <div class="fr-col-12 fr-col-md-4">
                            <div class="fr-select-group">
                                <label class="fr-label" for="calcul-b">"Calcul de droite"</label>
                                <select class="fr-select" id="calcul-b" name="b">
                                    {options(second.as_ref().map(|run| run.id))}
                                </select>
                            </div>
                        </div>
                        <div class="fr-col-12 fr-col-md-4">
                            <button class="fr-btn fr-btn--secondary fr-mb-3v" type="submit">"Comparer"</button>
                        </div>
                    </div>
                </form>
                <div class="fr-grid-row fr-grid-row--gutters" id="comparaison">
                    {first.map(|run| view! { <div class="fr-col-12 fr-col-md-6"><RunReport run /></div> })}
                    {second.map(|run| view! { <div class="fr-col-12 fr-col-md-6"><RunReport run /></div> })}
                </div>
            </section>
        }
    })
}

/// One run's figures and charts.
#[component]
fn RunReport(run: RunSummary) -> impl IntoView {
    let charts = run.charts;
    view! {
        <article class="vmj-run" aria-label=format!("Calcul n° {}", run.id)>
            <h3 class="fr-h5">{format!("Calcul n° {} – {}", run.id, run.algorithm)}</h3>
            <p>
                <strong>{format!("{} binômes sur {} étudiants", run.matched, run.students)}</strong>
                {format!(" · score total {} · distance médiane {} km · {} places vides",
                    decimal(run.total_score), decimal(run.distance_km_median), run.empty_places)}
            </p>
            <BarChart title="Vœu obtenu" bars=charts.wish_obtained />
            <BarChart title="Distance entre l'étudiant et son offre" bars=charts.distances />
            <BarChart title="Places pourvues par métier" bars=charts.fill_by_job />
            <BarChart title="Places pourvues par région" bars=charts.fill_by_region />
            <BarChart title="Places pourvues par administration" bars=charts.fill_by_administration />
            <BarChart title="Étudiants sans binôme, par raison" bars=charts.unmatched />
        </article>
    }
}
