//! `/ambassadeur`: the ambassador's offers (written in `offer_editor`), how many students
//! wish for each, and the students paired with them once announced;
//! `/ambassadeur/profil`: their profile.

use crate::api::ambassador::*;
use crate::components::form::{ChoiceSelect, Feedback, Field, FormAlert, Notice, TextArea};
use crate::components::pair::{pair_notice, PairActions, PairCard};
use crate::components::status::{ErrorAlert, Loading};
use crate::domain::ambassador::{AmbassadorProfileView, PRESENTATION_MAX_CHARS};
use crate::domain::offer::OfferStatus;
use crate::domain::pair::PairSide;
use crate::domain::text::plural;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

lazy_page!(AmbassadorRoute, AmbassadorPage);

#[component]
pub fn AmbassadorPage() -> impl IntoView {
    let demand = Resource::new(|| (), |_| get_offer_demand());
    let pair_actions = PairActions::new();
    let pairs = Resource::new(
        move || pair_actions.version(),
        |_| crate::api::pairs::get_my_pairs(),
    );
    let query = use_query_map();
    let coaching = Resource::new(|| (), |_| crate::api::coaching::get_coaching());
    view! {
        <Title text="Mon espace ambassadeur" />
        <div class="fr-container fr-my-6w">
            <h1>"Mon espace ambassadeur"</h1>
            {move || query.read().get("binome").and_then(|v| pair_notice(&v)).map(|m| view! { <Notice message=m.to_string() /> })}
            <p><a class="fr-link" href="/ambassadeur/profil">"Mon profil"</a></p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match demand.await {
                        Ok(offers) if offers.is_empty() => view! {
                            <p>"Vous n'avez pas encore d'offre dans l'édition en cours."</p>
                            <a class="fr-btn" href="/ambassadeur/offres/nouvelle">"Proposer une offre d'accueil"</a>
                        }.into_any(),
                        Ok(offers) => view! {
                            <ul class="vmj-plain-list" id="mes-offres">
                                {offers.into_iter().map(|offer| {
                                    let status = OfferStatus::parse(&offer.status).unwrap_or(OfferStatus::Draft);
                                    let public = (status == OfferStatus::Published).then(|| view! {
                                        " · " <a class="fr-link" href=format!("/offres/{}", offer.offer_id)>"voir dans le catalogue"</a>
                                    });
                                    view! {
                                        <li class="fr-mb-2w">
                                            <a class="fr-link" href=format!("/ambassadeur/offres/{}", offer.offer_id)>{offer.title}</a>
                                            " " <span class=status.badge_class()>{status.label()}</span>
                                            " · "
                                            {plural(offer.wishes, "candidature la demande", "candidatures la demandent")}
                                            {public}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                            <p class="fr-text--sm">"L'identité des étudiants n'est communiquée qu'une fois les binômes annoncés."</p>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
            <h2 class="fr-h4 fr-mt-4w">"Mon coaching"</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match coaching.await {
                        Ok(coaching) => view! {
                            <p id="mon-coaching">
                                {coaching.summary()} " "
                                <a class="fr-link" href="/ambassadeur/coaching">"Voir les sessions"</a>
                            </p>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
            <h2 class="fr-h4 fr-mt-4w">"Mes binômes"</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match pairs.await {
                        Ok(pairs) if pairs.is_empty() => view! {
                            <p>"Les binômes ne sont pas encore annoncés."</p>
                        }.into_any(),
                        Ok(pairs) => view! {
                            <div id="mes-binomes">
                                {pairs.into_iter().map(|pair| view! {
                                    <PairCard pair side=PairSide::Ambassador actions=pair_actions />
                                }).collect_view()}
                            </div>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

lazy_page!(AmbassadorProfileRoute, AmbassadorProfilePage);

/// `/ambassadeur/profil`: who the student will meet.
#[component]
pub fn AmbassadorProfilePage() -> impl IntoView {
    // Read again after each save, so the form shows what is stored.
    let save = ServerAction::<SaveAmbassadorProfile>::new();
    let profile = Resource::new(move || save.version().get(), |_| get_ambassador_profile());
    let query = use_query_map();
    let saved = move || query.read().get("profil").is_some();
    view! {
        <Title text="Mon profil d'ambassadeur" />
        <div class="fr-container fr-my-6w">
            <div class="fr-grid-row fr-grid-row--center">
                <div class="fr-col-12 fr-col-md-10 fr-col-lg-8">
                    <h1>"Mon profil d'ambassadeur"</h1>
                    {move || saved().then(|| view! { <Notice message="Votre profil est enregistré.".to_string() /> })}
                    <Suspense fallback=Loading>
                        {move || Suspend::new(async move {
                            match profile.await {
                                Ok(profile) => view! { <AmbassadorProfileForm profile action=save /> }.into_any(),
                                Err(error) => view! { <ErrorAlert error /> }.into_any(),
                            }
                        })}
                    </Suspense>
                </div>
            </div>
        </div>
    }
}

#[component]
fn AmbassadorProfileForm(
    profile: AmbassadorProfileView,
    action: ServerAction<SaveAmbassadorProfile>,
) -> impl IntoView {
    let feedback = Feedback::of(action);
    let saved = profile.to_form();
    view! {
        <p>
            {format!("{} {} · {}", profile.first_name, profile.last_name, profile.email)}
        </p>
        <p class="fr-text--sm">"Tous les champs sont obligatoires, sauf mention contraire. L'étudiante ou l'étudiant qui vous sera confié lira votre fonction, votre administration et votre présentation."</p>
        <FormAlert feedback />
        <ActionForm action>
            <Field label="Fonction" name="job_title" maxlength=100 autocomplete="organization-title"
                hint="Par exemple : cheffe de projet numérique, administrateur systèmes."
                value=feedback.value("job_title", saved.job_title.clone()) error=feedback.error("job_title") />
            <ChoiceSelect label="Administration" name="administration" placeholder="Choisir une administration"
                choices=profile.administrations value=feedback.value("administration", saved.administration.clone())
                error=feedback.error("administration") />
            <Field label="Téléphone (facultatif)" name="phone" kind="tel" autocomplete="tel" maxlength=20 required=false
                hint="Pour que l'équipe du programme puisse vous joindre le jour de l'immersion. Format attendu : 06 12 34 56 78."
                value=feedback.value("phone", saved.phone.clone()) error=feedback.error("phone") />
            <TextArea label="Présentation" name="presentation" maxlength=PRESENTATION_MAX_CHARS
                hint=format!("Votre parcours et votre équipe en quelques lignes ({PRESENTATION_MAX_CHARS} caractères au plus).")
                value=feedback.value("presentation", saved.presentation.clone()) error=feedback.error("presentation") />
            <ul class="fr-btns-group fr-btns-group--inline-sm">
                <li><button class="fr-btn" type="submit">"Enregistrer mon profil"</button></li>
                <li><a class="fr-btn fr-btn--secondary" href="/ambassadeur">"Retour à mon espace"</a></li>
            </ul>
        </ActionForm>
    }
}
