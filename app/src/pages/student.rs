//! The student's profile and application pages.

use crate::api::student::*;
use crate::components::focus::FocusReturn;
use crate::components::form::{
    CommuneDatalist, CommuneSuggestions, Feedback, Field, FormAlert, Notice,
};
use crate::components::status::{ErrorAlert, Loading};
use crate::domain::application::*;
use crate::domain::date::{long_fr, Date};
use crate::domain::text::language_of;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

lazy_page!(ProfileRoute, ProfilePage);
lazy_page!(ApplicationRoute, ApplicationPage);

#[component]
pub fn ProfilePage() -> impl IntoView {
    let profile = Resource::new(|| (), |_| get_student_profile());
    let suggestions = CommuneSuggestions::new();
    view! {
        <Title text="Mon profil" />
        <div class="fr-container fr-my-6w">
            <div class="fr-grid-row fr-grid-row--center">
                <div class="fr-col-12 fr-col-md-10 fr-col-lg-8">
                    <h1>"Mon profil"</h1>
                    <Suspense fallback=Loading>
                        {move || Suspend::new(async move {
                            match profile.await {
                                Ok(profile) => view! { <ProfileForm profile suggestions /> }.into_any(),
                                Err(error) => view! { <ErrorAlert error /> }.into_any(),
                            }
                        })}
                    </Suspense>
                </div>
            </div>
        </div>
    }
}

