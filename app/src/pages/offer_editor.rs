//! `/ambassadeur/offres/nouvelle` and `/ambassadeur/offres/{id}`: the ambassador writes
//! their hosting offer, its programme step by step, and submits it for validation.
//! Every control is a form, so the editor works the same without JavaScript.

use crate::api::ambassador::*;
use crate::components::focus::FocusReturn;
use crate::components::form::{
    ChoiceSelect, CommuneDatalist, CommuneSuggestions, Feedback, Field, FormAlert, LevelChoice,
    Notice, TextArea,
};
use crate::components::status::Loading;
use crate::domain::offer::*;
use crate::pages::detail_or_not_found;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

lazy_page!(OfferEditorRoute, OfferEditorPage);

/// The programme's heading, where the focus goes after a step is removed.
const PROGRAMME_HEADING: &str = "titre-programme";
/// The first field of the form that adds a step, where the focus goes after one is added.
const NEW_STEP_FIRST_FIELD: &str = "etape-starts_at";

/// Every action of the editor; any of them done, the page reads the offer again.
#[derive(Clone, Copy)]
struct EditorActions {
    save: ServerAction<SaveOffer>,
    submit: ServerAction<SubmitOffer>,
    withdraw: ServerAction<WithdrawOffer>,
    reopen: ServerAction<ReopenOffer>,
    add_item: ServerAction<AddProgrammeItem>,
    change_item: ServerAction<ChangeProgrammeItem>,
    /// Where the focus goes once the programme is drawn again.
    focus: FocusReturn,
}

impl EditorActions {
    fn version(self) -> usize {
        self.save.version().get()
            + self.submit.version().get()
            + self.withdraw.version().get()
            + self.reopen.version().get()
            + self.add_item.version().get()
            + self.change_item.version().get()
    }
}

#[component]
pub fn OfferEditorPage() -> impl IntoView {
    let params = use_params_map();
    // No id (or not a number): the new offer's page.
    let offer_id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    });
    let actions = EditorActions {
        save: ServerAction::new(),
        submit: ServerAction::new(),
        withdraw: ServerAction::new(),
        reopen: ServerAction::new(),
        add_item: ServerAction::new(),
        change_item: ServerAction::new(),
        focus: FocusReturn::default(),
    };
    // A moved step keeps the focus on its button of the same direction, a removal sends
    // it to the programme's heading, and an added step to the new step's first field.
    actions
        .focus
        .after(actions.change_item, |changed: &ChangeProgrammeItem| {
            if changed.change == "retirer" {
                PROGRAMME_HEADING.to_string()
            } else {
                format!("programme-{}-{}", changed.item_id, changed.change)
            }
        });
    actions
        .focus
        .after(actions.add_item, |_| NEW_STEP_FIRST_FIELD.to_string());
    let editor = Resource::new(
        move || (offer_id.get(), actions.version()),
        |(id, _)| async move { get_offer_editor(id).await.map(Some) },
    );
    let suggestions = CommuneSuggestions::new();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let editor = match editor.await {
                    Err(crate::api::AppError::NotFound) => Ok(None),
                    other => other,
                };
                detail_or_not_found(editor, |editor| view! { <Editor editor actions suggestions /> })
            })}
        </Suspense>
    }
}

/// The notice a redirect after an action asks for (`?offre=…`, `?programme=…`). Read
/// reactively: the offer may be read again before the redirect has changed the address.
fn redirect_notice(query: Memo<ParamsMap>) -> Option<String> {
    let query = query.read();
    let offer = query.get("offre").and_then(|value| match value.as_str() {
        "enregistree" => Some("Votre offre est enregistrée."),
        "renvoyee" => Some("Vos changements sont enregistrés. Ils touchent au métier, au lieu, aux niveaux ou aux places : l'offre repart en validation et n'est plus visible des étudiants d'ici là."),
        "soumise" => Some("Votre offre est soumise à validation : vous recevrez un courriel dès que l'équipe du programme l'aura examinée."),
        "retiree" => Some("Votre offre est retirée : les étudiants ne la voient plus."),
        "rouverte" => Some("Votre offre est de nouveau un brouillon : modifiez-la puis soumettez-la."),
        _ => None,
    });
    let programme = query
        .get("programme")
        .and_then(|value| match value.as_str() {
            "ajoutee" => Some("L'étape est ajoutée au programme."),
            "modifie" => Some("Le programme est modifié."),
            _ => None,
        });
    offer.or(programme).map(str::to_string)
}

