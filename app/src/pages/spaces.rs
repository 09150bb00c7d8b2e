//! The ambassadors' and organisers' home pages.

use crate::api::ambassador::get_offer_demand;
use crate::api::organiser::get_application_statistics;
use crate::components::status::{ErrorAlert, Loading};
use crate::domain::text::plural;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AmbassadorPage() -> impl IntoView {
    let demand = Resource::new(|| (), |_| get_offer_demand());
    view! {
        <Title text="Mon espace ambassadeur" />
        <div class="fr-container fr-my-6w">
            <h1>"Mon espace ambassadeur"</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match demand.await {
                        Ok(offers) if offers.is_empty() => view! {
                            <p>"Vous n'avez pas encore d'offre dans l'édition en cours."</p>
                        }.into_any(),
                        Ok(offers) => view! {
                            <ul class="vmj-plain-list">
                                {offers.into_iter().map(|offer| view! {
                                    <li class="fr-mb-2w">
                                        <a class="fr-link" href=format!("/offres/{}", offer.offer_id)>{offer.title}</a>
                                        " · "
                                        {plural(offer.wishes, "candidature la demande", "candidatures la demandent")}
                                    </li>
                                }).collect_view()}
                            </ul>
                            <p class="fr-text--sm">"L'identité des étudiants n'est communiquée qu'une fois les binômes annoncés."</p>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn OrganiserPage() -> impl IntoView {
    let statistics = Resource::new(|| (), |_| get_application_statistics());
    view! {
        <Title text="Espace organisation" />
        <div class="fr-container fr-my-6w">
            <h1>"Espace organisation"</h1>
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
