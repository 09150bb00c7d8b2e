//! An offer in a grid of results.

use crate::domain::catalogue::OfferCard;
use crate::domain::text::{language_of, places_left_label};
use leptos::prelude::*;

#[component]
pub fn OfferCardView(card: OfferCard) -> impl IntoView {
    let href = format!("/offres/{}", card.id);
    let places = places_left_label(card.places_left, card.capacity);
    let job_lang = language_of(&card.job_name);
    let distance = card.distance_km.map(|km| format!(" · à {} km", km.round()));
    view! {
        <div class="fr-card fr-enlarge-link vmj-offer-card">
            <div class="fr-card__body">
                <div class="fr-card__content">
                    <h3 class="fr-card__title">
                        <a href=href>{card.title}</a>
                    </h3>
                    <p class="fr-card__desc">
                        {card.administration_name} <br /> {card.place_name} " (" {card.departement_code} "), "
                        <span class="vmj-region">{card.region_name}</span> {distance}
                    </p>
                    <div class="fr-card__start">
                        <ul class="fr-tags-group">
                            <li>
                                <p class="fr-tag fr-tag--sm" lang=job_lang>{card.job_name}</p>
                            </li>
                            <li>
                                <p class="fr-tag fr-tag--sm">{card.levels.label()}</p>
                            </li>
                        </ul>
                    </div>
                    <div class="fr-card__end">
                        <p class="fr-card__detail">{card.ministry_name} " · " {places}</p>
                    </div>
                </div>
            </div>
        </div>
    }
}

/// A responsive grid of offer cards; `narrow` when it sits beside a side column.
#[component]
pub fn OfferGrid(cards: Vec<OfferCard>, #[prop(optional)] narrow: bool) -> impl IntoView {
    let column = if narrow {
        "fr-col-12 fr-col-lg-6"
    } else {
        "fr-col-12 fr-col-md-6 fr-col-lg-4"
    };
    view! {
        <ul class="fr-grid-row fr-grid-row--gutters vmj-plain-list">
            {cards
                .into_iter()
                .map(|card| {
                    view! {
                        <li class=column>
                            <OfferCardView card />
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
