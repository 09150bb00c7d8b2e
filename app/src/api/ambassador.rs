//! The ambassador's space. Every function requires a signed-in ambassador and reads or
//! changes only their own profile and offers.

use super::error::AppError;
use crate::domain::offer::{OfferEditorView, OfferForm, ProgrammeItemForm};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::context::*,
    super::session::*,
    crate::db::applications as store,
    crate::db::offers::{self, ItemChange, SaveOutcome},
    crate::domain::account::Role,
    crate::domain::form::FormErrors,
    crate::domain::offer::OfferAction,
    crate::domain::refusal::Refusal,
    crate::domain::text::plural,
};

/// One of the ambassador's offers and how many sent applications wish for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferDemand {
    pub offer_id: i64,
    pub title: String,
    pub status: String,
    pub wishes: i64,
}

#[server(endpoint = "get_offer_demand")]
pub async fn get_offer_demand() -> Result<Vec<OfferDemand>, AppError> {
    respond(async move {
        let ambassador = require_role(Role::Ambassador).await?;
        let db = db()?;
        let Some(edition) = store::current_edition(&db).await? else {
            return Ok(Vec::new());
        };
        Ok(
            store::wish_counts_for_ambassador(&db, edition.id, ambassador.id)
                .await?
                .into_iter()
                .map(|(offer_id, title, status, wishes)| OfferDemand {
                    offer_id,
                    title,
                    status,
                    wishes,
                })
                .collect(),
        )
    })
    .await
}

/// The caller's profile, with the administrations to choose from.
#[server(endpoint = "get_ambassador_profile")]
pub async fn get_ambassador_profile(
) -> Result<crate::domain::ambassador::AmbassadorProfileView, AppError> {
    respond(async move {
        let ambassador = require_role(Role::Ambassador).await?;
        Ok(crate::db::ambassadors::profile(&db()?, ambassador.id).await?)
    })
    .await
}

#[server(endpoint = "save_ambassador_profile")]
pub async fn save_ambassador_profile(
    #[server(flatten)]
    #[server(default)]
    form: crate::domain::ambassador::AmbassadorProfileForm,
) -> Result<(), AppError> {
    respond(async move {
        let ambassador = require_role(Role::Ambassador).await?;
        let valid = form.validate()?;
        if !crate::db::ambassadors::save_profile(&db()?, ambassador.id, &valid).await? {
            return Err(crate::domain::form::FormErrors::single(
                "administration",
                "Cette administration n'est pas dans l'annuaire : choisissez-la dans la liste.",
            )
            .with_values(form.pairs())
            .into());
        }
        redirect("/ambassadeur/profil?profil=enregistre");
        Ok(())
    })
    .await
}

