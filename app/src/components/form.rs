//! DSFR form pieces that show each field's error beside it and keep what was typed,
//! whether the form went through JavaScript or a plain post and redirect.

use crate::api::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

/// The error of a failed plain form post (no JavaScript), kept in the session for the
/// page the browser goes back to (see `api::context::respond`) instead of riding in the
/// URL: it carries what was typed, which has no place in history, logs or `Referer`s.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingFormError {
    /// The page the post came from and goes back to.
    pub page: String,
    /// The server function's path (`/api/sign_up`).
    pub function: String,
    /// The error, encoded as Leptos encodes it in a URL.
    pub error: String,
}

/// The element that hands the pending form error from the server's rendering to the
/// browser's hydration.
pub const PENDING_FORM_ERROR_ID: &str = "erreur-formulaire";

/// Gives the pending form error, if any, to the page's actions (as Leptos would from the
/// URL) and returns it, for the app to render its [`PENDING_FORM_ERROR_ID`] element.
/// Called by the app before its router: the context is then seen by every page.
pub fn provide_pending_form_error() -> Option<PendingFormError> {
    #[cfg(feature = "ssr")]
    let pending = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PendingFormError>().cloned());
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    let pending = document()
        .get_element_by_id(PENDING_FORM_ERROR_ID)
        .and_then(|element| {
            Some(PendingFormError {
                page: String::new(),
                function: element.get_attribute("data-fonction")?,
                error: element.get_attribute("data-erreur")?,
            })
        });
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    let pending: Option<PendingFormError> = None;
    if let Some(pending) = &pending {
        provide_context(leptos::server::ServerActionError::new(
            &pending.function,
            &pending.error,
        ));
    }
    pending
}

/// The last error of a server action: from the action itself, or (without JavaScript)
/// from the redirect that followed the post.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// Field-level view of an action's error.
#[derive(Clone, Copy)]
pub struct Feedback(pub Signal<Option<AppError>>);

impl Feedback {
    pub fn of<S>(action: ServerAction<S>) -> Self
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Clone + Send + Sync + 'static,
    {
        Feedback(action_error(action))
    }

    pub fn error(self, field: &'static str) -> Signal<Option<String>> {
        let error = self.0;
        Signal::derive(move || error.with(|e| e.as_ref().and_then(|e| e.field(field))))
    }

    /// What was typed in `field` if the form came back, else `saved`.
    pub fn value(self, field: &'static str, saved: String) -> Signal<String> {
        let error = self.0;
        Signal::derive(move || {
            error
                .with(|e| e.as_ref().and_then(|e| e.value(field)))
                .unwrap_or_else(|| saved.clone())
        })
    }
}

/// The form-level message: the summary of rejected fields, or the refusal.
#[component]
pub fn FormAlert(feedback: Feedback) -> impl IntoView {
    move || {
        feedback.0.get().map(|error| {
            let sign_in = matches!(error, AppError::Unauthenticated).then(|| {
                view! { <p><a class="fr-link" href="/connexion">"Se connecter"</a></p> }
            });
            // After a plain post (no JavaScript) the page comes back with this alert: the
            // browser focuses it on load, so a keyboard user goes on from the message.
            // Shown by a script later, the attribute does nothing: focus stays on the form.
            view! {
                <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert" tabindex="-1" autofocus=true>
                    <p>{error.to_string()}</p>
                    {sign_in}
                </div>
            }
        })
    }
}

