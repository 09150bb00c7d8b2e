//! `/offres`: search the offers. The form is a plain GET form, so the page works without
//! JavaScript and every result list has its own URL; once hydrated, the router turns the
//! submission into a client-side navigation and only the results are refreshed.

use crate::api::catalogue::{get_filter_options, search_offers};
use crate::components::form::{ChoiceOptions, CommuneDatalist, CommuneSuggestions};
use crate::components::offer_card::OfferGrid;
use crate::components::pagination::Pagination;
use crate::components::status::{ErrorAlert, Loading};
use crate::domain::catalogue::{
    FilterOption, FilterOptions, OfferFilter, OfferQuery, OfferResults, OfferSort,
};
use crate::domain::text::plural;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

const KEYS: [&str; 9] = [
    "metier",
    "administration",
    "region",
    "departement",
    "commune",
    "rayon",
    "q",
    "tri",
    "page",
];
const RADII: [u32; 6] = [10, 25, 50, 100, 200, 500];

#[component]
pub fn OffersPage() -> impl IntoView {
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let map = query_map.read();
        let pairs: Vec<(&str, String)> = KEYS
            .iter()
            .filter_map(|k| map.get(k).map(|v| (*k, v)))
            .collect();
        OfferQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
    });
    let results = Resource::new(move || query.get(), search_offers);
    let options = Resource::new(|| (), |_| get_filter_options());
    let suggestions = CommuneSuggestions::new();

    view! {
        <Title text="Offres d'accueil" />
        // Tighter on a phone, so that offers show on the first screen.
        <div class="fr-container fr-my-3w fr-my-md-6w">
            <h1>"Offres d'accueil"</h1>
            <div class="fr-grid-row fr-grid-row--gutters">
                <div class="fr-col-12 fr-col-md-4">
                    <Suspense fallback=Loading>
                        {move || Suspend::new(async move {
                            match options.await {
                                // Rebuilt when the query changes (links, back button): the
                                // fields always show the filters of the results beside them.
                                Ok(options) => {
                                    (move || view! { <FilterForm options=options.clone() query=query.get() suggestions /> })
                                        .into_any()
                                }
                                Err(error) => view! { <ErrorAlert error /> }.into_any(),
                            }
                        })}
                    </Suspense>
                </div>
                <div class="fr-col-12 fr-col-md-8">
                    <Transition fallback=Loading>
                        {move || Suspend::new(async move {
                            match results.await {
                                Ok(results) => view! { <Results results /> }.into_any(),
                                Err(error) => view! { <ErrorAlert error /> }.into_any(),
                            }
                        })}
                    </Transition>
                </div>
            </div>
        </div>
    }
}

