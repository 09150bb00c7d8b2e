//! `/organisation/courriels`: the outbox as the organisers follow it (waiting, failed
//! with their error, sent), a failed message sent again; `/organisation/courriels/modeles`:
//! every e-mail of the platform previewed.

use crate::api::outbox::*;
use crate::components::form::{Feedback, FormAlert, Notice};
use crate::components::status::{Breadcrumb, ErrorAlert, Loading};
use crate::components::table::TableBox;
use crate::domain::date::paris_time_fr;
use crate::domain::email::{OutboxFilter, OutboxLine};
use crate::domain::text::plural;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

lazy_page!(OutboxRoute, OutboxPage);
lazy_page!(EmailPreviewsRoute, EmailPreviewsPage);

#[component]
pub fn OutboxPage() -> impl IntoView {
    let query = use_query_map();
    let retry = ServerAction::<RetryEmail>::new();
    let asked = move || query.read().get("etat").unwrap_or_default();
    let outbox = Resource::new(
        move || (asked(), retry.version().get()),
        |(etat, _)| get_outbox(etat),
    );
    let done = move || {
        (query.read().get("renvoi").as_deref() == Some("fait"))
            .then(|| "Le courriel est remis en file : il part dans quelques secondes.".to_string())
    };
    view! {
        <Title text="Courriels" />
        <div class="fr-container fr-my-6w">
            <Breadcrumb trail=vec![("/organisation".into(), "Organisation".into())] current="Courriels".to_string() />
            <h1>"Courriels"</h1>
            <p>
                "Chaque courriel de la plateforme passe par cette file : il y attend son envoi, \
                 y est essayé de nouveau après un échec (jusqu'à 12 fois, de plus en plus espacées) \
                 et y reste 30 jours après son départ. "
                <a class="fr-link" href="/organisation/courriels/modeles">"Voir les modèles de courriels"</a>
            </p>
            {move || done().map(|message| view! { <Notice message /> })}
            <FormAlert feedback=Feedback::of(retry) />
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match outbox.await {
                        Ok(view) => {
                            let filter = view.filter;
                            let tabs = OutboxFilter::ALL.map(|f| {
                                let href = format!("/organisation/courriels?etat={}", f.slug());
                                let current = (f == filter).then_some("page");
                                let label = format!("{} ({})", f.label(), view.counts.of(f));
                                view! { <li><a class="fr-tag" href=href aria-current=current>{label}</a></li> }
                            });
                            let shown = view.messages.len() as i64;
                            let total = view.counts.of(filter);
                            view! {
                                <ul class="fr-tags-group fr-mb-2w" aria-label="État des courriels">
                                    {tabs.into_iter().collect_view()}
                                </ul>
                                <OutboxTable filter messages=view.messages retry />
                                {(total > shown).then(|| view! {
                                    <p class="fr-text--sm">{format!("Les {shown} plus récents sur {total}.")}</p>
                                })}
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn OutboxTable(
    filter: OutboxFilter,
    messages: Vec<OutboxLine>,
    retry: ServerAction<RetryEmail>,
) -> impl IntoView {
    if messages.is_empty() {
        let empty = match filter {
            OutboxFilter::Pending => "Aucun courriel en attente : tout est parti.",
            OutboxFilter::Failed => "Aucun courriel en échec.",
            OutboxFilter::Sent => "Aucun courriel envoyé ces 30 derniers jours.",
        };
        return view! { <p>{empty}</p> }.into_any();
    }
    view! {
        <TableBox class="fr-table--sm">
            <table>
                <caption class="fr-sr-only">{format!("Courriels : {}", filter.label().to_lowercase())}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Créé le"</th>
                        <th scope="col">"Destinataire"</th>
                        <th scope="col">"Objet"</th>
                        <th scope="col">"État"</th>
                        <th scope="col">"Essais"</th>
                        <th scope="col">"Action"</th>
                    </tr>
                </thead>
                <tbody>
                    {messages.into_iter().map(|m| {
                        let state = match (&m.last_error, m.sent_at) {
                            (_, Some(sent)) => format!("{} le {}", m.state_label(), paris_time_fr(sent)),
                            (Some(error), None) => format!("{} – erreur : {error}", m.state_label()),
                            (None, None) => m.state_label().to_string(),
                        };
                        let retry_label = format!(" le courriel à {}", m.recipient);
                        let action = m.can_retry().then(|| view! {
                            <ActionForm action=retry>
                                <input type="hidden" name="id" value=m.id.to_string() />
                                <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">
                                    "Renvoyer"<span class="fr-sr-only">{retry_label}</span>
                                </button>
                            </ActionForm>
                        });
                        view! {
                            <tr>
                                <td>{paris_time_fr(m.created_at)}</td>
                                <td>{m.recipient.clone()}</td>
                                <td>{m.subject.clone()}</td>
                                <td>{state}</td>
                                <td>{m.attempts}</td>
                                <td>{action}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </TableBox>
    }
    .into_any()
}

#[component]
pub fn EmailPreviewsPage() -> impl IntoView {
    let previews = Resource::new(|| (), |_| get_email_previews());
    view! {
        <Title text="Modèles de courriels" />
        <div class="fr-container fr-my-6w">
            <Breadcrumb
                trail=vec![
                    ("/organisation".into(), "Organisation".into()),
                    ("/organisation/courriels".into(), "Courriels".into()),
                ]
                current="Modèles".to_string()
            />
            <h1>"Modèles de courriels"</h1>
            <p>
                "Chaque courriel que la plateforme envoie, écrit pour des personnes fictives par \
                 les mêmes fonctions que les vrais. Les liens personnels (confirmation, mot de passe) \
                 y figurent avec un jeton d'exemple."
            </p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match previews.await {
                        Ok(previews) => view! {
                            <p>{plural(previews.len() as i64, "modèle", "modèles")}</p>
                            {previews.into_iter().map(|p| {
                                let id = format!("modele-{}", p.kind.replace('_', "-"));
                                let labelled_by = id.clone();
                                view! {
                                    <section class="fr-mb-4w vmj-email-preview" aria-labelledby=labelled_by>
                                        <h2 class="fr-h5" id=id>{p.occasion}</h2>
                                        <p class="fr-text--sm fr-mb-1w">"Objet : "<strong>{p.subject}</strong></p>
                                        <pre class="vmj-email-preview__text">{p.body_text}</pre>
                                        {p.invitation.map(|ics| view! {
                                            <details>
                                                <summary>"Pièce jointe : invitation.ics"</summary>
                                                <pre class="vmj-email-preview__text">{ics}</pre>
                                            </details>
                                        })}
                                    </section>
                                }
                            }).collect_view()}
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
