//! The organisers' editions: create, edit, and move along the calendar. Every function
//! requires a signed-in organiser.

use super::error::AppError;
use crate::domain::coaching::SessionAttendance;
use crate::domain::edition::{Edition, EditionFigures, EditionForm, EditionLine};
use crate::domain::pair::{FeedbackLine, ReviewedPair};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::context::*,
    super::session::*,
    crate::db::editions as store,
    crate::domain::account::Role,
    crate::domain::edition::*,
    crate::domain::form::{require_ticked, FormErrors},
};

/// Every edition, past ones included, the latest first.
#[server(endpoint = "get_editions")]
pub async fn get_editions() -> Result<Vec<EditionLine>, AppError> {
    respond(async move {
        require_role(Role::Organiser).await?;
        Ok(store::list(&db()?).await?)
    })
    .await
}

/// The edition page: the edition (none for a new one) and its form's values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditionEditor {
    pub edition: Option<Edition>,
    pub form: EditionForm,
}

#[server(endpoint = "get_edition_editor")]
pub async fn get_edition_editor(
    #[server(default)] edition_id: Option<i64>,
) -> Result<EditionEditor, AppError> {
    respond(async move {
        require_role(Role::Organiser).await?;
        let edition = match edition_id {
            Some(id) => Some(store::get(&db()?, id).await?.ok_or(AppError::NotFound)?),
            None => None,
        };
        Ok(EditionEditor {
            form: edition
                .as_ref()
                .map_or_else(EditionForm::blank, Edition::form),
            edition,
        })
    })
    .await
}

/// What happened in an edition, from its offers to its feedback: past editions stay
/// readable here once the pairing page has moved on to the next one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditionReview {
    pub figures: EditionFigures,
    /// One page of the pairs (see [`super::organiser::PAIRS_PER_PAGE`]), and their number.
    pub pairs: Vec<ReviewedPair>,
    pub pairs_total: i64,
    pub page: usize,
    pub coaching: Vec<SessionAttendance>,
    pub feedback: Vec<FeedbackLine>,
}

#[server(endpoint = "get_edition_review")]
pub async fn get_edition_review(
    edition_id: i64,
    #[server(default)] page: usize,
) -> Result<EditionReview, AppError> {
    respond(async move {
        require_role(Role::Organiser).await?;
        let db = db()?;
        store::get(&db, edition_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let per_page = super::organiser::PAIRS_PER_PAGE;
        let (pairs, pairs_total) =
            crate::db::pairs::reviewed(&db, edition_id, page, per_page).await?;
        Ok(EditionReview {
            figures: store::figures(&db, edition_id).await?,
            pairs,
            pairs_total,
            page,
            coaching: crate::db::coaching::attendance_by_session(&db, edition_id).await?,
            feedback: crate::db::pairs::feedback(&db, edition_id).await?,
        })
    })
    .await
}

/// Creates an edition (`edition_id` = `None`, in preparation) or changes one.
#[server(endpoint = "save_edition")]
pub async fn save_edition(
    #[server(default)] edition_id: Option<i64>,
    #[server(flatten)]
    #[server(default)]
    form: EditionForm,
) -> Result<(), AppError> {
    respond(async move {
        let organiser = require_role(Role::Organiser).await?;
        let valid = form.validate()?;
        let db = db()?;
        let id = match edition_id {
            None => store::insert(&db, &valid, EditionStatus::Preparation, Some(organiser.id)).await?,
            Some(id) => match store::update(&db, organiser.id, id, &valid).await? {
                store::UpdateOutcome::Updated => id,
                store::UpdateOutcome::NotFound => return Err(AppError::NotFound),
                store::UpdateOutcome::MaxWishesBelowUsed(used) => {
                    return Err(FormErrors::single(
                        "max_wishes",
                        format!("Une candidature compte déjà {used} vœux : le nombre de vœux ne peut pas descendre en dessous."),
                    )
                    .with_values(form.pairs())
                    .into())
                }
            },
        };
        redirect(&format!("/organisation/editions/{id}?edition=enregistree"));
        Ok(())
    })
    .await
}

/// Moves the edition along its calendar (`action`: ouvrir, fermer, terminer, archiver).
#[server(endpoint = "change_edition_status")]
pub async fn change_edition_status(
    edition_id: i64,
    #[server(default)] action: String,
    /// Ticked to confirm a step that cannot be undone (finish, archive).
    #[server(default)]
    confirm: Option<String>,
) -> Result<(), AppError> {
    respond(async move {
        let organiser = require_role(Role::Organiser).await?;
        let action = EditionAction::parse(&action)
            .ok_or_else(|| FormErrors::single("action", "Étape du calendrier inconnue."))?;
        if action.confirmation().is_some() {
            require_ticked(&confirm)?;
        }
        store::transition(&db()?, organiser.id, edition_id, action)
            .await?
            .ok_or(AppError::NotFound)?;
        redirect(&format!(
            "/organisation/editions/{edition_id}?edition={}",
            action.as_str()
        ));
        Ok(())
    })
    .await
}
