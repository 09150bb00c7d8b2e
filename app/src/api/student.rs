//! The student's own profile and application. Every function requires a signed-in
//! student and only ever reads or changes that student's data: no function takes a
//! student or application id.

use super::error::AppError;
use crate::domain::application::{ApplicationView, StudentProfileView};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[cfg(feature = "ssr")]
use {
    super::context::*,
    super::emails,
    super::session::*,
    crate::db::applications::{self as store, EditionForApplications, Intent, SaveOutcome},
    crate::domain::account::Role,
    crate::domain::application::*,
    crate::domain::date::Date,
    crate::domain::form::FormErrors,
    crate::domain::refusal::Refusal,
};

#[cfg(feature = "ssr")]
fn window_state(edition: &EditionForApplications) -> WindowState {
    edition
        .window
        .state(Date::paris_from_unix_ms(crate::db::now_ms()))
}

/// The edition, provided it accepts changes to applications today.
#[cfg(feature = "ssr")]
async fn edition_open_for_changes() -> Result<EditionForApplications, AppError> {
    let edition = store::current_edition(&db()?)
        .await?
        .ok_or(Refusal::NoEditionOpen)?;
    match window_state(&edition) {
        WindowState::Open => Ok(edition),
        WindowState::NotYetOpen => Err(Refusal::ApplicationsNotYetOpen {
            opens_on: edition.window.opens_on,
        }
        .into()),
        WindowState::Closed => Err(Refusal::ApplicationsClosed {
            closes_on: edition.window.closes_on,
        }
        .into()),
    }
}

#[server(endpoint = "get_student_profile")]
pub async fn get_student_profile() -> Result<StudentProfileView, AppError> {
    respond(async move {
        let student = require_role(Role::Student).await?;
        Ok(store::student_profile(&db()?, student.id).await?)
    })
    .await
}

#[server(endpoint = "save_student_profile")]
pub async fn save_student_profile(
    #[server(flatten)]
    #[server(default)]
    form: crate::domain::application::StudentProfileForm,
) -> Result<(), AppError> {
    respond(async move {
        let student = require_role(Role::Student).await?;
        let valid = form.validate()?;
        let db = db()?;
        let place = crate::db::catalogue::find_place(&db, &valid.commune)
            .await?
            .ok_or_else(|| {
                FormErrors::single(
                    "commune",
                    "Commune introuvable : tapez son nom, par exemple « Rennes » ou « Saint-Denis (93) ».",
                )
                .with_values(form.pairs())
            })?;
        store::save_student_profile(&db, student.id, &valid, &place.0.insee_code)
            .await?;
        redirect("/candidature?profil=enregistre");
        Ok(())
    })
    .await
}

/// The caller's application to the current edition (`None` when there is no edition).
#[server(endpoint = "get_application")]
pub async fn get_application() -> Result<Option<ApplicationView>, AppError> {
    respond(async move {
        let student = require_role(Role::Student).await?;
        let db = db()?;
        let Some(edition) = store::current_edition(&db).await? else {
            return Ok(None);
        };
        let state = window_state(&edition);
        Ok(Some(
            store::application_view(&db, &edition, state, student.id).await?,
        ))
    })
    .await
}

/// What the offer page needs to offer "Ajouter à mes vœux".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum WishButton {
    /// Visitors are invited to sign in as students.
    SignIn,
    /// Ambassadors and organisers do not apply.
    NotForRole,
    Student {
        rank: Option<i64>,
        editable: bool,
    },
}

#[server(endpoint = "get_wish_button")]
pub async fn get_wish_button(offer_id: i64) -> Result<WishButton, AppError> {
    respond(async move {
        let Some(user) = current_user().await? else {
            return Ok(WishButton::SignIn);
        };
        if user.role != Role::Student {
            return Ok(WishButton::NotForRole);
        }
        let db = db()?;
        let Some(edition) = store::current_edition(&db).await? else {
            return Ok(WishButton::Student {
                rank: None,
                editable: false,
            });
        };
        let rank = store::wish_rank(&db, edition.id, user.id, offer_id).await?;
        Ok(WishButton::Student {
            rank,
            editable: window_state(&edition) == WindowState::Open,
        })
    })
    .await
}