#[component]
fn FilterForm(
    options: FilterOptions,
    query: OfferQuery,
    suggestions: CommuneSuggestions,
) -> impl IntoView {
    let (filter, _) = OfferFilter::parse(&query);
    let active = filter.active_count() as i64;
    let summary = if active == 0 {
        "Filtrer".to_string()
    } else {
        format!(
            "Filtrer ({})",
            plural(active, "filtre actif", "filtres actifs")
        )
    };
    // On a phone the results come first: the filters fold under one control, a native
    // disclosure that needs no script; from the medium breakpoint they are always shown.
    view! {
        <details class="vmj-filters-toggle">
        <summary class="fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-filter-line fr-mb-2w" id="filtrer">{summary}</summary>
        <Form method="GET" action="/offres" attr:class="vmj-filters" attr:role="search" attr:aria-label="Filtrer les offres">
            <fieldset class="fr-fieldset">
                <legend class="fr-fieldset__legend fr-h5">"Filtrer les offres"</legend>
                <div class="fr-fieldset__element">
                    <div class="fr-input-group">
                        <label class="fr-label" for="filtre-q">
                            "Mots-clés"
                            <span class="fr-hint-text">"Accents et majuscules sans importance"</span>
                        </label>
                        <input class="fr-input" type="search" id="filtre-q" name="q" maxlength="100" value=query.q.clone().unwrap_or_default() />
                    </div>
                </div>
                <SelectFilter id="filtre-metier" name="metier" label="Métier" all="Tous les métiers" choices=options.jobs selected=filter.job.clone() />
                <SelectFilter
                    id="filtre-administration"
                    name="administration"
                    label="Administration"
                    all="Toutes les administrations"
                    choices=options.administrations
                    selected=filter.administration.clone()
                />
                <SelectFilter id="filtre-region" name="region" label="Région" all="Toutes les régions" choices=options.regions selected=filter.region.clone() />
                <SelectFilter
                    id="filtre-departement"
                    name="departement"
                    label="Département"
                    all="Tous les départements"
                    choices=options.departements
                    selected=filter.departement.clone()
                />
                <div class="fr-fieldset__element">
                    <div class="fr-input-group">
                        <label class="fr-label" for="filtre-commune">
                            "Autour de la commune"
                            <span class="fr-hint-text">"Nom ou code INSEE, par exemple « Rennes » ou « Rennes (35) »"</span>
                        </label>
                        <input
                            class="fr-input"
                            type="text"
                            id="filtre-commune"
                            name="commune"
                            maxlength="100"
                            autocomplete="off"
                            list="communes-suggerees"
                            value=query.commune.clone().unwrap_or_default()
                            on:input=move |ev| suggestions.typed.set(event_target_value(&ev))
                        />
                        <CommuneDatalist id="communes-suggerees" suggestions />
                    </div>
                </div>
                <div class="fr-fieldset__element">
                    <div class="fr-select-group">
                        <label class="fr-label" for="filtre-rayon">"Distance maximale"</label>
                        <select class="fr-select" id="filtre-rayon" name="rayon">
                            {RADII
                                .into_iter()
                                .map(|km| {
                                    view! {
                                        <option value=km.to_string() selected=filter.radius_km == km>
                                            {format!("{km} km")}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                <div class="fr-fieldset__element">
                    <div class="fr-select-group">
                        <label class="fr-label" for="filtre-tri">
                            "Trier par"
                            <span class="fr-hint-text">"Par défaut : la distance si une commune est indiquée, sinon les places restantes"</span>
                        </label>
                        <select class="fr-select" id="filtre-tri" name="tri">
                            <option value="" selected=filter.requested_sort.is_none()>"Par défaut"</option>
                            <option value="places" selected=filter.requested_sort == Some(OfferSort::PlacesLeft)>"Places restantes"</option>
                            <option value="distance" selected=filter.requested_sort == Some(OfferSort::Distance)>"Distance"</option>
                        </select>
                    </div>
                </div>
                <div class="fr-fieldset__element">
                    <ul class="fr-btns-group fr-btns-group--inline-sm">
                        <li><button class="fr-btn" type="submit">"Rechercher"</button></li>
                        <li><a class="fr-btn fr-btn--tertiary" href="/offres">"Réinitialiser"</a></li>
                    </ul>
                </div>
            </fieldset>
        </Form>
        </details>
    }
}

#[component]
fn SelectFilter(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    all: &'static str,
    choices: Vec<FilterOption>,
    selected: Option<String>,
) -> impl IntoView {
    view! {
        <div class="fr-fieldset__element">
            <div class="fr-select-group">
                <label class="fr-label" for=id>{label}</label>
                <select class="fr-select" id=id name=name>
                    <option value="">{all}</option>
                    <ChoiceOptions choices selected=selected.unwrap_or_default() />
                </select>
            </div>
        </div>
    }
}

#[component]
fn Results(results: OfferResults) -> impl IntoView {
    let heading = match &results.origin {
        Some(origin) => format!(
            "{} à moins de {} km de {}",
            plural(results.total as i64, "offre", "offres"),
            results.filter.radius_km,
            origin.label()
        ),
        None => plural(results.total as i64, "offre", "offres"),
    };
    let notices = results.notices.clone();
    let empty = results.cards.is_empty();
    view! {
        {(!notices.is_empty())
            .then(|| {
                view! {
                    <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w" id="filtres-ignores">
                        <p>"Certains filtres n'ont pas pu être appliqués :"</p>
                        <ul>
                            {notices
                                .into_iter()
                                .map(|n| view! { <li data-champ=n.field>{n.message}</li> })
                                .collect_view()}
                        </ul>
                    </div>
                }
            })}
        // The count is announced when it changes; the live region wraps the heading, whose
        // own role stays a heading (the cards' titles are h3 below it).
        <div role="status" aria-live="polite">
            <h2 class="fr-h4" id="resultats">{heading}</h2>
        </div>
        {if empty {
            view! {
                <p>"Aucune offre ne correspond à ces critères. Élargissez la distance ou retirez un filtre."</p>
            }
                .into_any()
        } else {
            view! { <OfferGrid cards=results.cards.clone() narrow=true /> }.into_any()
        }}
        {
            let filter = results.filter.clone();
            view! {
                <Pagination current=results.page last=results.page_count label="Pages des offres"
                    href=move |page| format!("/offres?{}", filter.to_query_string(Some(page))) />
            }
        }
    }
}
