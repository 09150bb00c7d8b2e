//! `/ambassadeur/coaching`: the ambassador books their coaching session (and may change
//! it until it starts); `/organisation/coaching`: organisers create sessions, mark who
//! attended and see who is not coached yet. Every control is a form.

use crate::api::coaching::*;
use crate::components::focus::FocusReturn;
use crate::components::form::{Feedback, Field, FormAlert, Notice};
use crate::components::status::{Breadcrumb, ErrorAlert, Loading};
use crate::components::table::TableBox;
use crate::domain::coaching::*;
use crate::domain::text::plural;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

lazy_page!(AmbassadorCoachingRoute, AmbassadorCoachingPage);
lazy_page!(OrganiserCoachingRoute, OrganiserCoachingPage);

/// The notice a redirect after an action asks for; it follows the address, since a
/// redirect to the same page (with JavaScript) keeps the page in place.
fn redirect_notice(query: Memo<ParamsMap>) -> Option<String> {
    let notice = query.read().get("coaching")?;
    let message = match notice.as_str() {
        "reservee" => {
            "Votre session de coaching est réservée. Vous pouvez en changer jusqu'à son début."
        }
        "creee" => "La session est créée : les ambassadeurs peuvent la réserver.",
        "presence" => "La présence est enregistrée.",
        _ => return None,
    };
    Some(message.to_string())
}

fn seats_label(session: &CoachingSession) -> String {
    plural(session.seats_left(), "place restante", "places restantes")
}

