//! The ambassador's space. Every function requires a signed-in ambassador and reads or
//! changes only their own profile and offers.

use super::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::context::*, super::session::*, crate::db::applications as store,
    crate::domain::account::Role,
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

/// The students paired with the ambassador's offers, once announced.
#[server(endpoint = "get_my_students")]
pub async fn get_my_students() -> Result<Vec<crate::domain::application::PublishedPair>, AppError> {
    respond(async move {
        let ambassador = require_role(Role::Ambassador).await?;
        let db = db()?;
        let Some(edition) = store::current_edition(&db).await? else {
            return Ok(Vec::new());
        };
        Ok(
            crate::db::pairing::published_pairs_of_ambassador(&db, edition.id, ambassador.id)
                .await?,
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
