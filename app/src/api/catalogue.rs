//! The public catalogue. Its readers need no account: these functions are open to every
//! caller by design, and only ever return published offers and reference data.

use super::error::AppError;
use crate::domain::catalogue::*;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {super::context::*, crate::db::catalogue as store};

#[server(endpoint = "get_home_stats")]
pub async fn get_home_stats() -> Result<HomeStats, AppError> {
    respond(async { Ok(store::home_stats(&db()?).await?) }).await
}

#[server(endpoint = "get_filter_options")]
pub async fn get_filter_options() -> Result<FilterOptions, AppError> {
    respond(async { Ok(store::filter_options(&db()?).await?) }).await
}

/// An all-empty query leaves nothing in the URL encoding: it then defaults to "no filter".
#[server(endpoint = "search_offers")]
pub async fn search_offers(#[server(default)] query: OfferQuery) -> Result<OfferResults, AppError> {
    respond(async move { Ok(store::search_offers(&db()?, &query).await?) }).await
}

#[server(endpoint = "suggest_places")]
pub async fn suggest_places(prefix: String) -> Result<Vec<PlaceRef>, AppError> {
    respond(async move {
        let prefix: String = prefix.chars().take(100).collect();
        Ok(store::suggest_places(&db()?, &prefix, 8).await?)
    })
    .await
}

/// `None` (and a 404 status) for an offer that is not published.
#[server(endpoint = "get_offer")]
pub async fn get_offer(id: i64) -> Result<Option<OfferDetail>, AppError> {
    respond(async move { found(store::offer(&db()?, id).await?) }).await
}

#[server(endpoint = "list_jobs")]
pub async fn list_jobs() -> Result<Vec<JobSummary>, AppError> {
    respond(async { Ok(store::jobs(&db()?).await?) }).await
}

#[server(endpoint = "get_job")]
pub async fn get_job(slug: String) -> Result<Option<JobDetail>, AppError> {
    respond(async move { found(store::job(&db()?, &slug).await?) }).await
}

#[server(endpoint = "list_administrations")]
pub async fn list_administrations() -> Result<Vec<MinistryGroup>, AppError> {
    respond(async { Ok(store::administrations(&db()?).await?) }).await
}

#[server(endpoint = "get_administration")]
pub async fn get_administration(slug: String) -> Result<Option<AdministrationDetail>, AppError> {
    respond(async move { found(store::administration(&db()?, &slug).await?) }).await
}

/// A detail page's subject, absent when the page names nothing published: the page then
/// renders its own message, with the 404 status.
#[cfg(feature = "ssr")]
fn found<T>(subject: Option<T>) -> Result<Option<T>, AppError> {
    if subject.is_none() {
        set_not_found();
    }
    Ok(subject)
}