#[component]
fn Editor(
    editor: OfferEditorView,
    actions: EditorActions,
    suggestions: CommuneSuggestions,
) -> impl IntoView {
    let title = if editor.offer.is_some() {
        "Mon offre d'accueil"
    } else {
        "Proposer une offre d'accueil"
    };
    let query = use_query_map();
    let profile_warning = (!editor.profile_complete).then(|| {
        view! {
            <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w">
                <p>
                    "Votre profil n'est pas complet : l'étudiant lira votre fonction, votre administration et votre présentation avec l'offre. "
                    <a class="fr-link" href="/ambassadeur/profil">"Compléter mon profil"</a>
                </p>
            </div>
        }
    });
    let body = match (editor.existing_offer_id, editor.offer.clone()) {
        (Some(existing), _) => view! {
            <div class="fr-alert fr-alert--info fr-alert--sm">
                <p>
                    "Vous avez déjà une offre dans l'édition en cours (une par ambassadeur) : "
                    <a class="fr-link" href=format!("/ambassadeur/offres/{existing}")>"modifier mon offre"</a>
                </p>
            </div>
        }
        .into_any(),
        (None, offer) => view! {
            {offer.clone().map(|offer| view! { <OfferState offer /> })}
            <OfferFields editor=editor.clone() action=actions.save suggestions />
            {offer.map(|offer| view! {
                <Programme offer=offer.clone() actions />
                <OfferActions offer actions />
            })}
        }
        .into_any(),
    };
    view! {
        <Title text=title />
        <div class="fr-container fr-my-6w">
            <div class="fr-grid-row fr-grid-row--center">
                <div class="fr-col-12 fr-col-md-10 fr-col-lg-8">
                    <h1>{title}</h1>
                    {move || redirect_notice(query).map(|message| view! { <Notice message /> })}
                    {profile_warning}
                    {body}
                    <p class="fr-mt-4w"><a class="fr-link" href="/ambassadeur">"Retour à mon espace"</a></p>
                </div>
            </div>
        </div>
    }
}

/// Where the offer stands, and the organisers' reason when they refused it.
#[component]
fn OfferState(offer: OwnOffer) -> impl IntoView {
    let explanation = match offer.status {
        OfferStatus::Draft => {
            "Les étudiants ne la voient pas encore : complétez-la, puis soumettez-la à validation."
        }
        OfferStatus::Submitted => {
            "L'équipe du programme l'examine ; vous recevrez un courriel dès sa décision."
        }
        OfferStatus::Published => "Les étudiants la voient dans le catalogue.",
        OfferStatus::Refused => {
            "Corrigez-la selon la raison ci-dessous, puis soumettez-la de nouveau."
        }
        OfferStatus::Withdrawn => {
            "Les étudiants ne la voient plus. Remettez-la en brouillon pour la modifier."
        }
    };
    let public_link = (offer.status == OfferStatus::Published).then(|| {
        view! { " " <a class="fr-link" href=format!("/offres/{}", offer.id)>"Voir l'offre publiée"</a> }
    });
    view! {
        <section class="fr-mb-4w" aria-labelledby="titre-etat">
            <h2 id="titre-etat" class="fr-h5">
                "État de l'offre : " <span class=offer.status.badge_class()>{offer.status.label()}</span>
            </h2>
            <p>{offer.edition_name.clone()} " · " {explanation} {public_link}</p>
            {offer.rejection_reason.clone().filter(|_| offer.status == OfferStatus::Refused).map(|reason| view! {
                <div class="fr-alert fr-alert--error fr-alert--sm" id="raison-refus">
                    <h3 class="fr-alert__title">"Raison du refus"</h3>
                    <p class="vmj-pre-line">{reason}</p>
                </div>
            })}
        </section>
    }
}

