//! An announced pair as its student or its ambassador sees it, with what each can do:
//! confirm or decline it, then (from the immersion day) mark attendance and give
//! feedback. Every control is a form.

use crate::api::pairs::*;
use crate::components::focus::FocusReturn;
use crate::components::form::{Feedback, FormAlert, TextArea};
use crate::domain::catalogue::ProgrammeItem;
use crate::domain::date::long_fr;
use crate::domain::pair::*;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The actions of a pair; any of them done, the page reads its pairs again.
#[derive(Clone, Copy)]
pub struct PairActions {
    pub confirm: ServerAction<ConfirmPair>,
    pub decline: ServerAction<DeclinePair>,
    pub attendance: ServerAction<MarkPairAttendance>,
    pub feedback: ServerAction<GivePairFeedback>,
    /// Where the focus goes once the pair is drawn again: the pair's state after a
    /// confirmation (its button is gone), the button pressed after an attendance.
    focus: FocusReturn,
}

impl PairActions {
    pub fn new() -> Self {
        let actions = PairActions {
            confirm: ServerAction::new(),
            decline: ServerAction::new(),
            attendance: ServerAction::new(),
            feedback: ServerAction::new(),
            focus: FocusReturn::default(),
        };
        actions
            .focus
            .after(actions.confirm, |confirmed: &ConfirmPair| {
                state_id(confirmed.pair_id)
            });
        actions
            .focus
            .after(actions.attendance, |marked: &MarkPairAttendance| {
                attendance_id(marked.pair_id, &marked.attendance)
            });
        actions
    }

    pub fn version(self) -> usize {
        self.confirm.version().get()
            + self.decline.version().get()
            + self.attendance.version().get()
            + self.feedback.version().get()
    }
}

impl Default for PairActions {
    fn default() -> Self {
        Self::new()
    }
}

fn state_id(pair_id: i64) -> String {
    format!("etat-binome-{pair_id}")
}

fn attendance_id(pair_id: i64, attendance: &str) -> String {
    format!("presence-binome-{pair_id}-{attendance}")
}

/// The notice a redirect after a pair's action asks for (`?binome=…`).
pub fn pair_notice(value: &str) -> Option<&'static str> {
    Some(match value {
        "confirme" => {
            "Votre confirmation est enregistrée : l'autre côté en est informé sur son espace."
        }
        "decline" => {
            "Le binôme est annulé ; l'autre côté en est informé par courriel avec votre raison."
        }
        "presence" => "La présence est enregistrée.",
        "avis" => "Merci pour votre avis : l'équipe du programme le lira.",
        _ => return None,
    })
}

fn programme(items: Vec<ProgrammeItem>) -> impl IntoView {
    view! {
        <ol class="vmj-programme">
            {items.into_iter().map(|item| view! {
                <li><strong>{item.starts_at.replace(':', " h ")}</strong> " – " {item.title}</li>
            }).collect_view()}
        </ol>
    }
}

