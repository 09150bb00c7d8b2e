//! `/organisation`: the organisers' home: applications of the current edition by status.

use crate::api::organiser::get_application_statistics;
use crate::components::status::{ErrorAlert, Loading};
use leptos::prelude::*;
use leptos_meta::Title;

lazy_page!(OrganiserRoute, OrganiserPage);

#[component]
pub fn OrganiserPage() -> impl IntoView {
    let statistics = Resource::new(|| (), |_| get_application_statistics());
    view! {
        <Title text="Espace organisation" />
        <div class="fr-container fr-my-6w">
            <h1>"Espace organisation"</h1>
            <ul class="vmj-plain-list fr-mb-3w">
                <li><a class="fr-link" href="/organisation/editions">"Éditions et calendrier"</a></li>
                <li><a class="fr-link" href="/organisation/offres">"Valider les offres"</a></li>
                <li><a class="fr-link" href="/organisation/coaching">"Sessions de coaching"</a></li>
                <li><a class="fr-link" href="/organisation/binomes">"Former et annoncer les binômes"</a></li>
                <li><a class="fr-link" href="/organisation/journal">"Journal d'audit"</a></li>
            </ul>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match statistics.await {
                        Ok(stats) => view! {
                            <h2 class="fr-h4">{format!("Candidatures – {}", stats.edition_name)}</h2>
                            <div class="fr-table">
                                <table>
                                    <caption class="fr-sr-only">"Candidatures par statut"</caption>
                                    <thead><tr><th scope="col">"Statut"</th><th scope="col">"Nombre"</th></tr></thead>
                                    <tbody>
                                        {stats.by_status.into_iter().map(|(label, count)| view! {
                                            <tr><td>{label}</td><td>{count}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