/// The offer editor: the ambassador's offer `offer_id` (none for a new offer) and the
/// choices of the form.
#[server(endpoint = "get_offer_editor")]
pub async fn get_offer_editor(
    #[server(default)] offer_id: Option<i64>,
) -> Result<OfferEditorView, AppError> {
    respond(async move {
        let ambassador = require_role(Role::Ambassador).await?;
        let db = db()?;
        let offer = match offer_id {
            Some(id) => Some(
                offers::own_offer(&db, ambassador.id, id)
                    .await?
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        let profile = crate::db::ambassadors::profile(&db, ambassador.id).await?;
        let existing_offer_id = match (&offer, store::current_edition(&db).await?) {
            (None, Some(edition)) => offers::offer_of(&db, edition.id, ambassador.id).await?,
            _ => None,
        };
        Ok(OfferEditorView {
            offer,
            existing_offer_id,
            jobs: crate::db::catalogue::filter_options(&db).await?.jobs,
            profile_complete: profile.is_complete(),
            profile_administration: profile.administration.clone(),
            administrations: profile.administrations,
        })
    })
    .await
}

/// Saves the editor's form: a new offer is a draft of the current edition.
#[server(endpoint = "save_offer")]
pub async fn save_offer(
    #[server(default)] offer_id: Option<i64>,
    #[server(flatten)]
    #[server(default)]
    form: OfferForm,
) -> Result<(), AppError> {
    respond(async move {
        let ambassador = require_role(Role::Ambassador).await?;
        let valid = form.validate()?;
        let db = db()?;
        let edition = edition_in_progress().await?;
        let field_error = |field: &str, message: String| -> AppError {
            FormErrors::single(field, message)
                .with_values(form.pairs())
                .into()
        };
        let Some((place, _)) = crate::db::catalogue::find_place(&db, &valid.commune).await? else {
            return Err(field_error(
                "commune",
                "Commune introuvable : choisissez-la dans la liste proposée, par exemple « Rennes (35) ».".into(),
            ));
        };
        let outcome = offers::save(
            &db,
            ambassador.id,
            edition.id,
            offer_id,
            &valid,
            &place.insee_code,
        )
        .await?;
        match outcome {
            SaveOutcome::Saved { id, sent_back } => {
                let notice = if sent_back { "renvoyee" } else { "enregistree" };
                redirect(&format!("/ambassadeur/offres/{id}?offre={notice}"));
                Ok(())
            }
            SaveOutcome::NotFound => Err(AppError::NotFound),
            SaveOutcome::UnknownJob => Err(field_error(
                "job",
                "Ce métier n'est pas dans la liste : choisissez-en un.".into(),
            )),
            SaveOutcome::UnknownAdministration => Err(field_error(
                "administration",
                "Cette administration n'est pas dans l'annuaire : choisissez-la dans la liste.".into(),
            )),
            SaveOutcome::LevelsNotAccepted(accepted) => Err(field_error(
                "levels",
                format!("Cette édition accueille les niveaux {} : ne cochez que ceux-là.", accepted.label()),
            )),
            SaveOutcome::CapacityBelowSeats(taken) => Err(field_error(
                "capacity",
                format!(
                    "{} : le nombre de places ne peut pas descendre en dessous.",
                    plural(taken, "étudiant vous est déjà confié", "étudiants vous sont déjà confiés")
                ),
            )),
        }
    })
    .await
}

/// The ambassador submits, withdraws or reopens their offer.
#[cfg(feature = "ssr")]
async fn change_own_offer(
    offer_id: i64,
    action: OfferAction,
    notice: &str,
) -> Result<(), AppError> {
    let ambassador = require_role(Role::Ambassador).await?;
    let found = offers::transition(
        &db()?,
        ambassador.id,
        offer_id,
        Some(ambassador.id),
        action,
        None,
        |_| None,
    )
    .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    redirect(&format!("/ambassadeur/offres/{offer_id}?offre={notice}"));
    Ok(())
}

#[server(endpoint = "submit_offer")]
pub async fn submit_offer(offer_id: i64) -> Result<(), AppError> {
    respond(change_own_offer(offer_id, OfferAction::Submit, "soumise")).await
}

#[server(endpoint = "withdraw_offer")]
pub async fn withdraw_offer(offer_id: i64) -> Result<(), AppError> {
    respond(change_own_offer(offer_id, OfferAction::Withdraw, "retiree")).await
}

#[server(endpoint = "reopen_offer")]
pub async fn reopen_offer(offer_id: i64) -> Result<(), AppError> {
    respond(change_own_offer(offer_id, OfferAction::Reopen, "rouverte")).await
}

/// Adds a step at the end of the programme.
#[server(endpoint = "add_programme_item")]
pub async fn add_programme_item(
    offer_id: i64,
    #[server(flatten)]
    #[server(default)]
    item: ProgrammeItemForm,
) -> Result<(), AppError> {
    respond(async move {
        let ambassador = require_role(Role::Ambassador).await?;
        let valid = item.validate()?;
        if !offers::add_programme_item(&db()?, ambassador.id, offer_id, &valid).await? {
            return Err(AppError::NotFound);
        }
        redirect(&format!(
            "/ambassadeur/offres/{offer_id}?programme=ajoutee#programme"
        ));
        Ok(())
    })
    .await
}

/// Moves a step of the programme ("haut" or "bas") or removes it ("retirer").
#[server(endpoint = "change_programme_item")]
pub async fn change_programme_item(
    item_id: i64,
    #[server(default)] change: String,
) -> Result<(), AppError> {
    respond(async move {
        let ambassador = require_role(Role::Ambassador).await?;
        let change = match change.as_str() {
            "haut" => ItemChange::MoveUp,
            "bas" => ItemChange::MoveDown,
            "retirer" => ItemChange::Remove,
            _ => return Err(Refusal::UnknownMove.into()),
        };
        let Some(offer_id) =
            offers::change_programme_item(&db()?, ambassador.id, item_id, change).await?
        else {
            return Err(AppError::NotFound);
        };
        redirect(&format!(
            "/ambassadeur/offres/{offer_id}?programme=modifie#programme"
        ));
        Ok(())
    })
    .await
}
