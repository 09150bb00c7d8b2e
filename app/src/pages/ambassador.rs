//! `/ambassadeur`: the ambassador's offers, how many students wish for each, and the
//! students paired with them once announced.

use crate::api::ambassador::{get_my_students, get_offer_demand};
use crate::components::status::{ErrorAlert, Loading};
use crate::domain::text::plural;
use leptos::prelude::*;
use leptos_meta::Title;

lazy_page!(AmbassadorRoute, AmbassadorPage);

#[component]
pub fn AmbassadorPage() -> impl IntoView {
    let demand = Resource::new(|| (), |_| get_offer_demand());
    let students = Resource::new(|| (), |_| get_my_students());
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
            <h2 class="fr-h4 fr-mt-4w">"Mes binômes"</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match students.await {
                        Ok(pairs) if pairs.is_empty() => view! {
                            <p>"Les binômes ne sont pas encore annoncés."</p>
                        }.into_any(),
                        Ok(pairs) => view! {
                            <ul class="vmj-plain-list" id="mes-binomes">
                                {pairs.into_iter().map(|pair| view! {
                                    <li class="fr-mb-2w">
                                        <strong>{pair.student_name}</strong>
                                        {format!(" · {} · {}", pair.student_email, pair.offer_title)}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
