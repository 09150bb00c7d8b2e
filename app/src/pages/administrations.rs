use crate::api::catalogue::{get_administration, list_administrations};
use crate::components::offer_card::OfferGrid;
use crate::components::status::{Breadcrumb, ErrorAlert, Loading};
use crate::domain::catalogue::{encode_component, AdministrationDetail, AdministrationSummary};
use crate::domain::text::plural;
use crate::pages::detail_or_not_found;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn display_name(admin: &AdministrationSummary) -> String {
    match &admin.acronym {
        Some(acronym) if acronym != &admin.name => format!("{} ({acronym})", admin.name),
        _ => admin.name.clone(),
    }
}

#[component]
pub fn AdministrationsPage() -> impl IntoView {
    let groups = Resource::new(|| (), |_| list_administrations());
    view! {
        <Title text="Les administrations qui accueillent" />
        <div class="fr-container fr-my-6w">
            <h1>"Les administrations qui accueillent"</h1>
            <p class="fr-text--lead">
                "Ministères, directions, opérateurs et services déconcentrés : le numérique de l'État se construit partout en France."
            </p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match groups.await {
                        Ok(groups) => {
                            groups
                                .into_iter()
                                .map(|group| {
                                    let href = format!("/administrations/{}", group.ministry.slug);
                                    view! {
                                        <section class="fr-mb-5w">
                                            <h2 class="fr-h4">
                                                <a href=href>{group.ministry.name.clone()}</a>
                                            </h2>
                                            <p class="fr-text--sm">
                                                {plural(group.ministry.open_offers, "offre d'accueil", "offres d'accueil")}
                                            </p>
                                            <ul>
                                                {group
                                                    .services
                                                    .into_iter()
                                                    .map(|service| {
                                                        let href = format!("/administrations/{}", service.slug);
                                                        let detail = format!(
                                                            " – {}, {}",
                                                            service.kind_label().to_lowercase(),
                                                            plural(service.open_offers, "offre", "offres"),
                                                        );
                                                        view! {
                                                            <li>
                                                                <a href=href>{display_name(&service)}</a>
                                                                {detail}
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        </section>
                                    }
                                })
                                .collect_view()
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
pub fn AdministrationPage() -> impl IntoView {
    let params = use_params_map();
    let admin = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_administration,
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                detail_or_not_found(admin.await, |admin| view! { <AdministrationView admin /> })
            })}
        </Suspense>
    }
}

#[component]
fn AdministrationView(admin: AdministrationDetail) -> impl IntoView {
    let name = display_name(&admin.summary);
    let all_offers = format!(
        "/offres?administration={}",
        encode_component(&admin.summary.slug)
    );
    let count = plural(
        admin.summary.open_offers,
        "offre d'accueil",
        "offres d'accueil",
    );
    let mut trail = vec![
        ("/".to_string(), "Accueil".to_string()),
        ("/administrations".into(), "Administrations".into()),
    ];
    if let Some(parent) = &admin.parent {
        trail.push((
            format!("/administrations/{}", parent.slug),
            parent.name.clone(),
        ));
    }
    view! {
        <Title text=name.clone() />
        <div class="fr-container fr-mb-6w">
            <Breadcrumb trail current=name.clone() />
            <p class="fr-badge fr-badge--info fr-badge--no-icon">{admin.summary.kind_label()}</p>
            <h1>{name}</h1>
            <p class="fr-text--lead">{admin.description}</p>
            {admin
                .website
                .map(|url| {
                    view! {
                        <p>
                            <a class="fr-link" href=url.clone() rel="noopener" target="_blank" title=format!("{url} – nouvelle fenêtre")>
                                "Site officiel"
                            </a>
                        </p>
                    }
                })}
            {(!admin.services.is_empty())
                .then(|| {
                    view! {
                        <h2 class="fr-h4">"Directions et opérateurs"</h2>
                        <ul>
                            {admin
                                .services
                                .iter()
                                .map(|s| {
                                    let href = format!("/administrations/{}", s.slug);
                                    view! {
                                        <li>
                                            <a href=href>{display_name(s)}</a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            <h2 class="fr-mt-4w">"Offres d'accueil (" {count} ")"</h2>
            <OfferGrid cards=admin.offers />
            <p class="fr-mt-3w">
                <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href=all_offers>
                    "Toutes les offres de cette administration"
                </a>
            </p>
        </div>
    }
}