#[component]
fn ProfileForm(profile: StudentProfileView, suggestions: CommuneSuggestions) -> impl IntoView {
    let action = ServerAction::<SaveStudentProfile>::new();
    let feedback = Feedback::of(action);
    let saved = profile.to_form();
    let level = feedback.value("level", saved.level.clone());
    let gender = feedback.value("gender", saved.gender.clone());
    let level_error = feedback.error("level");
    view! {
        <p class="fr-text--sm">"Tous les champs sont obligatoires, sauf mention contraire."</p>
        <FormAlert feedback />
        <ActionForm action>
            <Field label="Prénom" name="first_name" autocomplete="given-name" maxlength=80
                value=feedback.value("first_name", saved.first_name.clone()) error=feedback.error("first_name") />
            <Field label="Nom" name="last_name" autocomplete="family-name" maxlength=80
                value=feedback.value("last_name", saved.last_name.clone()) error=feedback.error("last_name") />
            <Field label="École ou université" name="school" maxlength=150 autocomplete="organization"
                value=feedback.value("school", saved.school.clone()) error=feedback.error("school") />
            <div class="fr-select-group" class:fr-select-group--error=move || level_error.with(Option::is_some)>
                <label class="fr-label" for="champ-level">"Niveau d'études"</label>
                <select class="fr-select" id="champ-level" name="level" aria-describedby="champ-level-message" required=true>
                    <option value="" selected=move || level.get().is_empty()>"Choisir un niveau"</option>
                    {[2u8, 3, 4, 5]
                        .into_iter()
                        .map(|l| {
                            let value = l.to_string();
                            let selected = {
                                let value = value.clone();
                                move || level.get() == value
                            };
                            view! { <option value=value selected=selected>{format!("Bac+{l}")}</option> }
                        })
                        .collect_view()}
                </select>
                <p id="champ-level-message" class="fr-error-text" class:fr-hidden=move || level_error.with(Option::is_none)>
                    {move || level_error.get()}
                </p>
            </div>
            <Field label="Formation" name="curriculum" maxlength=150
                hint="Par exemple : BUT informatique, master cybersécurité."
                value=feedback.value("curriculum", saved.curriculum.clone()) error=feedback.error("curriculum") />
            <div on:input=move |ev| suggestions.typed.set(event_target_value(&ev))>
                <Field label="Commune où vous habitez" name="commune" list="communes-profil" maxlength=100 autocomplete="address-level2"
                    hint="Tapez son nom, par exemple « Rennes » ou « Saint-Denis (93) »."
                    value=feedback.value("commune", saved.commune.clone()) error=feedback.error("commune") />
            </div>
            <CommuneDatalist id="communes-profil" suggestions />
            <Field label="Distance que vous pouvez parcourir (km)" name="radius_km" kind="number"
                hint="Depuis votre commune, pour vous rendre sur le lieu d'accueil la journée."
                value=feedback.value("radius_km", saved.radius_km.clone()) error=feedback.error("radius_km") />
            <fieldset class="fr-fieldset" aria-labelledby="genre-legende">
                <legend class="fr-fieldset__legend" id="genre-legende">
                    "Genre (facultatif)"
                    <span class="fr-hint-text">
                        "Utilisé uniquement pour des statistiques anonymes sur la diversité des participants. Il n'est jamais transmis à l'administration qui vous accueille ni utilisé pour former les binômes."
                    </span>
                </legend>
                {std::iter::once(("", "Je ne souhaite pas répondre"))
                    .chain(GENDERS.iter().copied())
                    .map(|(key, label)| {
                        let id = format!("genre-{}", if key.is_empty() { "aucun" } else { key });
                        let checked = move || gender.get() == key;
                        view! {
                            <div class="fr-fieldset__element fr-fieldset__element--inline">
                                <div class="fr-radio-group">
                                    <input type="radio" id=id.clone() name="gender" value=key checked=checked />
                                    <label class="fr-label" for=id>{label}</label>
                                </div>
                            </div>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <button class="fr-btn" type="submit">"Enregistrer mon profil"</button>
        </ActionForm>
    }
}

/// The wish list's heading, where the focus goes after a wish is removed.
const WISHES_HEADING: &str = "titre-voeux";

/// The application page's actions: any of them done, the page reloads its data.
#[derive(Clone, Copy)]
struct Actions {
    move_wish: ServerAction<MoveWish>,
    remove_wish: ServerAction<RemoveWish>,
    save: ServerAction<SaveApplication>,
    withdraw: ServerAction<WithdrawApplication>,
    pair: crate::components::pair::PairActions,
    /// Where the focus goes once a wish moved or went (its list is drawn again).
    focus: FocusReturn,
}

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let actions = Actions {
        move_wish: ServerAction::new(),
        remove_wish: ServerAction::new(),
        save: ServerAction::new(),
        withdraw: ServerAction::new(),
        pair: crate::components::pair::PairActions::new(),
        focus: FocusReturn::default(),
    };
    // A moved wish keeps the focus on its button of the same direction; after a removal
    // it goes to the list's heading, which says how many wishes are left.
    actions.focus.after(actions.move_wish, |moved: &MoveWish| {
        format!("voeu-{}-{}", moved.offer_id, moved.direction)
    });
    actions
        .focus
        .after(actions.remove_wish, |_| WISHES_HEADING.to_string());
    let application = Resource::new(
        move || {
            (
                actions.move_wish.version().get(),
                actions.remove_wish.version().get(),
                actions.save.version().get(),
                actions.withdraw.version().get(),
                actions.pair.version(),
            )
        },
        |_| get_application(),
    );
    view! {
        <Title text="Ma candidature" />
        <div class="fr-container fr-my-6w">
            <h1>"Ma candidature"</h1>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match application.await {
                        Ok(Some(view)) => view! { <ApplicationView view actions /> }.into_any(),
                        Ok(None) => view! {
                            <p>"Aucune édition n'est ouverte pour le moment : revenez bientôt."</p>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The success notice that follows a redirect (`?candidature=envoyee`…).
fn redirect_notice() -> Option<String> {
    let query = use_query_map();
    let query = query.read_untracked();
    let notice = match (
        query.get("candidature").as_deref(),
        query.get("brouillon").as_deref(),
        query.get("profil").as_deref(),
    ) {
        (Some("envoyee"), _, _) => {
            "Votre candidature est envoyée. Un courriel de confirmation vous a été adressé."
        }
        (Some("retiree"), _, _) => {
            "Votre candidature est retirée. Vous pouvez l'envoyer à nouveau jusqu'à la date limite."
        }
        (_, Some(_), _) => "Votre brouillon est enregistré.",
        (_, _, Some(_)) => "Votre profil est enregistré.",
        _ => {
            return query
                .get("binome")
                .and_then(|v| crate::components::pair::pair_notice(&v))
                .map(str::to_string)
        }
    };
    Some(notice.to_string())
}

#[component]
fn ApplicationView(view: ApplicationView, actions: Actions) -> impl IntoView {
    let editable = view.editable();
    let status = view.status.unwrap_or(ApplicationStatus::Draft);
    let deadline = long_fr(&view.window.closes_on);
    let window_message = match view.window_state {
        WindowState::Open => format!("Vous pouvez modifier ou retirer votre candidature jusqu'au {deadline} inclus."),
        WindowState::NotYetOpen => format!("Les candidatures ouvrent le {}.", long_fr(&view.window.opens_on)),
        WindowState::Closed => format!("Les candidatures sont closes depuis le {deadline} au soir : votre candidature est en lecture seule."),
    };
    let profile_complete = view.profile.is_complete();
    let submitted_on = view
        .submitted_at
        .filter(|_| status == ApplicationStatus::Submitted)
        .map(|at| format!("Envoyée le {}.", Date::paris_from_unix_ms(at).long_fr()));
    view! {
        {redirect_notice().map(|message| view! { <Notice message /> })}
        <p class="fr-mb-1w">
            {view.edition_name.clone()} " · statut : "
            <span class=status.badge_class() id="statut-candidature">{status.label()}</span>
        </p>
        {submitted_on.map(|s| view! { <p class="fr-text--sm fr-mb-1w">{s}</p> })}
        <p class="fr-text--sm">{window_message}</p>
        {view.pair.clone().map(|pair| view! {
            <section class="fr-mb-4w" id="mon-binome" aria-labelledby="titre-binome">
                <h2 id="titre-binome" class="fr-h4">"Mon binôme"</h2>
                <crate::components::pair::PairCard pair side=crate::domain::pair::PairSide::Student actions=actions.pair />
            </section>
        })}
        <section class="fr-mb-4w" aria-labelledby="titre-profil">
            <h2 id="titre-profil" class="fr-h4">"1. Mon profil"</h2>
            {if profile_complete {
                let p = view.profile.clone();
                view! {
                    <p>
                        {format!("{} {} · {} · Bac+{} · {}", p.first_name, p.last_name, p.school, p.level.unwrap_or(0), p.curriculum)}
                        <br />
                        {format!("{} · jusqu'à {} km", p.place.as_ref().map(|pl| pl.label()).unwrap_or_default(), p.radius_km.unwrap_or(0))}
                    </p>
                    <a class="fr-link" href="/profil">"Modifier mon profil"</a>
                }.into_any()
            } else {
                view! {
                    <div class="fr-alert fr-alert--info fr-alert--sm">
                        <p>"Complétez votre profil : il est nécessaire pour envoyer votre candidature."</p>
                    </div>
                    <a class="fr-btn fr-mt-2w" href="/profil">"Compléter mon profil"</a>
                }.into_any()
            }}
        </section>
        <WishesSection wishes=view.wishes.clone() max=view.max_wishes editable actions />
        <DetailsSection view=view.clone() editable status actions />
    }
}

#[component]
fn WishesSection(
    wishes: Vec<WishView>,
    max: i64,
    editable: bool,
    actions: Actions,
) -> impl IntoView {
    let move_action = actions.move_wish;
    let remove_action = actions.remove_wish;
    let move_feedback = Feedback::of(move_action);
    let remove_feedback = Feedback::of(remove_action);
    let count = wishes.len();
    let last = count.saturating_sub(1);
    let focus = actions.focus;
    focus.claim(WISHES_HEADING, WISHES_HEADING);
    view! {
        <section class="fr-mb-4w" aria-labelledby=WISHES_HEADING>
            <h2 id=WISHES_HEADING class="fr-h4" tabindex="-1">{format!("2. Mes vœux ({count} sur {max} au plus)")}</h2>
            <FormAlert feedback=move_feedback />
            <FormAlert feedback=remove_feedback />
            {if wishes.is_empty() {
                view! {
                    <p>"Vous n'avez encore aucun vœu. Parcourez les offres et choisissez « Ajouter à mes vœux »."</p>
                }.into_any()
            } else {
                view! {
                    <ol class="vmj-wishes" id="liste-voeux">
                        {wishes
                            .into_iter()
                            .enumerate()
                            .map(|(index, wish)| {
                                let title = wish.title.clone();
                                // The button of the direction pressed, or the other one at an end.
                                let [up, down] = ["haut", "bas"].map(|direction| format!("voeu-{}-{direction}", wish.offer_id));
                                focus.claim(up.clone(), if index > 0 { up.clone() } else { down.clone() });
                                focus.claim(down.clone(), if index < last { down.clone() } else { up.clone() });
                                view! {
                                    <li class="vmj-wish">
                                        <div class="vmj-wish__text">
                                            <a class="fr-link" href=format!("/offres/{}", wish.offer_id)>{wish.title.clone()}</a>
                                            <span class="fr-text--sm fr-mb-0">
                                                " · " <span lang=language_of(&wish.job)>{wish.job.clone()}</span>
                                                {format!(" · {} · {}", wish.administration, wish.place.label())}
                                            </span>
                                            {(!wish.published).then(|| view! {
                                                <p class="fr-badge fr-badge--warning fr-badge--sm">"Offre retirée du catalogue"</p>
                                            })}
                                        </div>
                                        {editable.then(|| view! {
                                            <div class="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm vmj-wish__actions">
                                                {(index > 0).then(|| view! {
                                                    <ActionForm action=move_action>
                                                        <input type="hidden" name="offer_id" value=wish.offer_id />
                                                        <input type="hidden" name="direction" value="haut" />
                                                        <button class="fr-btn fr-btn--secondary fr-btn--sm" type="submit" id=up>
                                                            "Monter"<span class="fr-sr-only">{format!(" « {title} » d'un rang")}</span>
                                                        </button>
                                                    </ActionForm>
                                                })}
                                                {(index < last).then(|| {
                                                    let title = wish.title.clone();
                                                    let down = down.clone();
                                                    view! {
                                                        <ActionForm action=move_action>
                                                            <input type="hidden" name="offer_id" value=wish.offer_id />
                                                            <input type="hidden" name="direction" value="bas" />
                                                            <button class="fr-btn fr-btn--secondary fr-btn--sm" type="submit" id=down>
                                                                "Descendre"<span class="fr-sr-only">{format!(" « {title} » d'un rang")}</span>
                                                            </button>
                                                        </ActionForm>
                                                    }
                                                })}
                                                <ActionForm action=remove_action>
                                                    <input type="hidden" name="offer_id" value=wish.offer_id />
                                                    <button class="fr-btn fr-btn--tertiary fr-btn--sm" type="submit">
                                                        "Retirer"<span class="fr-sr-only">{format!(" « {} » de mes vœux", wish.title)}</span>
                                                    </button>
                                                </ActionForm>
                                            </div>
                                        })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                }.into_any()
            }}
            {editable.then(|| view! {
                <a class="fr-link" href="/offres">"Parcourir les offres"</a>
            })}
        </section>
    }
}

#[component]
fn DetailsSection(
    view: ApplicationView,
    editable: bool,
    status: ApplicationStatus,
    actions: Actions,
) -> impl IntoView {
    let action = actions.save;
    let withdraw = actions.withdraw;
    let feedback = Feedback::of(action);
    let withdraw_feedback = Feedback::of(withdraw);
    let motivation = feedback.value("motivation", view.motivation.clone());
    let motivation_error = feedback.error("motivation");
    let consent_error = feedback.error("consent");
    let wishes_error = feedback.error("wishes");
    let profile_error = feedback.error("profile");
    let sent = status == ApplicationStatus::Submitted;
    let checkboxes = move |group: &'static str, choices: Vec<Choice>| {
        choices
            .into_iter()
            .map(|choice| {
                let id = format!("{group}-{}", choice.id);
                let lang = language_of(&choice.label);
                view! {
                    <div class="fr-fieldset__element">
                        <div class="fr-checkbox-group fr-checkbox-group--sm">
                            <input type="checkbox" id=id.clone() name=format!("{group}[{}]", choice.id)
                                checked=choice.selected disabled=!editable />
                            <label class="fr-label" for=id lang=lang>{choice.label}</label>
                        </div>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <section class="fr-mb-4w" aria-labelledby="titre-details">
            <h2 id="titre-details" class="fr-h4">"3. Préférences, motivation et consentement"</h2>
            <FormAlert feedback />
            {move || wishes_error.get().map(|m| view! { <p class="fr-error-text" id="erreur-voeux">{m}</p> })}
            {move || profile_error.get().map(|m| view! { <p class="fr-error-text" id="erreur-profil">{m}</p> })}
            <ActionForm action>
                <p class="fr-text--sm">
                    "Si aucun de vos vœux ne peut être satisfait, ces préférences servent à vous proposer une autre offre (facultatif)."
                </p>
                <div class="fr-grid-row fr-grid-row--gutters">
                    <div class="fr-col-12 fr-col-md-6">
                        <fieldset class="fr-fieldset" aria-labelledby="legende-metiers">
                            <legend class="fr-fieldset__legend fr-text--regular" id="legende-metiers">"Métiers qui m'intéressent"</legend>
                            {checkboxes("jobs", view.jobs.clone())}
                        </fieldset>
                    </div>
                    <div class="fr-col-12 fr-col-md-6">
                        <fieldset class="fr-fieldset" aria-labelledby="legende-administrations">
                            <legend class="fr-fieldset__legend fr-text--regular" id="legende-administrations">"Administrations qui m'intéressent"</legend>
                            {checkboxes("administrations", view.administrations.clone())}
                        </fieldset>
                    </div>
                </div>
                <div class="fr-input-group" class:fr-input-group--error=move || motivation_error.with(Option::is_some)>
                    <label class="fr-label" for="champ-motivation">
                        "Motivation"
                        <span class="fr-hint-text">{format!("Obligatoire pour envoyer la candidature. Quelques lignes : ce que vous attendez de cette journée ({MOTIVATION_MAX_CHARS} caractères au plus).")}</span>
                    </label>
                    <textarea class="fr-input" id="champ-motivation" name="motivation" rows="6"
                        maxlength=MOTIVATION_MAX_CHARS.to_string() readonly=!editable
                        aria-describedby="champ-motivation-message">{move || motivation.get()}</textarea>
                    <p id="champ-motivation-message" class="fr-error-text" class:fr-hidden=move || motivation_error.with(Option::is_none)>
                        {move || motivation_error.get()}
                    </p>
                </div>
                <div class="fr-checkbox-group fr-mb-3w" class:fr-checkbox-group--error=move || consent_error.with(Option::is_some)>
                    <input type="checkbox" id="champ-consent" name="consent" checked=view.consent disabled=!editable
                        aria-describedby="champ-consent-message" />
                    <label class="fr-label" for="champ-consent">
                        "J'accepte que mon profil et ma motivation soient transmis à l'administration qui m'accueillera si un binôme m'est proposé."
                    </label>
                    <div class="fr-messages-group" id="champ-consent-message" aria-live="polite">
                        {move || consent_error.get().map(|m| view! { <p class="fr-message fr-message--error">{m}</p> })}
                    </div>
                </div>
                {editable.then(|| view! {
                    <ul class="fr-btns-group fr-btns-group--inline-md">
                        <li>
                            <button class="fr-btn" type="submit" name="intent" value="envoyer">
                                {if sent { "Enregistrer les modifications" } else { "Envoyer ma candidature" }}
                            </button>
                        </li>
                        {(!sent).then(|| view! {
                            <li>
                                <button class="fr-btn fr-btn--secondary" type="submit" name="intent" value="brouillon">
                                    "Enregistrer le brouillon"
                                </button>
                            </li>
                        })}
                    </ul>
                })}
            </ActionForm>
            {(editable && sent).then(|| view! {
                <FormAlert feedback=withdraw_feedback />
                <ActionForm action=withdraw>
                    <button class="fr-btn fr-btn--tertiary" type="submit">"Retirer ma candidature"</button>
                </ActionForm>
            })}
        </section>
    }
}