#[component]
pub fn AmbassadorCoachingPage() -> impl IntoView {
    let book = ServerAction::<BookCoachingSession>::new();
    let coaching = Resource::new(move || book.version().get(), |_| get_coaching());
    let query = use_query_map();
    view! {
        <Title text="Ma session de coaching" />
        <div class="fr-container fr-my-6w">
            <Breadcrumb trail=vec![("/ambassadeur".into(), "Espace ambassadeur".into())] current="Coaching".to_string() />
            <h1>"Ma session de coaching"</h1>
            <p>"Une heure pour préparer votre journée d'accueil avec l'équipe du programme et d'autres ambassadeurs."</p>
            {move || redirect_notice(query).map(|message| view! { <Notice message /> })}
            <FormAlert feedback=Feedback::of(book) />
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match coaching.await {
                        Ok(coaching) => view! { <AmbassadorSessions coaching book /> }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn AmbassadorSessions(
    coaching: AmbassadorCoaching,
    book: ServerAction<BookCoachingSession>,
) -> impl IntoView {
    let status = coaching.summary();
    if coaching.sessions.is_empty() {
        return view! {
            <p id="mon-coaching">{status}</p>
            <p>"Aucune session n'est encore proposée : l'équipe du programme les annoncera bientôt."</p>
        }
        .into_any();
    }
    let booked = coaching.booked;
    view! {
        <p id="mon-coaching" class="fr-text--lead">{status}</p>
        <TableBox>
            <table id="sessions">
                <caption class="fr-sr-only">"Sessions de coaching"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Date"</th>
                        <th scope="col">"Lieu ou lien"</th>
                        <th scope="col">"Places"</th>
                        <th scope="col">"Réserver"</th>
                    </tr>
                </thead>
                <tbody>
                    {coaching.sessions.into_iter().map(|session| {
                        let when = session.when();
                        let action = if booked == Some(session.id) {
                            view! { <span class="fr-badge fr-badge--success fr-badge--sm">"Réservée"</span> }.into_any()
                        } else if session.started {
                            view! { <span>"Commencée"</span> }.into_any()
                        } else if session.seats_left() == 0 {
                            view! { <span>"Complète"</span> }.into_any()
                        } else {
                            let label = if booked.is_some() { "Choisir cette session" } else { "Réserver" };
                            view! {
                                <ActionForm action=book>
                                    <input type="hidden" name="session_id" value=session.id.to_string() />
                                    <button class="fr-btn fr-btn--sm" type="submit">
                                        {label}<span class="fr-sr-only">{format!(" : session du {when}")}</span>
                                    </button>
                                </ActionForm>
                            }.into_any()
                        };
                        view! {
                            <tr>
                                <td>{session.when()}</td>
                                <td>{session.location.clone()}</td>
                                <td>{seats_label(&session)}</td>
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

fn attendance_button_id(session_id: i64, ambassador_id: i64, attendance: &str) -> String {
    format!("presence-{session_id}-{ambassador_id}-{attendance}")
}

#[component]
pub fn OrganiserCoachingPage() -> impl IntoView {
    let create = ServerAction::<CreateCoachingSession>::new();
    let mark = ServerAction::<MarkCoachingAttendance>::new();
    // The list is drawn again once a presence is marked: the button pressed keeps the focus.
    let focus = FocusReturn::default();
    focus.after(mark, |marked: &MarkCoachingAttendance| {
        attendance_button_id(marked.session_id, marked.ambassador_id, &marked.attendance)
    });
    let coaching = Resource::new(
        move || (create.version().get(), mark.version().get()),
        |_| get_coaching_sessions(),
    );
    let feedback = Feedback::of(create);
    let query = use_query_map();
    let value = move |field: &'static str| feedback.value(field, String::new());
    view! {
        <Title text="Sessions de coaching" />
        <div class="fr-container fr-my-6w">
            <Breadcrumb trail=vec![("/organisation".into(), "Organisation".into())] current="Coaching".to_string() />
            <h1>"Sessions de coaching"</h1>
            {move || redirect_notice(query).map(|message| view! { <Notice message /> })}
            <FormAlert feedback=Feedback::of(mark) />
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match coaching.await {
                        Ok(coaching) => view! { <OrganiserSessions coaching mark focus /> }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
            <section class="fr-mt-4w" aria-labelledby="titre-nouvelle-session">
                <h2 class="fr-h4" id="titre-nouvelle-session">"Nouvelle session (une heure)"</h2>
                <p class="fr-text--sm">"Tous les champs sont obligatoires."</p>
                <FormAlert feedback />
                <ActionForm action=create>
                    <Field label="Date" name="day" kind="date" value=value("day") error=feedback.error("day") />
                    <Field label="Heure de début" name="starts_at" kind="time" value=value("starts_at") error=feedback.error("starts_at")
                        hint="Heure de Paris." />
                    <Field label="Lien de visioconférence ou lieu" name="location" value=value("location") error=feedback.error("location") maxlength=300 />
                    <Field label="Nombre de places" name="capacity" kind="number" value=value("capacity") error=feedback.error("capacity") />
                    <button class="fr-btn" type="submit">"Créer la session"</button>
                </ActionForm>
            </section>
        </div>
    }
}

#[component]
fn OrganiserSessions(
    coaching: OrganiserCoaching,
    mark: ServerAction<MarkCoachingAttendance>,
    focus: FocusReturn,
) -> impl IntoView {
    let not_coached = if coaching.not_coached.is_empty() {
        view! { <p>"Tous les ambassadeurs de l'édition ont suivi une session."</p> }.into_any()
    } else {
        view! {
            <ul id="sans-coaching">
                {coaching.not_coached.into_iter().map(|a| view! {
                    <li>
                        {format!("{} ({})", a.name, a.email)}
                        {if a.booked { " – inscrit à une session" } else { " – aucune session réservée" }}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <p>{coaching.edition_name}</p>
        <section class="fr-mb-4w" aria-labelledby="titre-sans-coaching">
            <h2 class="fr-h4" id="titre-sans-coaching">"Ambassadeurs pas encore coachés"</h2>
            {not_coached}
        </section>
        <section aria-labelledby="titre-sessions">
            <h2 class="fr-h4" id="titre-sessions">"Sessions"</h2>
            {if coaching.sessions.is_empty() {
                view! { <p>"Aucune session pour le moment."</p> }.into_any()
            } else {
                coaching.sessions.into_iter().map(|entry| {
                    let session = entry.session;
                    let heading = format!("Session du {}", session.when());
                    view! {
                        <article class="fr-mb-3w vmj-session">
                            <h3 class="fr-h6">{heading}</h3>
                            <p class="fr-text--sm">
                                {format!("{} · {} inscrits sur {} places", session.location, session.seats_taken, session.capacity)}
                            </p>
                            {(!entry.bookings.is_empty()).then(|| view! {
                                <TableBox class="fr-table--sm">
                                    <table>
                                        <caption class="fr-sr-only">{format!("Inscrits à la session du {}", session.when())}</caption>
                                        <thead><tr><th scope="col">"Ambassadeur"</th><th scope="col">"Présence"</th></tr></thead>
                                        <tbody>
                                            {entry.bookings.into_iter().map(|booking| {
                                                let state = match booking.attended {
                                                    Some(true) => "Présent",
                                                    Some(false) => "Absent",
                                                    None => "À marquer",
                                                };
                                                let name = booking.name.clone();
                                                let buttons = ["present", "absent"].map(|attendance| {
                                                    let name = name.clone();
                                                    let button_id = attendance_button_id(session.id, booking.ambassador_id, attendance);
                                                    focus.claim(button_id.clone(), button_id.clone());
                                                    let label = if attendance == "present" { "Présent" } else { "Absent" };
                                                    view! {
                                                        <ActionForm action=mark>
                                                            <input type="hidden" name="session_id" value=session.id.to_string() />
                                                            <input type="hidden" name="ambassador_id" value=booking.ambassador_id.to_string() />
                                                            <input type="hidden" name="attendance" value=attendance />
                                                            <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit" id=button_id>
                                                                {label}<span class="fr-sr-only">{format!(" : {}", name)}</span>
                                                            </button>
                                                        </ActionForm>
                                                    }
                                                });
                                                view! {
                                                    <tr>
                                                        <td>{format!("{} ({})", booking.name, booking.email)}</td>
                                                        <td>
                                                            <span class="vmj-presence">{state}</span>
                                                            <div class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">{buttons.into_iter().collect_view()}</div>
                                                        </td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </TableBox>
                            })}
                        </article>
                    }
                }).collect_view().into_any()
            }}
        </section>
    }
}