/// A labelled text input with its hint and error message.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] list: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(default = true)] required: bool,
    /// The keyboard a phone shows (`numeric` for a code).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// The element's id when two forms of a page have this field.
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let id = id.map_or_else(|| format!("champ-{name}"), str::to_string);
    let message_id = format!("{id}-message");
    let has_error = move || error.with(Option::is_some);
    view! {
        <div class="fr-input-group" class:fr-input-group--error=has_error>
            <label class="fr-label" for=id.clone()>
                {label}
                {hint.map(|hint| view! { <span class="fr-hint-text">{hint}</span> })}
            </label>
            <input
                class="fr-input"
                class:fr-input--error=has_error
                id=id
                name=name
                type=kind
                value=move || value.get()
                autocomplete=autocomplete
                list=list
                maxlength=maxlength
                inputmode=inputmode
                required=required
                aria-describedby=message_id.clone()
                aria-invalid=move || has_error().then_some("true")
            />
            <p id=message_id class="fr-error-text" class:fr-hidden=move || !has_error()>
                {move || error.get()}
            </p>
        </div>
    }
}

/// A labelled multi-line text with its hint and error message.
#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into, optional)] hint: Option<String>,
    #[prop(default = 6)] rows: u32,
    maxlength: usize,
    #[prop(default = true)] required: bool,
    /// The element's id when several forms of a page have this field (one per pair).
    #[prop(optional)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| format!("champ-{name}"));
    let message_id = format!("{id}-message");
    let has_error = move || error.with(Option::is_some);
    view! {
        <div class="fr-input-group" class:fr-input-group--error=has_error>
            <label class="fr-label" for=id.clone()>
                {label}
                {hint.map(|hint| view! { <span class="fr-hint-text">{hint}</span> })}
            </label>
            <textarea class="fr-input" class:fr-input--error=has_error id=id name=name rows=rows.to_string()
                maxlength=maxlength.to_string() required=required aria-describedby=message_id.clone()
                aria-invalid=move || has_error().then_some("true")>
                {move || value.get()}
            </textarea>
            <p id=message_id class="fr-error-text" class:fr-hidden=move || !has_error()>
                {move || error.get()}
            </p>
        </div>
    }
}

/// A labelled drop-down of choices (jobs, administrations…), with its error message.
#[component]
pub fn ChoiceSelect(
    label: &'static str,
    name: &'static str,
    /// The first, empty choice: "Choisir une administration".
    placeholder: &'static str,
    choices: Vec<crate::domain::catalogue::FilterOption>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let id = format!("champ-{name}");
    let message_id = format!("{id}-message");
    let has_error = move || error.with(Option::is_some);
    view! {
        <div class="fr-select-group" class:fr-select-group--error=has_error>
            <label class="fr-label" for=id.clone()>{label}</label>
            <select class="fr-select" class:fr-select--error=has_error id=id name=name required=true
                aria-describedby=message_id.clone() aria-invalid=move || has_error().then_some("true")>
                <option value="" selected=move || value.with(String::is_empty)>{placeholder}</option>
                <ChoiceOptions choices selected=value />
            </select>
            <p id=message_id class="fr-error-text" class:fr-hidden=move || !has_error()>
                {move || error.get()}
            </p>
        </div>
    }
}

/// The box to tick before an action that cannot be undone (RGAA 11.12), posted as
/// `confirm` only when ticked: the server refuses the form without it, script or not.
#[component]
pub fn ConfirmBox(
    id: String,
    label: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let message_id = format!("{id}-message");
    let has_error = move || error.with(Option::is_some);
    view! {
        <div class="fr-checkbox-group fr-mb-2w" class:fr-checkbox-group--error=has_error>
            <input type="checkbox" id=id.clone() name=crate::domain::form::CONFIRM_FIELD required=true
                aria-describedby=message_id.clone() />
            <label class="fr-label" for=id>{label}</label>
            <div class="fr-messages-group" id=message_id aria-live="polite">
                {move || error.get().map(|message| view! { <p class="fr-message fr-message--error">{message}</p> })}
            </div>
        </div>
    }
}