/// Adds an offer at the end of the caller's wishes; returns its rank.
#[server(endpoint = "add_wish")]
pub async fn add_wish(offer_id: i64) -> Result<i64, AppError> {
    respond(async move {
        let student = require_role(Role::Student).await?;
        let edition = edition_open_for_changes().await?;
        let db = db()?;
        if !store::offer_is_open(&db, edition.id, offer_id).await? {
            return Err(Refusal::OfferNotOffered.into());
        }
        let rank = store::change_wishes(&db, &edition, student.id, |wishes, max| {
            wishes.add(offer_id, max)
        })
        .await?;
        Ok(rank as i64)
    })
    .await
}

#[server(endpoint = "remove_wish")]
pub async fn remove_wish(offer_id: i64) -> Result<(), AppError> {
    respond(async move {
        let student = require_role(Role::Student).await?;
        let edition = edition_open_for_changes().await?;
        store::change_wishes(&db()?, &edition, student.id, |wishes, _| {
            wishes.remove(offer_id);
            Ok(())
        })
        .await?;
        Ok(())
    })
    .await
}

/// Moves a wish one rank up (`direction` = "haut") or down ("bas").
#[server(endpoint = "move_wish")]
pub async fn move_wish(
    offer_id: i64,
    #[server(default)] direction: String,
) -> Result<(), AppError> {
    respond(async move {
        let student = require_role(Role::Student).await?;
        let direction = Move::parse(&direction).ok_or(Refusal::UnknownMove)?;
        let edition = edition_open_for_changes().await?;
        store::change_wishes(&db()?, &edition, student.id, |wishes, _| {
            wishes.shift(offer_id, direction);
            Ok(())
        })
        .await?;
        Ok(())
    })
    .await
}

/// Ids of the ticked boxes of a checkbox group (`name[ID]=on`).
#[cfg(feature = "ssr")]
fn ticked(group: &HashMap<String, String>) -> Vec<i64> {
    let mut ids: Vec<i64> = group.keys().filter_map(|k| k.parse().ok()).collect();
    ids.sort_unstable();
    ids.truncate(100);
    ids
}

/// Saves the application form; `intent` = "envoyer" also sends it.
#[server(endpoint = "save_application")]
pub async fn save_application(
    #[server(default)] motivation: String,
    #[server(default)] consent: Option<String>,
    #[server(default)] jobs: HashMap<String, String>,
    #[server(default)] administrations: HashMap<String, String>,
    #[server(default)] intent: String,
) -> Result<(), AppError> {
    respond(async move {
        let student = require_role(Role::Student).await?;
        let keep = |errors: FormErrors| errors.with_values([("motivation", motivation.as_str())]);
        let motivation_text = crate::domain::application::motivation(&motivation)
            .map_err(|message| keep(FormErrors::single("motivation", message)))?;
        let edition = edition_open_for_changes().await?;
        let details = ApplicationDetailsForm {
            motivation: motivation_text,
            consent: consent.is_some(),
            jobs: ticked(&jobs),
            administrations: ticked(&administrations),
        };
        let intent = if intent == "envoyer" {
            Intent::Send
        } else {
            Intent::SaveDraft
        };
        let url = security()?.public_url;
        let outcome = store::save_application(
            &db()?,
            &edition,
            student.id,
            &details,
            intent,
            |application_id, at| {
                emails::application_sent(
                    &url,
                    &student.email,
                    &student.first_name,
                    &edition.name,
                    &edition.window.closes_on,
                    application_id,
                    at,
                )
            },
        )
        .await?;
        match outcome {
            SaveOutcome::Saved => redirect("/candidature?brouillon=enregistre"),
            SaveOutcome::Sent | SaveOutcome::AlreadySent => {
                redirect("/candidature?candidature=envoyee")
            }
            SaveOutcome::Incomplete(errors) => return Err(keep(errors).into()),
        }
        Ok(())
    })
    .await
}

#[server(endpoint = "withdraw_application")]
pub async fn withdraw_application() -> Result<(), AppError> {
    respond(async move {
        let student = require_role(Role::Student).await?;
        let edition = edition_open_for_changes().await?;
        let withdrawn = store::withdraw(&db()?, edition.id, student.id).await?;
        if !withdrawn {
            return Err(Refusal::NothingToWithdraw.into());
        }
        redirect("/candidature?candidature=retiree");
        Ok(())
    })
    .await
}
