//! Account pages: sign-up, confirmation, sign-in, forgotten password, reset.

use crate::api::account::*;
use crate::components::form::{Feedback, Field, FormAlert, Notice};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn query(name: &'static str) -> Memo<Option<String>> {
    let params = use_query_map();
    Memo::new(move |_| params.read().get(name))
}

lazy_page!(SignUpRoute, SignUpPage);
lazy_page!(CheckInboxRoute, CheckInboxPage);
lazy_page!(VerifyEmailRoute, VerifyEmailPage);
lazy_page!(LoginRoute, LoginPage);
lazy_page!(ForgotPasswordRoute, ForgotPasswordPage);
lazy_page!(ResetPasswordRoute, ResetPasswordPage);

#[component]
fn PageFrame(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <Title text=title />
        <div class="fr-container fr-my-6w">
            <div class="fr-grid-row fr-grid-row--center">
                <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
                    <h1>{title}</h1>
                    {children()}
                </div>
            </div>
        </div>
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let feedback = Feedback::of(action);
    let role_error = feedback.error("role");
    // The role chosen stays chosen when the form comes back with an error.
    let role = feedback.value("role", "etudiant".into());
    view! {
        <PageFrame title="Créer un compte">
            <p>
                "Déjà inscrit ? " <a class="fr-link" href="/connexion">"Se connecter"</a>
            </p>
            <FormAlert feedback />
            <ActionForm action>
                <fieldset
                    class="fr-fieldset"
                    class:fr-fieldset--error=move || role_error.with(Option::is_some)
                    aria-labelledby="role-legende role-message"
                >
                    <legend class="fr-fieldset__legend" id="role-legende">"Vous êtes"</legend>
                    <div class="fr-fieldset__element">
                        <div class="fr-radio-group">
                            <input type="radio" id="role-etudiant" name="role" value="etudiant" checked=move || role.get() != "ambassadeur" />
                            <label class="fr-label" for="role-etudiant">
                                "Étudiante ou étudiant"
                                <span class="fr-hint-text">"Vous préparez un diplôme du numérique (Bac+2 à Bac+5)."</span>
                            </label>
                        </div>
                    </div>
                    <div class="fr-fieldset__element">
                        <div class="fr-radio-group">
                            <input type="radio" id="role-ambassadeur" name="role" value="ambassadeur" checked=move || role.get() == "ambassadeur" />
                            <label class="fr-label" for="role-ambassadeur">
                                "Ambassadrice ou ambassadeur"
                                <span class="fr-hint-text">"Agent de l'État du numérique : inscrivez-vous avec votre adresse professionnelle (par exemple prenom.nom@interieur.gouv.fr)."</span>
                            </label>
                        </div>
                    </div>
                    <div class="fr-messages-group" id="role-message" aria-live="polite">
                        {move || role_error.get().map(|m| view! { <p class="fr-message fr-message--error">{m}</p> })}
                    </div>
                </fieldset>
                <Field label="Prénom" name="first_name" autocomplete="given-name" maxlength=80
                    value=feedback.value("first_name", String::new()) error=feedback.error("first_name") />
                <Field label="Nom" name="last_name" autocomplete="family-name" maxlength=80
                    value=feedback.value("last_name", String::new()) error=feedback.error("last_name") />
                <Field label="Adresse électronique" name="email" kind="email" autocomplete="email"
                    hint="Format attendu : prenom.nom@exemple.fr"
                    value=feedback.value("email", String::new()) error=feedback.error("email") />
                <Field label="Mot de passe" name="password" kind="password" autocomplete="new-password"
                    hint="12 caractères au moins : une phrase de passe est plus simple à retenir."
                    value=Signal::derive(String::new) error=feedback.error("password") />
                <button class="fr-btn" type="submit">"Créer mon compte"</button>
            </ActionForm>
        </PageFrame>
    }
}