/// The `<option>`s of a drop-down: those of one ministry under its `<optgroup>`, each
/// marked with its language when it is not French; `selected` holds the chosen value.
#[component]
pub fn ChoiceOptions(
    choices: Vec<crate::domain::catalogue::FilterOption>,
    #[prop(into)] selected: Signal<String>,
) -> impl IntoView {
    use crate::domain::catalogue::FilterOption;
    use leptos::either::Either;
    FilterOption::grouped(choices)
        .into_iter()
        .map(|(group, members)| {
            let options = members
                .into_iter()
                .map(|choice| {
                    let lang = crate::domain::text::language_of(&choice.label);
                    let value = choice.value.clone();
                    let is_selected = move || selected.with(|chosen| *chosen == value);
                    view! { <option value=choice.value selected=is_selected lang=lang>{choice.label}</option> }
                })
                .collect_view();
            match group {
                Some(label) => Either::Left(view! { <optgroup label=label>{options}</optgroup> }),
                None => Either::Right(options),
            }
        })
        .collect_view()
}

/// The study levels' checkboxes (`level_2` … `level_5`), with the error of `levels`;
/// `saved` holds each box's saved value ("on" when ticked), Bac+2 first.
#[component]
pub fn LevelChoice(feedback: Feedback, legend: &'static str, saved: [String; 4]) -> impl IntoView {
    use crate::domain::level::{level_field, LEVELS};
    let error = feedback.error("levels");
    let boxes = LEVELS
        .into_iter()
        .zip(saved)
        .map(|(level, saved)| {
            let field = level_field(level);
            let value = feedback.value(field, saved);
            let id = format!("champ-{field}");
            view! {
                <div class="fr-fieldset__element fr-fieldset__element--inline">
                    <div class="fr-checkbox-group">
                        <input type="checkbox" id=id.clone() name=field checked=move || !value.with(String::is_empty)
                            aria-describedby="champ-levels-message" />
                        <label class="fr-label" for=id>{format!("Bac+{level}")}</label>
                    </div>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="fr-fieldset" class:fr-fieldset--error=move || error.with(Option::is_some)
            aria-labelledby="legende-niveaux champ-levels-message">
            <legend class="fr-fieldset__legend fr-text--regular" id="legende-niveaux">{legend}</legend>
            {boxes}
            <div class="fr-messages-group" id="champ-levels-message" aria-live="polite">
                {move || error.get().map(|m| view! { <p class="fr-message fr-message--error">{m}</p> })}
            </div>
        </fieldset>
    }
}

/// A success notice (after a redirect that carries `?…=…` in the address).
#[component]
pub fn Notice(message: String) -> impl IntoView {
    view! {
        // Focused on load after a plain post, as the form's error (see `FormAlert`).
        <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status" tabindex="-1" autofocus=true>
            <p>{message}</p>
        </div>
    }
}

/// Commune suggestions for a text field, fetched as the user types (two letters or more).
/// Created with its page, never inside a Suspense that may render twice on the server:
/// that would shift the resources' ids and break hydration.
#[derive(Clone, Copy)]
pub struct CommuneSuggestions {
    pub typed: WriteSignal<String>,
    places: Resource<Vec<crate::domain::catalogue::PlaceRef>>,
}

impl CommuneSuggestions {
    pub fn new() -> Self {
        let (typed, set_typed) = signal(String::new());
        let places = Resource::new(
            move || typed.get(),
            |prefix| async move {
                if prefix.chars().count() < 2 {
                    Vec::new()
                } else {
                    crate::api::catalogue::suggest_places(prefix)
                        .await
                        .unwrap_or_default()
                }
            },
        );
        Self {
            typed: set_typed,
            places,
        }
    }
}

impl Default for CommuneSuggestions {
    fn default() -> Self {
        Self::new()
    }
}

/// The `<datalist>` of the suggestions.
#[component]
pub fn CommuneDatalist(id: &'static str, suggestions: CommuneSuggestions) -> impl IntoView {
    view! {
        <datalist id=id>
            {move || {
                suggestions
                    .places
                    .get()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|place| view! { <option value=place.label()></option> })
                    .collect_view()
            }}
        </datalist>
    }
}
