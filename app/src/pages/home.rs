use crate::api::catalogue::get_home_stats;
use crate::components::map::{DepartementMap, MapArea};
use crate::components::status::{ErrorAlert, Loading};
use crate::domain::catalogue::HomeStats;
use crate::domain::date::long_fr;
use crate::domain::edition::EditionStatus;
use crate::domain::statistics::People;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let stats = Resource::new(|| (), |_| get_home_stats());
    view! {
        <Title text="" />
        <div class="vmj-hero fr-py-6w">
            <div class="fr-container">
                <h1>"Vis mon job"</h1>
                <p class="fr-text--lead">
                    "Étudiante ou étudiant du numérique, passez une journée auprès d'un agent de l'État : "<span lang="en">"data scientist"</span>", RSSI, architecte, développeuse, designer, administrateur systèmes… dans un ministère, un opérateur ou un service de l'État partout en France."
                </p>
                <ul class="fr-btns-group fr-btns-group--inline-md">
                    <li><a class="fr-btn" href="/offres">"Voir les offres d'accueil"</a></li>
                    <li><a class="fr-btn fr-btn--secondary" href="/metiers">"Découvrir les métiers"</a></li>
                    <li><a class="fr-btn fr-btn--tertiary" href="/administrations">"Les administrations"</a></li>
                </ul>
            </div>
        </div>
        <div class="fr-container fr-my-6w">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match stats.await {
                        Ok(stats) => view! { <EditionSummary stats /> }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
            <h2 class="fr-mt-6w">"Comment ça marche ?"</h2>
            <ol class="fr-grid-row fr-grid-row--gutters vmj-steps">
                <li class="fr-col-12 fr-col-md-4">
                    <h3 class="fr-h5">"1. Choisissez"</h3>
                    <p>"Parcourez les offres par métier, administration ou lieu et retenez jusqu'à cinq vœux classés."</p>
                </li>
                <li class="fr-col-12 fr-col-md-4">
                    <h3 class="fr-h5">"2. Candidatez"</h3>
                    <p>"Expliquez en quelques lignes ce qui vous motive. Les binômes sont formés à partir de vos vœux."</p>
                </li>
                <li class="fr-col-12 fr-col-md-4">
                    <h3 class="fr-h5">"3. Vivez la journée"</h3>
                    <p>"Votre ambassadrice ou ambassadeur vous accueille pour une journée au cœur de son équipe."</p>
                </li>
            </ol>
        </div>
    }
}

#[component]
fn EditionSummary(stats: HomeStats) -> impl IntoView {
    let Some(edition) = stats.edition else {
        return view! {
            <div class="fr-callout">
                <p class="fr-callout__text">"Aucune édition n'est ouverte pour le moment. Revenez bientôt !"</p>
            </div>
        }
        .into_any();
    };
    let calendar = match edition.status {
        EditionStatus::Preparation => format!(
            "Candidatures du {} au {} inclus. Annonce des binômes le {}.",
            long_fr(&edition.applications_open_on),
            long_fr(&edition.applications_close_on),
            long_fr(&edition.announcement_on),
        ),
        EditionStatus::ApplicationsOpen => format!(
            "Candidatures ouvertes jusqu'au {} inclus. Annonce des binômes le {}.",
            long_fr(&edition.applications_close_on),
            long_fr(&edition.announcement_on),
        ),
        EditionStatus::ApplicationsClosed => format!(
            "Les candidatures sont closes pour cette édition. Annonce des binômes le {}.",
            long_fr(&edition.announcement_on),
        ),
        _ => "Les binômes de cette édition sont annoncés.".to_string(),
    };
    view! {
        <section aria-labelledby="edition-titre">
            <h2 id="edition-titre">{edition.name}</h2>
            <div class="fr-callout fr-mb-4w">
                <p class="fr-callout__title">"Journée d'immersion le " {long_fr(&edition.immersion_on)}</p>
                <p class="fr-callout__text">
                    {calendar}
                </p>
            </div>
            <ul class="fr-grid-row fr-grid-row--gutters vmj-plain-list vmj-stats">
                <Stat value=stats.offers label="offres d'accueil" />
                <Stat value=stats.places label="places disponibles" />
                <Stat value=stats.ministries label="ministères" />
                <Stat value=stats.jobs label="métiers représentés" />
            </ul>
            {(!stats.by_departement.is_empty()).then(|| {
                let areas = stats
                    .by_departement
                    .into_iter()
                    .map(|(code, name, offers)| MapArea {
                        href: format!("/offres?departement={code}"),
                        code,
                        name,
                        value: People::Exact(offers),
                    })
                    .collect::<Vec<_>>();
                view! {
                    <div class="vmj-home-map">
                        <DepartementMap title="Les offres d'accueil par département" unit="offres" areas=Signal::stored(areas) />
                    </div>
                }
            })}
        </section>
    }
    .into_any()
}

#[component]
fn Stat(value: i64, label: &'static str) -> impl IntoView {
    view! {
        <li class="fr-col-6 fr-col-md-3">
            <p class="vmj-stat">
                <span class="vmj-stat__value">{value}</span>
                <span class="vmj-stat__label">{label}</span>
            </p>
        </li>
    }
}
