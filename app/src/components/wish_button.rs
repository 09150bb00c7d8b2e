//! "Ajouter à mes vœux" on an offer page, for a student; a sign-in link for a visitor.

use crate::api::student::{get_wish_button, AddWish, WishButton};
use crate::components::form::{Feedback, FormAlert};
use crate::components::status::ErrorAlert;
use crate::domain::account::sign_in_link;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The wish button's action and state. Created with the page, never inside a Suspense
/// that may render twice on the server: that would shift the resources' ids and break
/// hydration.
#[derive(Clone, Copy)]
pub struct WishButtonState {
    action: ServerAction<AddWish>,
    state: Resource<Result<WishButton, crate::api::AppError>>,
}

impl WishButtonState {
    pub fn new(offer_id: Signal<Option<i64>>) -> Self {
        let action = ServerAction::<AddWish>::new();
        let state = Resource::new(
            move || (offer_id.get(), action.version().get()),
            |(offer_id, _)| async move {
                match offer_id {
                    Some(id) => get_wish_button(id).await,
                    None => Ok(WishButton::NotForRole),
                }
            },
        );
        Self { action, state }
    }
}

/// "Ajouter à mes vœux" on an offer page, or where the visitor stands with it.
#[component]
pub fn WishButtonBlock(offer_id: i64, wish: WishButtonState) -> impl IntoView {
    let action = wish.action;
    let state = wish.state;
    let feedback = Feedback::of(action);
    // The region stays while its content changes: the new state ("Dans mes vœux, rang 2")
    // is read out after the button is pressed.
    view! {
        <div aria-live="polite">
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let button = match state.await {
                    Ok(button) => button,
                    Err(error) => return view! { <ErrorAlert error /> }.into_any(),
                };
                match button {
                    WishButton::SignIn => view! {
                        <p>
                            <a class="fr-btn fr-btn--secondary" href=sign_in_link(&format!("/offres/{offer_id}"))>
                                "Se connecter pour ajouter à mes vœux"
                            </a>
                        </p>
                    }.into_any(),
                    WishButton::NotForRole => ().into_any(),
                    WishButton::Student { rank: Some(rank), .. } => view! {
                        <p class="fr-badge fr-badge--success" id="etat-voeu">{format!("Dans mes vœux, rang {rank}")}</p>
                        <p><a class="fr-link" href="/candidature">"Voir ma candidature"</a></p>
                    }.into_any(),
                    WishButton::Student { rank: None, editable: true } => view! {
                        <FormAlert feedback />
                        <ActionForm action>
                            <input type="hidden" name="offer_id" value=offer_id />
                            <button class="fr-btn" type="submit">"Ajouter à mes vœux"</button>
                        </ActionForm>
                    }.into_any(),
                    WishButton::Student { rank: None, editable: false } => view! {
                        <p class="fr-text--sm">"Les candidatures ne sont pas ouvertes : les vœux ne peuvent pas changer."</p>
                    }.into_any(),
                }
            })}
        </Suspense>
        </div>
    }
}