#[component]
pub fn CheckInboxPage() -> impl IntoView {
    view! {
        <PageFrame title="Vérifiez votre messagerie">
            <p>
                "Si cette adresse peut être inscrite, un courriel vient de lui être envoyé avec un lien pour confirmer votre compte. Ouvrez-le pour continuer."
            </p>
            <p class="fr-text--sm">
                "Rien reçu après quelques minutes ? Regardez dans les indésirables, puis essayez de vous "
                <a class="fr-link" href="/connexion">"connecter"</a>
                " : un nouveau lien vous sera envoyé."
            </p>
        </PageFrame>
    }
}

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let action = ServerAction::<VerifyEmail>::new();
    let feedback = Feedback::of(action);
    let token = query("jeton");
    view! {
        <PageFrame title="Confirmer votre adresse">
            <FormAlert feedback />
            <p>"Confirmez votre adresse électronique pour activer votre compte."</p>
            <ActionForm action>
                <input type="hidden" name="token" value=move || token.get().unwrap_or_default() />
                <button class="fr-btn" type="submit">"Confirmer mon adresse"</button>
            </ActionForm>
        </PageFrame>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<LogIn>::new();
    let feedback = Feedback::of(action);
    let next = query("suivant");
    let confirmed = query("adresse");
    let changed = query("mot-de-passe");
    let next_value = feedback.value("next", String::new());
    view! {
        <PageFrame title="Se connecter">
            {move || confirmed.get().map(|_| view! { <Notice message="Votre adresse est confirmée : connectez-vous.".to_string() /> })}
            {move || changed.get().map(|_| view! { <Notice message="Votre mot de passe est modifié : connectez-vous avec le nouveau.".to_string() /> })}
            <FormAlert feedback />
            <ActionForm action>
                <input type="hidden" name="next" value=move || next.get().unwrap_or_else(|| next_value.get()) />
                <Field label="Adresse électronique" name="email" kind="email" autocomplete="email"
                    value=feedback.value("email", String::new()) error=feedback.error("email") />
                <Field label="Mot de passe" name="password" kind="password" autocomplete="current-password"
                    value=Signal::derive(String::new) error=feedback.error("password") />
                <p><a class="fr-link" href="/mot-de-passe-oublie">"Mot de passe oublié ?"</a></p>
                <button class="fr-btn" type="submit">"Se connecter"</button>
            </ActionForm>
            <hr class="fr-mt-4w" />
            <p>"Pas encore de compte ? " <a class="fr-link" href="/inscription">"Créer un compte"</a></p>
        </PageFrame>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let feedback = Feedback::of(action);
    let sent = query("envoye");
    view! {
        <PageFrame title="Mot de passe oublié">
            {move || sent.get().map(|_| view! {
                <Notice message="Si un compte existe pour cette adresse, un courriel vient de lui être envoyé avec un lien valable une heure.".to_string() />
            })}
            <FormAlert feedback />
            <p>"Indiquez l'adresse de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe."</p>
            <ActionForm action>
                <Field label="Adresse électronique" name="email" kind="email" autocomplete="email"
                    value=feedback.value("email", String::new()) error=feedback.error("email") />
                <button class="fr-btn" type="submit">"Recevoir le lien"</button>
            </ActionForm>
        </PageFrame>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let feedback = Feedback::of(action);
    let token = query("jeton");
    let valid = Resource::new(
        move || token.get().unwrap_or_default(),
        reset_token_is_valid,
    );
    view! {
        <PageFrame title="Nouveau mot de passe">
            <FormAlert feedback />
            <Suspense fallback=crate::components::status::Loading>
                {move || Suspend::new(async move {
                    match valid.await {
                        Ok(true) => view! {
                            <ActionForm action>
                                <input type="hidden" name="token" value=move || token.get().unwrap_or_default() />
                                <Field label="Nouveau mot de passe" name="password" kind="password" autocomplete="new-password"
                                    hint="12 caractères au moins."
                                    value=Signal::derive(String::new) error=feedback.error("password") />
                                <button class="fr-btn" type="submit">"Enregistrer le mot de passe"</button>
                            </ActionForm>
                        }.into_any(),
                        _ => view! {
                            <div class="fr-alert fr-alert--warning" role="alert">
                                <p>"Ce lien n'est plus valable (déjà utilisé ou plus d'une heure écoulée)."</p>
                                <p><a class="fr-link" href="/mot-de-passe-oublie">"Demander un nouveau lien"</a></p>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </PageFrame>
    }
}