/// The offer's own fields.
#[component]
fn OfferFields(
    editor: OfferEditorView,
    action: ServerAction<SaveOffer>,
    suggestions: CommuneSuggestions,
) -> impl IntoView {
    let feedback = Feedback::of(action);
    let (offer_id, saved, seats_taken, withdrawn) = match &editor.offer {
        Some(offer) => (
            Some(offer.id),
            offer.form.clone(),
            offer.seats_taken,
            offer.status == OfferStatus::Withdrawn,
        ),
        None => (
            None,
            OfferForm {
                administration: editor.profile_administration.clone().unwrap_or_default(),
                capacity: "1".into(),
                ..OfferForm::default()
            },
            0,
            false,
        ),
    };
    let ticked = move |field: &'static str, saved: &str| {
        let value = feedback.value(field, saved.to_string());
        move || !value.with(String::is_empty)
    };
    let capacity = feedback.value("capacity", saved.capacity.clone());
    let capacity_error = feedback.error("capacity");
    let id_check = ticked("id_check_required", &saved.id_check_required);
    let step_free = ticked("step_free_access", &saved.step_free_access);
    let button = if offer_id.is_some() {
        "Enregistrer les modifications"
    } else {
        "Enregistrer le brouillon"
    };
    view! {
        <section class="fr-mb-4w" aria-labelledby="titre-offre">
            <h2 id="titre-offre" class="fr-h4">"L'offre"</h2>
            <p class="fr-text--sm">"Tous les champs sont obligatoires, sauf mention contraire."</p>
            <FormAlert feedback />
            <ActionForm action>
                {offer_id.map(|id| view! { <input type="hidden" name="offer_id" value=id.to_string() /> })}
                <fieldset class="vmj-plain-fieldset" disabled=withdrawn>
                    <ChoiceSelect label="Métier" name="job" placeholder="Choisir un métier" choices=editor.jobs
                        value=feedback.value("job", saved.job.clone()) error=feedback.error("job") />
                    <ChoiceSelect label="Administration qui accueille" name="administration" placeholder="Choisir une administration"
                        choices=editor.administrations value=feedback.value("administration", saved.administration.clone())
                        error=feedback.error("administration") />
                    <Field label="Intitulé" name="title" maxlength=120
                        hint="Ce que l'étudiant lira d'abord, par exemple « Une journée avec l'équipe sécurité du ministère »."
                        value=feedback.value("title", saved.title.clone()) error=feedback.error("title") />
                    <div on:input=move |ev| suggestions.typed.set(event_target_value(&ev))>
                        <Field label="Commune du lieu d'accueil" name="commune" list="communes-offre" maxlength=100
                            hint="Tapez son nom, par exemple « Rennes » ou « Saint-Denis (93) »."
                            value=feedback.value("commune", saved.commune.clone()) error=feedback.error("commune") />
                    </div>
                    <CommuneDatalist id="communes-offre" suggestions />
                    <Field label="Adresse" name="address" maxlength=200 autocomplete="street-address"
                        hint="Numéro, voie et, si besoin, bâtiment : l'étudiant s'y rendra le jour de l'immersion."
                        value=feedback.value("address", saved.address.clone()) error=feedback.error("address") />
                    <div class="fr-select-group" class:fr-select-group--error=move || capacity_error.with(Option::is_some)>
                        <label class="fr-label" for="champ-capacity">
                            "Nombre d'étudiants accueillis"
                            {(seats_taken > 0).then(|| view! {
                                <span class="fr-hint-text">{format!("Déjà confiés : {seats_taken}.")}</span>
                            })}
                        </label>
                        <select class="fr-select" id="champ-capacity" name="capacity" required=true aria-describedby="champ-capacity-message">
                            {(1..=CAPACITY_MAX).map(|n| {
                                let value = n.to_string();
                                let selected = {
                                    let value = value.clone();
                                    move || capacity.with(|c| *c == value)
                                };
                                view! { <option value=value selected=selected>{n}</option> }
                            }).collect_view()}
                        </select>
                        <p id="champ-capacity-message" class="fr-error-text" class:fr-hidden=move || capacity_error.with(Option::is_none)>
                            {move || capacity_error.get()}
                        </p>
                    </div>
                    <LevelChoice feedback legend="Niveaux d'études acceptés"
                        saved=[saved.level_2.clone(), saved.level_3.clone(), saved.level_4.clone(), saved.level_5.clone()] />
                    <fieldset class="fr-fieldset" aria-labelledby="legende-acces">
                        <legend class="fr-fieldset__legend fr-text--regular" id="legende-acces">
                            "Conditions d'accès (facultatif)"
                            <span class="fr-hint-text">"Seul ce que vous cochez ou écrivez est indiqué aux étudiants."</span>
                        </legend>
                        <div class="fr-fieldset__element">
                            <div class="fr-checkbox-group">
                                <input type="checkbox" id="champ-id_check_required" name="id_check_required" checked=id_check />
                                <label class="fr-label" for="champ-id_check_required">"Pièce d'identité demandée à l'entrée"</label>
                            </div>
                        </div>
                        <div class="fr-fieldset__element">
                            <div class="fr-checkbox-group">
                                <input type="checkbox" id="champ-step_free_access" name="step_free_access" checked=step_free />
                                <label class="fr-label" for="champ-step_free_access">"Locaux accessibles de plain-pied ou par ascenseur"</label>
                            </div>
                        </div>
                        <div class="fr-fieldset__element">
                            <Field label="Autre condition (facultatif)" name="access_notes" maxlength=300 required=false
                                hint="Par exemple : badge remis à l'accueil, tenue correcte demandée."
                                value=feedback.value("access_notes", saved.access_notes.clone()) error=feedback.error("access_notes") />
                        </div>
                    </fieldset>
                    <TextArea label="Description" name="description" maxlength=DESCRIPTION_MAX_CHARS rows=8
                        hint=format!("Ce que l'étudiant découvrira : votre métier, vos projets, ce qu'il fera ({DESCRIPTION_MAX_CHARS} caractères au plus).")
                        value=feedback.value("description", saved.description.clone()) error=feedback.error("description") />
                    <TextArea label="L'équipe (facultatif)" name="team" maxlength=500 rows=3 required=false
                        hint="Qui l'étudiant rencontrera."
                        value=feedback.value("team", saved.team.clone()) error=feedback.error("team") />
                    <button class="fr-btn" type="submit">{button}</button>
                </fieldset>
            </ActionForm>
        </section>
    }
}

