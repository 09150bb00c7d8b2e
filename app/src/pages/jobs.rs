use crate::api::catalogue::{get_job, list_jobs};
use crate::components::offer_card::OfferGrid;
use crate::components::status::{Breadcrumb, ErrorAlert, Loading};
use crate::domain::catalogue::{encode_component, JobDetail};
use crate::domain::text::{language_of, plural};
use crate::pages::detail_or_not_found;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn JobsPage() -> impl IntoView {
    let jobs = Resource::new(|| (), |_| list_jobs());
    view! {
        <Title text="Les métiers du numérique de l'État" />
        <div class="fr-container fr-my-6w">
            <h1>"Les métiers du numérique de l'État"</h1>
            <p class="fr-text--lead">
                "Chaque famille de métiers rassemble des missions, des compétences et des parcours d'accès : concours, contrat ou apprentissage."
            </p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match jobs.await {
                        Ok(jobs) => {
                            view! {
                                <ul class="fr-grid-row fr-grid-row--gutters vmj-plain-list">
                                    {jobs
                                        .into_iter()
                                        .map(|job| {
                                            let href = format!("/metiers/{}", job.slug);
                                            let lang = language_of(&job.name);
                                            view! {
                                                <li class="fr-col-12 fr-col-md-6 fr-col-lg-4">
                                                    <div class="fr-card fr-enlarge-link">
                                                        <div class="fr-card__body">
                                                            <div class="fr-card__content">
                                                                <h2 class="fr-card__title fr-h5">
                                                                    <a href=href lang=lang>{job.name}</a>
                                                                </h2>
                                                                <p class="fr-card__desc">{job.summary}</p>
                                                                <div class="fr-card__end">
                                                                    <p class="fr-card__detail">
                                                                        {plural(job.open_offers, "offre d'accueil", "offres d'accueil")}
                                                                    </p>
                                                                </div>
                                                            </div>
                                                        </div>
                                                    </div>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn JobPage() -> impl IntoView {
    let params = use_params_map();
    let job = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_job,
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                detail_or_not_found(job.await, |job| view! { <JobView job /> })
            })}
        </Suspense>
    }
}

#[component]
fn JobView(job: JobDetail) -> impl IntoView {
    let all_offers = format!("/offres?metier={}", encode_component(&job.slug));
    let count = plural(job.open_offers, "offre d'accueil", "offres d'accueil");
    let lang = language_of(&job.name);
    view! {
        <Title text=job.name.clone() />
        <div class="fr-container fr-mb-6w">
            <Breadcrumb trail=vec![("/".into(), "Accueil".into()), ("/metiers".into(), "Métiers".into())] current=job.name.clone() />
            <h1 lang=lang>{job.name}</h1>
            <p class="fr-text--lead">{job.summary}</p>
            <div class="fr-grid-row fr-grid-row--gutters">
                <section class="fr-col-12 fr-col-md-6">
                    <h2 class="fr-h4">"Missions"</h2>
                    <p>{job.missions}</p>
                    <h2 class="fr-h4">"Compétences"</h2>
                    <p>{job.skills}</p>
                </section>
                <section class="fr-col-12 fr-col-md-6">
                    <h2 class="fr-h4">"Études"</h2>
                    <p>{job.studies}</p>
                    <h2 class="fr-h4">"Comment rejoindre l'État"</h2>
                    <p>{job.recruitment}</p>
                </section>
            </div>
            <h2 class="fr-mt-4w">"Offres d'accueil (" {count} ")"</h2>
            <OfferGrid cards=job.offers />
            <p class="fr-mt-3w">
                <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href=all_offers>
                    "Toutes les offres de ce métier"
                </a>
            </p>
        </div>
    }
}