#[component]
pub fn PairCard(pair: PairView, side: PairSide, actions: PairActions) -> impl IntoView {
    let id = pair.pair_id.to_string();
    let state = state_id(pair.pair_id);
    actions.focus.claim(state.clone(), state.clone());
    let confirmed = match side {
        PairSide::Student => pair.student_confirmed,
        _ => pair.ambassador_confirmed,
    };
    let about = match side {
        PairSide::Student => view! {
            <p>
                {format!("Avec {} ({})", pair.ambassador_name, pair.ambassador_email)}
                {pair.ambassador_phone.clone().filter(|p| !p.is_empty()).map(|p| format!(", {p}"))}
            </p>
            <p>{format!("« {} », {}, {} — le {}.", pair.offer_title, pair.address, pair.place, long_fr(&pair.immersion_on))}</p>
            <h3 class="fr-h6">"Programme de la journée"</h3>
            {programme(pair.programme.clone())}
        }
        .into_any(),
        _ => view! {
            <p><strong>{pair.student_name.clone()}</strong> {format!(" · {}", pair.student_email)}</p>
            <p>
                {[
                    pair.student_level.map(|l| format!("Bac+{l}")),
                    pair.student_school.clone(),
                    pair.student_curriculum.clone(),
                ].into_iter().flatten().collect::<Vec<_>>().join(" · ")}
            </p>
            {(!pair.motivation.is_empty()).then(|| view! {
                <blockquote class="fr-text--sm">{pair.motivation.clone()}</blockquote>
            })}
            <p class="fr-text--sm">{format!("Pour « {} », le {}.", pair.offer_title, long_fr(&pair.immersion_on))}</p>
        }
        .into_any(),
    };
    // Each button names the pair it acts on, for a screen reader listing the buttons.
    let with_whom = format!(
        " avec {}",
        match side {
            PairSide::Student => &pair.ambassador_name,
            _ => &pair.student_name,
        }
    );
    let before_the_day = (!pair.day_has_come).then(|| {
        let with_whom = with_whom.clone();
        let decline_feedback = Feedback::of(actions.decline);
        let id = id.clone();
        let reason_id = format!("raison-{id}");
        view! {
            <FormAlert feedback=Feedback::of(actions.confirm) />
            {(!confirmed).then(|| {
                let id = id.clone();
                let with_whom = with_whom.clone();
                view! {
                    <ActionForm action=actions.confirm>
                        <input type="hidden" name="pair_id" value=id />
                        <button class="fr-btn fr-mb-2w" type="submit">"Confirmer le binôme"<span class="fr-sr-only">{with_whom}</span></button>
                    </ActionForm>
                }
            })}
            <details class="fr-mb-2w">
                <summary>"Je ne peux pas : annuler le binôme"</summary>
                <FormAlert feedback=decline_feedback />
                <ActionForm action=actions.decline>
                    <input type="hidden" name="pair_id" value=id />
                    <TextArea label="Raison" name="reason" rows=3 maxlength=DECLINE_REASON_MAX_CHARS id=reason_id
                        hint="L'autre côté et l'équipe du programme la liront."
                        value=decline_feedback.value("reason", String::new()) error=decline_feedback.error("reason") />
                    <button class="fr-btn fr-btn--secondary" type="submit">"Annuler le binôme"<span class="fr-sr-only">{with_whom}</span></button>
                </ActionForm>
            </details>
        }
    });
    let from_the_day = pair.day_has_come.then(|| {
        let attendance = (side == PairSide::Ambassador).then(|| {
            let with_whom = with_whom.clone();
            let state = match pair.attended {
                Some(true) => "présent",
                Some(false) => "absent",
                None => "à indiquer",
            };
            let id = id.clone();
            view! {
                <p>"Présence de l'étudiant : " <strong class="vmj-presence">{state}</strong></p>
                <FormAlert feedback=Feedback::of(actions.attendance) />
                <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
                    {["present", "absent"].map(|value| {
                        let id = id.clone();
                        let button_id = attendance_id(pair.pair_id, value);
                        actions.focus.claim(button_id.clone(), button_id.clone());
                        let of_whom = format!(" : {}", with_whom.trim_start_matches(" avec "));
                        view! {
                            <li>
                                <ActionForm action=actions.attendance>
                                    <input type="hidden" name="pair_id" value=id />
                                    <input type="hidden" name="attendance" value=value />
                                    <button class="fr-btn fr-btn--secondary" type="submit" id=button_id>
                                        {if value == "present" { "Présent" } else { "Absent" }}
                                        <span class="fr-sr-only">{of_whom}</span>
                                    </button>
                                </ActionForm>
                            </li>
                        }
                    }).into_iter().collect_view()}
                </ul>
            }
        });
        let feedback = Feedback::of(actions.feedback);
        let (rating, comment) = pair
            .my_feedback
            .clone()
            .map_or((String::new(), String::new()), |(r, c)| (r.to_string(), c));
        let rating = feedback.value("rating", rating);
        let id = id.clone();
        let rating_id = format!("note-{id}");
        let comment_id = format!("commentaire-{id}");
        view! {
            {attendance}
            <h3 class="fr-h6">"Mon avis sur la journée"</h3>
            <FormAlert feedback />
            <ActionForm action=actions.feedback>
                <input type="hidden" name="pair_id" value=id />
                <div class="fr-select-group">
                    <label class="fr-label" for=rating_id.clone()>"Note (1 à 5)"</label>
                    <select class="fr-select" id=rating_id name="rating" required=true>
                        <option value="" selected=move || rating.with(String::is_empty)>"Choisir une note"</option>
                        {(1..=5).map(|n: i64| {
                            let value = n.to_string();
                            let selected = {
                                let value = value.clone();
                                move || rating.with(|r| *r == value)
                            };
                            view! { <option value=value selected=selected>{n}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <TextArea label="Commentaire (facultatif)" name="comment" rows=4 maxlength=FEEDBACK_MAX_CHARS required=false id=comment_id
                    value=feedback.value("comment", comment) error=feedback.error("comment") />
                <button class="fr-btn" type="submit">"Envoyer mon avis"<span class="fr-sr-only">{with_whom}</span></button>
            </ActionForm>
        }
    });
    view! {
        <article class="fr-callout fr-mb-3w vmj-pair">
            {about}
            <p class="fr-text--sm vmj-pair__state" id=state.clone() tabindex="-1">{pair.confirmation(side)}</p>
            {before_the_day}
            {from_the_day}
        </article>
    }
}

/// What students and ambassadors said of their day.
#[component]
pub fn FeedbackList(feedback: Vec<FeedbackLine>) -> impl IntoView {
    (!feedback.is_empty()).then(|| view! {
        <section class="fr-mb-4w" aria-labelledby="titre-avis">
            <h2 id="titre-avis" class="fr-h4">"Avis sur les journées"</h2>
            <ul id="avis">
                {feedback.into_iter().map(|f| view! {
                    <li class="fr-mb-1w">
                        {format!("{} ({}), « {} » : {}/5", f.author, if f.side == PairSide::Student { "étudiant" } else { "ambassadeur" }, f.offer_title, f.rating)}
                        {(!f.comment.is_empty()).then(|| format!(" — {}", f.comment))}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    })
}
