//! `/organisation/journal`: the audit log for organisers, filtered by person, kind of
//! event and period through a plain GET form (its filters are in the address, so a
//! filtered view can be shared and works without JavaScript).

use crate::api::organiser::get_audit_log;
use crate::components::pagination::Pagination;
use crate::components::status::{Breadcrumb, ErrorAlert, Loading};
use crate::components::table::TableBox;
use crate::domain::date::paris_time_fr;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

lazy_page!(AuditLogRoute, AuditLogPage);

const FIELDS: [&str; 4] = ["personne", "action", "du", "au"];

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let query = use_query_map();
    let asked = move || {
        let q = query.read();
        let value = |name: &str| q.get(name).unwrap_or_default();
        (
            value("personne"),
            value("action"),
            value("du"),
            value("au"),
            value("page"),
        )
    };
    let log = Resource::new(asked, |(person, action, from, to, page)| {
        get_audit_log(person, action, from, to, page)
    });
    view! {
        <Title text="Journal d'audit" />
        <div class="fr-container fr-my-6w">
            <Breadcrumb trail=vec![("/organisation".into(), "Organisation".into())] current="Journal d'audit".to_string() />
            <h1>"Journal d'audit"</h1>
            <p>"Chaque changement d'état et chaque événement de sécurité, sans secret ni saisie : qui, quoi, quand."</p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let (person, action, from, to, _) = asked();
                    let outcome = log.await;
                    let error = outcome.as_ref().err().cloned();
                    let field_error = move |field: &'static str| error.as_ref().and_then(|e| e.field(field));
                    let actions = outcome.as_ref().map(|page| page.actions.clone()).unwrap_or_default();
                    let form = view! {
                        <Form method="GET" action="/organisation/journal" attr:role="search" attr:aria-label="Filtrer le journal">
                            <fieldset class="fr-fieldset">
                                <legend class="fr-fieldset__legend fr-h5">"Filtrer"</legend>
                                <FilterInput name="personne" label="Personne (adresse électronique)" kind="email" value=person error=field_error("personne") />
                                <div class="fr-fieldset__element">
                                    <div class="fr-select-group" class:fr-select-group--error=field_error("action").is_some()>
                                        <label class="fr-label" for="filtre-action">"Type d'événement"</label>
                                        <select class="fr-select" id="filtre-action" name="action" aria-describedby="filtre-action-message">
                                            <option value="">"Tous"</option>
                                            {actions.into_iter().map(|choice| {
                                                let selected = choice == action;
                                                view! { <option value=choice.clone() selected=selected>{choice.replace('_', " ")}</option> }
                                            }).collect_view()}
                                        </select>
                                        <p id="filtre-action-message" class="fr-error-text" class:fr-hidden=field_error("action").is_none()>{field_error("action")}</p>
                                    </div>
                                </div>
                                <FilterInput name="du" label="Depuis le" kind="date" value=from error=field_error("du") />
                                <FilterInput name="au" label="Jusqu'au" kind="date" value=to error=field_error("au") />
                                <div class="fr-fieldset__element">
                                    <ul class="fr-btns-group fr-btns-group--inline-sm">
                                        <li><button class="fr-btn" type="submit">"Filtrer"</button></li>
                                        <li><a class="fr-btn fr-btn--tertiary" href="/organisation/journal">"Tout afficher"</a></li>
                                    </ul>
                                </div>
                            </fieldset>
                        </Form>
                    };
                    let results = match outcome {
                        Ok(page) => {
                            let href = move |n: u32| page_link(&asked_now(), n);
                            view! {
                                <p role="status">{format!("{} entrée{}", page.total, if page.total > 1 { "s" } else { "" })}</p>
                                <TableBox class="fr-table--no-caption">
                                    <table>
                                        <caption>"Entrées du journal, les plus récentes d'abord"</caption>
                                        <thead><tr>
                                            <th scope="col">"Date"</th>
                                            <th scope="col">"Qui"</th>
                                            <th scope="col">"Événement"</th>
                                            <th scope="col">"Objet"</th>
                                            <th scope="col">"Détails"</th>
                                        </tr></thead>
                                        <tbody>
                                            {page.entries.into_iter().map(|entry| view! {
                                                <tr>
                                                    <td>{paris_time_fr(entry.created_at)}</td>
                                                    <td>{entry.actor.unwrap_or_else(|| "—".into())}</td>
                                                    <td>{entry.action.replace('_', " ")}</td>
                                                    <td>{format!("{} {}", entry.entity, entry.entity_id)}</td>
                                                    <td><code class="vmj-details">{(entry.details != "{}").then_some(entry.details)}</code></td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </TableBox>
                                <Pagination current=page.page last=page.page_count label="Pages du journal" href />
                            }.into_any()
                        }
                        Err(crate::api::AppError::Invalid(_)) => ().into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    };
                    view! { {form} {results} }
                })}
            </Suspense>
        </div>
    }
}

/// The filters of the address now (for the pagination's links).
fn asked_now() -> Vec<(String, String)> {
    let query = use_query_map();
    let q = query.read_untracked();
    FIELDS
        .iter()
        .filter_map(|name| {
            let value = q.get(name)?;
            (!value.is_empty()).then(|| ((*name).to_string(), value))
        })
        .collect()
}

fn page_link(filters: &[(String, String)], page: u32) -> String {
    let mut pairs: Vec<(String, String)> = filters.to_vec();
    pairs.push(("page".into(), page.to_string()));
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::domain::catalogue::encode_component(v)))
        .collect();
    format!("/organisation/journal?{}", query.join("&"))
}

#[component]
fn FilterInput(
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    value: String,
    error: Option<String>,
) -> impl IntoView {
    let id = format!("filtre-{name}");
    let message_id = format!("{id}-message");
    let has_error = error.is_some();
    view! {
        <div class="fr-fieldset__element">
            <div class="fr-input-group" class:fr-input-group--error=has_error>
                <label class="fr-label" for=id.clone()>{label}</label>
                <input class="fr-input" class:fr-input--error=has_error id=id name=name type=kind value=value
                    aria-describedby=message_id.clone() aria-invalid=has_error.then_some("true") />
                <p id=message_id class="fr-error-text" class:fr-hidden=!has_error>{error}</p>
            </div>
        </div>
    }
}
