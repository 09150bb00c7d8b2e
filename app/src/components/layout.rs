//! DSFR page frame: skip links, header with navigation, footer.

use crate::api::account::{whoami, LogOut};
use crate::components::session_warning::SessionWarning;
use crate::domain::account::SignedIn;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Moves the focus to a skip link's target: once hydrated, the router takes the link's
/// click, and the browser no longer moves the focus itself as it does without script.
fn focus_on(id: &'static str) -> impl Fn(leptos::ev::MouseEvent) + 'static {
    move |_| crate::components::focus::focus_element(id)
}

#[component]
pub fn SkipLinks() -> impl IntoView {
    view! {
        <div class="fr-skiplinks">
            <nav class="fr-container" role="navigation" aria-label="Accès rapide">
                <ul class="fr-skiplinks__list">
                    <li><a class="fr-link" href="#contenu" on:click=focus_on("contenu")>"Contenu"</a></li>
                    <li><a class="fr-link" href="#navigation-principale" on:click=focus_on("navigation-principale")>"Menu"</a></li>
                    <li><a class="fr-link" href="#pied-de-page" on:click=focus_on("pied-de-page")>"Pied de page"</a></li>
                </ul>
            </nav>
        </div>
    }
}

const NAV: [(&str, &str); 4] = [
    ("/", "Accueil"),
    ("/offres", "Offres d'accueil"),
    ("/metiers", "Métiers"),
    ("/administrations", "Administrations"),
];

#[component]
pub fn Header() -> impl IntoView {
    let location = use_location();
    let current = move |href: &str| {
        let path = location.pathname.get();
        let active = if href == "/" {
            path == "/"
        } else {
            path == href || path.starts_with(&format!("{href}/"))
        };
        active.then_some("page")
    };
    let log_out = ServerAction::<LogOut>::new();
    // Checked again on every navigation: signing in or out changes the page.
    let user = Resource::new(
        move || (location.pathname.get(), log_out.version().get()),
        |_| whoami(),
    );
    view! {
        <header role="banner" class="fr-header">
            <div class="fr-header__body">
                <div class="fr-container">
                    <div class="fr-header__body-row">
                        <div class="fr-header__brand fr-enlarge-link">
                            <div class="fr-header__brand-top">
                                <div class="fr-header__logo">
                                    <p class="fr-logo">"République" <br /> "Française"</p>
                                </div>
                                <div class="fr-header__navbar">
                                    <button
                                        class="fr-btn--menu fr-btn"
                                        data-fr-opened="false"
                                        aria-controls="menu-principal"
                                        aria-haspopup="menu"
                                        id="bouton-menu"
                                        title="Menu"
                                    >
                                        "Menu"
                                    </button>
                                </div>
                            </div>
                            <div class="fr-header__service">
                                <a href="/" title="Accueil – Vis mon job">
                                    <p class="fr-header__service-title">"Vis mon job"</p>
                                </a>
                                <p class="fr-header__service-tagline">
                                    "Une journée dans les pas d'un agent du numérique de l'État"
                                </p>
                            </div>
                        </div>
                        <div class="fr-header__tools">
                            <div class="fr-header__tools-links">
                                <AccountLinks user log_out />
                            </div>
                        </div>
                    </div>
                </div>
            </div>
            <div class="fr-header__menu fr-modal" id="menu-principal" aria-labelledby="bouton-menu">
                <div class="fr-container">
                    <button class="fr-btn--close fr-btn" aria-controls="menu-principal" title="Fermer">"Fermer"</button>
                    <div class="fr-header__menu-links"></div>
                    <nav class="fr-nav" id="navigation-principale" role="navigation" aria-label="Menu principal" tabindex="-1">
                        <ul class="fr-nav__list">
                            {NAV
                                .into_iter()
                                .map(|(href, label)| {
                                    view! {
                                        <li class="fr-nav__item">
                                            <a class="fr-nav__link" href=href aria-current=move || current(href)>
                                                {label}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </nav>
                </div>
            </div>
        </header>
        // Outside the header: its tools fold into the menu on a phone, and its shadow
        // (a CSS filter) would hold a fixed box inside it.
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                user.await.ok().flatten().map(|signed_in| view! { <SessionWarning time_left=signed_in.time_left /> })
            })}
        </Suspense>
    }
}

/// Sign-in links, or the signed-in user's space and sign-out button.
#[component]
fn AccountLinks(
    user: Resource<Result<Option<SignedIn>, crate::api::AppError>>,
    log_out: ServerAction<LogOut>,
) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match user.await.ok().flatten() {
                    Some(SignedIn { user, .. }) => view! {
                        <ul class="fr-btns-group">
                            <li>
                                // Where the link leads, then who is signed in.
                                <a class="fr-btn" href=user.role.home()>
                                    {format!("Mon espace – {} {}", user.first_name, user.last_name)}
                                </a>
                            </li>
                            <li><a class="fr-btn" href="/compte">"Mon compte"</a></li>
                            <li>
                                <ActionForm action=log_out>
                                    <button class="fr-btn" type="submit">"Se déconnecter"</button>
                                </ActionForm>
                            </li>
                        </ul>
                    }.into_any(),
                    None => view! {
                        <ul class="fr-btns-group">
                            <li><a class="fr-btn" href="/inscription">"Créer un compte"</a></li>
                            <li><a class="fr-btn" href="/connexion">"Se connecter"</a></li>
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="fr-footer" role="contentinfo" id="pied-de-page" tabindex="-1">
            <div class="fr-container">
                <div class="fr-footer__body">
                    <div class="fr-footer__brand fr-enlarge-link">
                        <a href="/" title="Retour à l'accueil – Vis mon job">
                            <p class="fr-logo">"République" <br /> "Française"</p>
                        </a>
                    </div>
                    <div class="fr-footer__content">
                        <p class="fr-footer__content-desc">
                            "Vis mon job est l'opération d'immersion de l'État dans ses métiers du numérique : les étudiantes et étudiants passent une journée auprès d'une ambassadrice ou d'un ambassadeur, agent public du numérique."
                        </p>
                        <ul class="fr-footer__content-list">
                            <li class="fr-footer__content-item">
                                <a class="fr-footer__content-link" href="https://www.info.gouv.fr">"info.gouv.fr"</a>
                            </li>
                            <li class="fr-footer__content-item">
                                <a class="fr-footer__content-link" href="https://www.service-public.fr">"service-public.fr"</a>
                            </li>
                            <li class="fr-footer__content-item">
                                <a class="fr-footer__content-link" href="https://www.legifrance.gouv.fr">"legifrance.gouv.fr"</a>
                            </li>
                            <li class="fr-footer__content-item">
                                <a class="fr-footer__content-link" href="https://www.data.gouv.fr">"data.gouv.fr"</a>
                            </li>
                        </ul>
                    </div>
                </div>
                <div class="fr-footer__bottom">
                    <ul class="fr-footer__bottom-list">
                        <li class="fr-footer__bottom-item">
                            <a class="fr-footer__bottom-link" href="/plan-du-site">"Plan du site"</a>
                        </li>
                        <li class="fr-footer__bottom-item">
                            <a class="fr-footer__bottom-link" href="/accessibilite">
                                {format!("Accessibilité : {}", crate::pages::legal::AUDIT.status())}
                            </a>
                        </li>
                        <li class="fr-footer__bottom-item">
                            <a class="fr-footer__bottom-link" href="/mentions-legales">"Mentions légales"</a>
                        </li>
                        <li class="fr-footer__bottom-item">
                            <a class="fr-footer__bottom-link" href="/donnees-personnelles">"Données personnelles"</a>
                        </li>
                    </ul>
                    <div class="fr-footer__bottom-copy">
                        <p>
                            "Sauf mention explicite de propriété intellectuelle détenue par des tiers, les contenus de ce site sont proposés sous "
                            <a href="https://github.com/etalab/licence-ouverte/blob/master/LO.md">"licence etalab-2.0"</a>
                        </p>
                    </div>
                </div>
            </div>
        </footer>
    }
}
