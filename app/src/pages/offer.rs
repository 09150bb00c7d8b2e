use crate::api::catalogue::get_offer;
use crate::components::status::{Breadcrumb, Loading};
use crate::components::wish_button::{WishButtonBlock, WishButtonState};
use crate::domain::catalogue::OfferDetail;
use crate::domain::date::long_fr;
use crate::domain::text::{language_of, places_left_label};
use crate::pages::detail_or_not_found;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OfferPage() -> impl IntoView {
    let params = use_params_map();
    // A non-numeric id is simply an offer that does not exist.
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    });
    let offer = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_offer(id).await,
                None => Ok(None),
            }
        },
    );
    let wish = WishButtonState::new(id.into());
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                detail_or_not_found(offer.await, |offer| view! { <OfferView offer wish /> })
            })}
        </Suspense>
    }
}

#[component]
fn OfferView(offer: OfferDetail, wish: WishButtonState) -> impl IntoView {
    let offer_id = offer.id;
    view! {
        <Title text=offer.title.clone() />
        <div class="fr-container fr-mb-6w">
            <Breadcrumb
                trail=vec![("/".into(), "Accueil".into()), ("/offres".into(), "Offres d'accueil".into())]
                current=offer.title.clone()
            />
            <OfferBody offer>
                <div class="fr-mt-3w">
                    <WishButtonBlock offer_id wish />
                </div>
            </OfferBody>
            <p class="fr-mt-4w">
                <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/offres">"Retour aux offres"</a>
            </p>
        </div>
    }
}

/// An offer in full, as students read it (and organisers before publishing it);
/// `children` go under its facts.
#[component]
pub fn OfferBody(offer: OfferDetail, children: Children) -> impl IntoView {
    let places = places_left_label(offer.places_left, offer.capacity);
    let job_href = format!("/metiers/{}", offer.job.slug);
    let admin_href = format!("/administrations/{}", offer.administration.slug);
    let ministry_href = format!("/administrations/{}", offer.ministry.slug);
    let same_ministry = offer.ministry.slug == offer.administration.slug;
    let host = if offer.ambassador_job_title.is_empty() {
        offer.ambassador_first_name.clone()
    } else {
        format!(
            "{}, {}",
            offer.ambassador_first_name,
            offer.ambassador_job_title.to_lowercase()
        )
    };
    // Only what the ambassador stated.
    let access: Vec<String> = [
        offer
            .id_check_required
            .then(|| "Pièce d'identité demandée à l'entrée".to_string()),
        offer
            .step_free_access
            .then(|| "Locaux accessibles de plain-pied ou par ascenseur".to_string()),
        (!offer.access_notes.is_empty()).then(|| offer.access_notes.clone()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let access = (!access.is_empty()).then(|| {
        view! {
            <dt>"Accès"</dt>
            <dd>
                <ul class="vmj-plain-list">
                    {access.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
            </dd>
        }
    });
    let team = (!offer.team.is_empty()).then(|| {
        view! {
            <h2 class="fr-h3">"L'équipe"</h2>
            <p>{offer.team.clone()}</p>
        }
    });
    view! {
        <ul class="fr-tags-group">
            <li><a class="fr-tag" href=job_href lang=language_of(&offer.job.name)>{offer.job.name.clone()}</a></li>
            <li><p class="fr-tag">{offer.levels.label()}</p></li>
        </ul>
        <h1>{offer.title.clone()}</h1>
        <p class="fr-text--lead vmj-pre-line">{offer.description.clone()}</p>
        <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-8">
                <h2 class="fr-h3">"Programme de la journée"</h2>
                <p>{offer.edition_name.clone()} " – " {long_fr(&offer.immersion_on)}</p>
                <ol class="vmj-programme">
                    {offer
                        .programme
                        .iter()
                        .map(|item| {
                            let details = (!item.details.is_empty()).then(|| view! { <p class="fr-text--sm fr-mb-0">{item.details.clone()}</p> });
                            view! {
                                <li>
                                    <p class="fr-mb-0">
                                        <strong>{item.starts_at.replace(':', " h ")}</strong> " – " {item.title.clone()}
                                    </p>
                                    {details}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
                {team}
            </div>
            <aside class="fr-col-12 fr-col-md-4">
                <div class="fr-card fr-card--no-arrow vmj-facts">
                    <div class="fr-card__body">
                        <div class="fr-card__content">
                            <h2 class="fr-card__title fr-h5">"En bref"</h2>
                            <dl class="vmj-facts__list">
                                <dt>"Places"</dt>
                                <dd>{places}</dd>
                                <dt>"Ambassadeur ou ambassadrice"</dt>
                                <dd>{host}</dd>
                                <dt>"Administration"</dt>
                                <dd>
                                    <a href=admin_href>{offer.administration.name.clone()}</a>
                                    {(!same_ministry)
                                        .then(|| view! { <br /><a href=ministry_href>{offer.ministry.name.clone()}</a> })}
                                </dd>
                                <dt>"Lieu"</dt>
                                <dd>
                                    {offer.address.clone()} <br /> {offer.place_name.clone()} " (" {offer.departement_code.clone()} ")" <br />
                                    {offer.departement_name.clone()} ", " {offer.region_name.clone()}
                                </dd>
                                <dt>"Niveaux d'études acceptés"</dt>
                                <dd>{offer.levels.label()}</dd>
                                {access}
                            </dl>
                        </div>
                    </div>
                </div>
                {children()}
            </aside>
        </div>
    }
}