/// The day's programme: steps in order, each movable and removable, and a form to add
/// one at the end.
#[component]
fn Programme(offer: OwnOffer, actions: EditorActions) -> impl IntoView {
    let editable = offer.status != OfferStatus::Withdrawn;
    let change = actions.change_item;
    let change_feedback = Feedback::of(change);
    let count = offer.programme.len();
    let focus = actions.focus;
    focus.claim(PROGRAMME_HEADING, PROGRAMME_HEADING);
    focus.claim(NEW_STEP_FIRST_FIELD, NEW_STEP_FIRST_FIELD);
    let steps = offer
        .programme
        .into_iter()
        .enumerate()
        .map(|(index, step)| {
            let details = (!step.item.details.is_empty())
                .then(|| view! { <p class="fr-text--sm fr-mb-1w">{step.item.details.clone()}</p> });
            let (item_id, item_title) = (step.id, step.item.title.clone());
            let [up, down] = ["haut", "bas"].map(|direction| format!("programme-{item_id}-{direction}"));
            let (first, last) = (index == 0, index + 1 == count);
            focus.claim(up.clone(), if first { down.clone() } else { up.clone() });
            focus.claim(down.clone(), if last { up.clone() } else { down.clone() });
            let button = |value: &'static str, label: &'static str, class: &'static str, shown: bool| {
                (editable && shown).then(|| {
                    let described = format!("{label} : {item_title}");
                    view! {
                        <li>
                            <ActionForm action=change>
                                <input type="hidden" name="item_id" value=item_id.to_string() />
                                <button class=format!("fr-btn fr-btn--sm {class}") type="submit" name="change" value=value
                                    id=format!("programme-{item_id}-{value}")
                                    title=described.clone() aria-label=described>
                                    {label}
                                </button>
                            </ActionForm>
                        </li>
                    }
                })
            };
            view! {
                <li class="fr-mb-2w">
                    <p class="fr-mb-0">
                        <strong>{step.item.starts_at.replace(':', " h ")}</strong> " – " {step.item.title.clone()}
                    </p>
                    {details}
                    <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
                        {button("haut", "Monter", "fr-btn--tertiary", !first)}
                        {button("bas", "Descendre", "fr-btn--tertiary", !last)}
                        {button("retirer", "Retirer", "fr-btn--tertiary-no-outline", true)}
                    </ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="fr-mb-4w" id="programme" aria-labelledby=PROGRAMME_HEADING>
            <h2 id=PROGRAMME_HEADING class="fr-h4" tabindex="-1">"Programme de la journée"</h2>
            <FormAlert feedback=change_feedback />
            {if count == 0 {
                view! { <p>"Aucune étape pour l'instant : ajoutez la première ci-dessous (au moins une avant de soumettre l'offre)."</p> }.into_any()
            } else {
                view! { <ol class="vmj-programme" id="etapes">{steps}</ol> }.into_any()
            }}
            {(editable && count < PROGRAMME_MAX_ITEMS).then(|| view! { <AddStep offer_id=offer.id action=actions.add_item /> })}
        </section>
    }
}

/// Adds a step; drawn anew after each step added, so its fields start empty.
#[component]
fn AddStep(offer_id: i64, action: ServerAction<AddProgrammeItem>) -> impl IntoView {
    move || {
        action.version().track();
        let feedback = Feedback::of(action);
        let field = |name: &'static str| {
            (
                feedback.value(name, String::new()),
                feedback.error(name),
                format!("etape-{name}"),
            )
        };
        let (time, time_error, time_id) = field("starts_at");
        let (title, title_error, title_id) = field("title");
        let (details, details_error, details_id) = field("details");
        let group = |error: Signal<Option<String>>| {
            move || {
                if error.with(Option::is_some) {
                    "fr-input-group fr-input-group--error"
                } else {
                    "fr-input-group"
                }
            }
        };
        view! {
            <h3 class="fr-h6">"Ajouter une étape"</h3>
            <FormAlert feedback />
            <ActionForm action>
                <input type="hidden" name="offer_id" value=offer_id.to_string() />
                <div class="fr-grid-row fr-grid-row--gutters">
                    <div class="fr-col-12 fr-col-sm-3">
                        <div class=group(time_error)>
                            <label class="fr-label" for=time_id.clone()>"Heure"<span class="fr-hint-text">"Par exemple 09:30"</span></label>
                            <input class="fr-input" type="time" id=time_id.clone() name="starts_at" required=true
                                value=move || time.get() aria-describedby=format!("{time_id}-message") />
                            <p id=format!("{time_id}-message") class="fr-error-text" class:fr-hidden=move || time_error.with(Option::is_none)>
                                {move || time_error.get()}
                            </p>
                        </div>
                    </div>
                    <div class="fr-col-12 fr-col-sm-9">
                        <div class=group(title_error)>
                            <label class="fr-label" for=title_id.clone()>"Étape"<span class="fr-hint-text">"Par exemple : réunion d'équipe"</span></label>
                            <input class="fr-input" type="text" id=title_id.clone() name="title" maxlength="100" required=true
                                value=move || title.get() aria-describedby=format!("{title_id}-message") />
                            <p id=format!("{title_id}-message") class="fr-error-text" class:fr-hidden=move || title_error.with(Option::is_none)>
                                {move || title_error.get()}
                            </p>
                        </div>
                    </div>
                </div>
                <div class=group(details_error)>
                    <label class="fr-label" for=details_id.clone()>"Détail (facultatif)"</label>
                    <input class="fr-input" type="text" id=details_id.clone() name="details" maxlength="300"
                        value=move || details.get() aria-describedby=format!("{details_id}-message") />
                    <p id=format!("{details_id}-message") class="fr-error-text" class:fr-hidden=move || details_error.with(Option::is_none)>
                        {move || details_error.get()}
                    </p>
                </div>
                <button class="fr-btn fr-btn--secondary" type="submit">"Ajouter l'étape"</button>
            </ActionForm>
        }
    }
}

