//! Account pages: sign-up, confirmation, sign-in (with the organisers' second factor),
//! forgotten password, reset, and "Mon compte" (password change, open sessions) for
//! every signed-in person.

use crate::api::account::*;
use crate::components::form::{ConfirmBox, Feedback, Field, FormAlert, Notice};
use crate::components::status::{ErrorAlert, Loading};
use crate::domain::account::OpenSession;
use crate::domain::date::paris_time_fr;
use crate::domain::form::CONFIRM_FIELD;
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
lazy_page!(MyAccountRoute, MyAccountPage);
lazy_page!(SecondFactorRoute, SecondFactorPage);
lazy_page!(RecoveryCodesRoute, RecoveryCodesPage);

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
            <p class="fr-text--sm">"Tous les champs sont obligatoires."</p>
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
    let everywhere = query("deconnexion");
    let deleted = query("compte");
    let next_value = feedback.value("next", String::new());
    view! {
        <PageFrame title="Se connecter">
            {move || confirmed.get().map(|_| view! { <Notice message="Votre adresse est confirmée : connectez-vous.".to_string() /> })}
            {move || changed.get().map(|_| view! { <Notice message="Votre mot de passe est modifié : connectez-vous avec le nouveau.".to_string() /> })}
            {move || everywhere.get().map(|_| view! { <Notice message="Toutes vos sessions sont fermées, sur tous vos appareils.".to_string() /> })}
            {move || deleted.get().map(|_| view! { <Notice message="Votre compte est supprimé : vos données personnelles sont effacées.".to_string() /> })}
            <p class="fr-text--sm">"Tous les champs sont obligatoires."</p>
            <FormAlert feedback />
            <ActionForm action>
                <input type="hidden" name="next" value=move || next.get().unwrap_or_else(|| next_value.get()) />
                <Field label="Adresse électronique" name="email" kind="email" autocomplete="email"
                    hint="Format attendu : prenom.nom@exemple.fr"
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
                    hint="Format attendu : prenom.nom@exemple.fr"
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

/// "Mon compte": who is signed in, a new password, the open sessions.
#[component]
pub fn MyAccountPage() -> impl IntoView {
    let user = Resource::new(|| (), |_| whoami());
    let sessions = Resource::new(|| (), |_| open_sessions());
    let changed = query("mot-de-passe");
    view! {
        <Title text="Mon compte" />
        <div class="fr-container fr-my-6w">
            <div class="fr-grid-row fr-grid-row--center">
                <div class="fr-col-12 fr-col-md-10 fr-col-lg-8">
                    <h1>"Mon compte"</h1>
                    {move || changed.get().map(|_| view! { <Notice message="Votre mot de passe est modifié. Vos autres sessions sont fermées.".to_string() /> })}
                    <Suspense fallback=Loading>
                        {move || Suspend::new(async move {
                            match (user.await, sessions.await) {
                                (Ok(Some(crate::domain::account::SignedIn { user, .. })), Ok(sessions)) => view! {
                                    <h2 class="fr-h4">"Vos informations"</h2>
                                    <dl>
                                        <dt>"Nom"</dt>
                                        <dd>{format!("{} {}", user.first_name, user.last_name)}</dd>
                                        <dt>"Adresse électronique"</dt>
                                        <dd>{user.email}</dd>
                                    </dl>
                                    <ChangePasswordForm />
                                    <OpenSessions sessions />
                                    <h2 class="fr-h4 fr-mt-6w">"Vos données"</h2>
                                    <p>"Tout ce que Vis mon job conserve sur votre compte (profil, candidatures, vœux, binômes, avis, journal), dans un fichier JSON."</p>
                                    <p>
                                        <a class="fr-link" href="/compte/mes-donnees.json" download="vismonjob-mes-donnees.json" rel="external">
                                            "Télécharger mes données"
                                        </a>
                                    </p>
                                    <p><a class="fr-link" href="/donnees-personnelles">"Comment vos données sont traitées"</a></p>
                                    <DeleteAccountForm />
                                }.into_any(),
                                (Ok(None), _) => view! { <ErrorAlert error=crate::api::AppError::Unauthenticated /> }.into_any(),
                                (Err(error), _) | (_, Err(error)) => view! { <ErrorAlert error /> }.into_any(),
                            }
                        })}
                    </Suspense>
                </div>
            </div>
        </div>
    }
}

#[component]
fn DeleteAccountForm() -> impl IntoView {
    let action = ServerAction::<DeleteMyAccount>::new();
    let feedback = Feedback::of(action);
    view! {
        <h2 class="fr-h4 fr-mt-6w">"Supprimer mon compte"</h2>
        <p>"Votre nom, votre adresse, vos profils et ce que vous avez écrit sont effacés aussitôt ; votre candidature et vos offres en cours sont retirées. Si un binôme est annoncé, l'autre personne est prévenue par courriel. Seuls restent des chiffres anonymes de l'édition. La suppression est définitive."</p>
        <p class="fr-text--sm">"Tous les champs sont obligatoires."</p>
        <FormAlert feedback />
        <ActionForm action>
            <Field label="Mot de passe" name="password" kind="password" autocomplete="current-password"
                hint="Pour confirmer que c'est bien vous."
                value=Signal::derive(String::new) error=feedback.error("password") />
            <ConfirmBox id="confirmer-suppression".to_string()
                label="Je comprends que la suppression de mon compte est définitive."
                error=feedback.error(CONFIRM_FIELD) />
            <button class="fr-btn fr-btn--tertiary vmj-danger" type="submit">"Supprimer définitivement mon compte"</button>
        </ActionForm>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let feedback = Feedback::of(action);
    view! {
        <h2 class="fr-h4 fr-mt-6w">"Changer de mot de passe"</h2>
        <p class="fr-text--sm">"Tous les champs sont obligatoires."</p>
        <FormAlert feedback />
        <ActionForm action>
            <Field label="Mot de passe actuel" name="current_password" kind="password" autocomplete="current-password"
                value=Signal::derive(String::new) error=feedback.error("current_password") />
            <Field label="Nouveau mot de passe" name="new_password" kind="password" autocomplete="new-password"
                hint="12 caractères au moins : une phrase de passe est plus simple à retenir."
                value=Signal::derive(String::new) error=feedback.error("new_password") />
            <button class="fr-btn" type="submit">"Changer de mot de passe"</button>
        </ActionForm>
    }
}

#[component]
fn OpenSessions(sessions: Vec<OpenSession>) -> impl IntoView {
    let action = ServerAction::<SignOutEverywhere>::new();
    let feedback = Feedback::of(action);
    view! {
        <h2 class="fr-h4 fr-mt-6w">"Sessions ouvertes"</h2>
        <p>"Votre compte est ouvert sur ces appareils. Si vous n'en reconnaissez pas un, fermez toutes les sessions puis changez de mot de passe."</p>
        <ul class="fr-raw-list">
            {sessions.into_iter().map(|session| view! {
                <li class="fr-mb-2w">
                    <p class="fr-mb-0">
                        <strong>{session.device}</strong>
                        {session.current.then(|| view! { " " <span class="fr-badge fr-badge--sm fr-badge--info fr-badge--no-icon">"Cet appareil"</span> })}
                    </p>
                    <p class="fr-text--sm fr-mb-0">
                        {format!("Connexion le {}, dernière activité le {}.", paris_time_fr(session.signed_in_at), paris_time_fr(session.last_seen_at))}
                    </p>
                </li>
            }).collect_view()}
        </ul>
        <FormAlert feedback />
        <ActionForm action>
            <button class="fr-btn fr-btn--secondary" type="submit">"Se déconnecter partout"</button>
        </ActionForm>
    }
}

/// After an organiser's password: the authenticator app to set up (first time), then
/// its one-time code at every sign-in.
#[component]
pub fn SecondFactorPage() -> impl IntoView {
    use crate::api::second_factor::{second_factor_step, ConfirmSecondFactor, SecondFactorPrompt};
    let action = ServerAction::<ConfirmSecondFactor>::new();
    let feedback = Feedback::of(action);
    let next = query("suivant");
    let next_value = feedback.value("next", String::new());
    let step = Resource::new(|| (), |_| second_factor_step());
    let form = move |enrolling: bool| {
        view! {
            <FormAlert feedback />
            <ActionForm action>
                <input type="hidden" name="next" value=move || next.get().unwrap_or_else(|| next_value.get()) />
                <Field label="Code" name="code" autocomplete="one-time-code" maxlength=20
                    hint=if enrolling { "Les 6 chiffres affichés par l'application." } else { "Les 6 chiffres affichés par votre application, ou l'un de vos codes de secours (XXXX-XXXX-XXXX)." }
                    value=Signal::derive(String::new) error=feedback.error("code") />
                <button class="fr-btn" type="submit">
                    {if enrolling { "Activer et me connecter" } else { "Me connecter" }}
                </button>
            </ActionForm>
        }
    };
    view! {
        <PageFrame title="Double authentification">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match step.await {
                        Ok(SecondFactorPrompt::Enrol { qr_code_svg, key, account }) => view! {
                            <p>"Un compte d'organisation donne accès aux données de tous les participants : en plus du mot de passe, il demande à chaque connexion un code à usage unique, affiché par une application de votre téléphone."</p>
                            <ol>
                                <li>"Installez une application d'authentification (par exemple FreeOTP, Aegis, Google Authenticator ou Microsoft Authenticator)."</li>
                                <li>
                                    "Ajoutez-y un compte en scannant ce QR code :"
                                    <figure class="fr-my-2w" role="img" aria-label=format!("QR code à scanner avec l'application d'authentification, pour le compte {account}")>
                                        <div inner_html=qr_code_svg></div>
                                    </figure>
                                    <p class="fr-text--sm">
                                        "Impossible de scanner ? Saisissez plutôt cette clé, de type « basée sur le temps » : "
                                        <code id="cle-secrete" class="vmj-secret-key">{key}</code>
                                    </p>
                                </li>
                                <li>"Saisissez ci-dessous le code à 6 chiffres que l'application affiche pour « Vis mon job »."</li>
                            </ol>
                            {form(true)}
                        }.into_any(),
                        Ok(SecondFactorPrompt::Code) => view! {
                            <p>"Saisissez le code à 6 chiffres affiché par votre application d'authentification pour « Vis mon job »."</p>
                            {form(false)}
                            <p class="fr-text--sm fr-mt-4w">
                                "Plus d'application ni de code de secours ? Demandez à l'équipe du programme de réinitialiser votre double authentification."
                            </p>
                        }.into_any(),
                        Ok(SecondFactorPrompt::SignInFirst) => view! {
                            <div class="fr-alert fr-alert--info" role="alert">
                                <p>"Connectez-vous d'abord avec votre adresse et votre mot de passe : le code est demandé ensuite (dans les dix minutes)."</p>
                                <p><a class="fr-link" href="/connexion">"Se connecter"</a></p>
                            </div>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </PageFrame>
    }
}

/// The ten recovery codes of a new enrolment, shown once.
#[component]
pub fn RecoveryCodesPage() -> impl IntoView {
    use crate::api::second_factor::new_recovery_codes;
    let next = query("suivant");
    let codes = Resource::new(move || next.get().unwrap_or_default(), new_recovery_codes);
    view! {
        <PageFrame title="Vos codes de secours">
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match codes.await {
                        Ok(shown) if shown.codes.is_empty() => view! {
                            <p>"Ces codes ont déjà été affichés : pour votre sécurité, ils ne le sont qu'une fois."</p>
                            <a class="fr-btn" href=shown.next>"Continuer"</a>
                        }.into_any(),
                        Ok(shown) => view! {
                            <Notice message="La double authentification est activée.".to_string() />
                            <p>"Si vous perdez votre téléphone, chacun de ces codes remplace une fois le code de l'application. Notez-les ou imprimez-les, et gardez-les en lieu sûr : ils ne seront plus affichés."</p>
                            <ul class="vmj-recovery-codes">
                                {shown.codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
                            </ul>
                            <a class="fr-btn" href=shown.next>"J'ai noté mes codes : continuer"</a>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </PageFrame>
    }
}
