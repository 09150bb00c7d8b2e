//! `/organisation/offres`: the offers waiting for validation; `/organisation/offres/{id}`:
//! one offer in full, published or refused with a reason.

use crate::api::organiser::*;
use crate::components::form::{Feedback, FormAlert, Notice, TextArea};
use crate::components::status::{Breadcrumb, ErrorAlert, Loading};
use crate::components::table::TableBox;
use crate::domain::offer::REFUSAL_REASON_MAX_CHARS;
use crate::pages::detail_or_not_found;
use crate::pages::offer::OfferBody;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

lazy_page!(OfferReviewQueueRoute, OfferReviewQueuePage);
lazy_page!(OfferReviewRoute, OfferReviewPage);

#[component]
pub fn OfferReviewQueuePage() -> impl IntoView {
    let queue = Resource::new(|| (), |_| get_offer_review_queue());
    let query = use_query_map();
    let notice = query.read_untracked().get("decision").and_then(|decision| match decision.as_str() {
        "publiee" => Some("L'offre est publiée : elle est dans le catalogue, et son ambassadeur en est informé par courriel.".to_string()),
        "refusee" => Some("L'offre est refusée : son ambassadeur reçoit la raison par courriel.".to_string()),
        _ => None,
    });
    view! {
        <Title text="Offres à valider" />
        <div class="fr-container fr-my-6w">
            <Breadcrumb trail=vec![("/organisation".into(), "Organisation".into())] current="Offres à valider".to_string() />
            <h1>"Offres à valider"</h1>
            {notice.map(|message| view! { <Notice message /> })}
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match queue.await {
                        Ok(offers) if offers.is_empty() => view! {
                            <p>"Aucune offre n'attend de validation."</p>
                        }.into_any(),
                        Ok(offers) => view! {
                            <p>{crate::domain::text::plural(offers.len() as i64, "offre attend", "offres attendent")} " votre décision, la plus ancienne en premier."</p>
                            <TableBox>
                                            <table id="offres-a-valider">
                                                <caption class="fr-sr-only">"Offres à valider"</caption>
                                                <thead>
                                                    <tr>
                                                        <th scope="col">"Offre"</th>
                                                        <th scope="col">"Ambassadeur"</th>
                                                        <th scope="col">"Administration"</th>
                                                        <th scope="col">"Lieu"</th>
                                                        <th scope="col">"Édition"</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {offers.into_iter().map(|offer| view! {
                                                        <tr>
                                                            <td><a class="fr-link" href=format!("/organisation/offres/{}", offer.id)>{offer.title}</a></td>
                                                            <td>{offer.ambassador_name}</td>
                                                            <td>{offer.administration}</td>
                                                            <td>{offer.place}</td>
                                                            <td>{offer.edition_name}</td>
                                                        </tr>
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                            </TableBox>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn OfferReviewPage() -> impl IntoView {
    let params = use_params_map();
    let offer_id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    });
    let publish = ServerAction::<PublishOffer>::new();
    let refuse = ServerAction::<RefuseOffer>::new();
    let review = Resource::new(
        move || {
            (
                offer_id.get(),
                publish.version().get(),
                refuse.version().get(),
            )
        },
        |(id, _, _)| async move {
            match id {
                Some(id) => get_offer_review(id).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                detail_or_not_found(review.await, |review| view! { <Review review publish refuse /> })
            })}
        </Suspense>
    }
}

#[component]
fn Review(
    review: OfferReview,
    publish: ServerAction<PublishOffer>,
    refuse: ServerAction<RefuseOffer>,
) -> impl IntoView {
    let id = review.offer.id;
    let title = review.offer.title.clone();
    let refuse_feedback = Feedback::of(refuse);
    let decision = match review.under_review {
        Some(queued) => view! {
            <div class="fr-callout fr-mt-3w" id="decision">
                <h2 class="fr-callout__title fr-h5">"Votre décision"</h2>
                <p class="fr-text--sm">
                    {format!("Proposée par {} ({}), {}.", queued.ambassador_name, queued.ambassador_email, queued.edition_name)}
                </p>
                <FormAlert feedback=Feedback::of(publish) />
                <ActionForm action=publish>
                    <input type="hidden" name="offer_id" value=id.to_string() />
                    <button class="fr-btn" type="submit">"Publier l'offre"</button>
                </ActionForm>
                <hr class="fr-mt-3w" />
                <FormAlert feedback=refuse_feedback />
                <ActionForm action=refuse>
                    <input type="hidden" name="offer_id" value=id.to_string() />
                    <TextArea label="Raison du refus" name="reason" rows=4 maxlength=REFUSAL_REASON_MAX_CHARS
                        hint="L'ambassadeur la lira dans le courriel et sur son offre : dites ce qu'il doit corriger."
                        value=refuse_feedback.value("reason", String::new()) error=refuse_feedback.error("reason") />
                    <button class="fr-btn fr-btn--secondary" type="submit">"Refuser l'offre"</button>
                </ActionForm>
            </div>
        }
        .into_any(),
        None => view! {
            <p class="fr-mt-3w" id="decision">
                "Cette offre n'attend pas de validation : "
                <span class=review.status.badge_class()>{review.status.label()}</span>
            </p>
        }
        .into_any(),
    };
    view! {
        <Title text=format!("À valider : {title}") />
        <div class="fr-container fr-mb-6w">
            <Breadcrumb
                trail=vec![("/organisation".into(), "Organisation".into()), ("/organisation/offres".into(), "Offres à valider".into())]
                current=title
            />
            <OfferBody offer=review.offer>
                {decision}
            </OfferBody>
        </div>
    }
}