/// Submit, withdraw or reopen, as the offer's state allows.
#[component]
fn OfferActions(offer: OwnOffer, actions: EditorActions) -> impl IntoView {
    let id = offer.id;
    let allowed = |action: OfferAction| offer.status.after(action).is_ok();
    let submit = allowed(OfferAction::Submit).then(|| {
        let action = actions.submit;
        view! {
            <FormAlert feedback=Feedback::of(action) />
            <ActionForm action>
                <input type="hidden" name="offer_id" value=id.to_string() />
                <button class="fr-btn" type="submit">"Soumettre à validation"</button>
            </ActionForm>
        }
    });
    let withdraw = allowed(OfferAction::Withdraw).then(|| {
        let action = actions.withdraw;
        view! {
            <FormAlert feedback=Feedback::of(action) />
            <ActionForm action>
                <input type="hidden" name="offer_id" value=id.to_string() />
                <button class="fr-btn fr-btn--tertiary" type="submit">"Retirer l'offre"</button>
            </ActionForm>
        }
    });
    let reopen = allowed(OfferAction::Reopen).then(|| {
        let action = actions.reopen;
        view! {
            <FormAlert feedback=Feedback::of(action) />
            <ActionForm action>
                <input type="hidden" name="offer_id" value=id.to_string() />
                <button class="fr-btn fr-btn--secondary" type="submit">"Remettre en brouillon"</button>
            </ActionForm>
        }
    });
    view! {
        <section class="fr-mb-4w" aria-labelledby="titre-actions">
            <h2 id="titre-actions" class="fr-h4">"Publication"</h2>
            <p class="fr-text--sm">
                "L'équipe du programme relit chaque offre avant sa publication. Une fois publiée, un changement de métier, de lieu, de niveaux ou de places la renvoie en validation ; les autres corrections sont visibles tout de suite."
            </p>
            <div class="vmj-actions">{submit}{withdraw}{reopen}</div>
        </section>
    }
}
