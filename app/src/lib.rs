//! Vis mon job: components, server functions and domain, shared by the server (SSR)
//! and the browser (hydration).

#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod matching;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod reference;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
pub mod seed;

use components::layout::{Footer, Header, SkipLinks};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

/// The Content-Security-Policy of every page: scripts only from the site or carrying
/// this response's nonce (Leptos's inline hydration scripts), WebAssembly allowed,
/// nothing framed, forms posted only to the site.
/// Called in each page request's context, after Leptos has drawn the nonce.
#[cfg(feature = "ssr")]
pub fn set_content_security_policy() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = axum::http::HeaderValue::from_str(&policy) {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="fr" data-fr-scheme="light">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="format-detection" content="telephone=no" />
                // The fonts of the first screen's text, fetched before the stylesheet
                // names them (as the DSFR advises).
                <link rel="preload" href="/dsfr/fonts/Marianne-Regular.woff2" r#as="font" r#type="font/woff2" crossorigin="anonymous" />
                <link rel="preload" href="/dsfr/fonts/Marianne-Bold.woff2" r#as="font" r#type="font/woff2" crossorigin="anonymous" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <link rel="icon" href="/dsfr/favicon/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
                <script type="module" src="/dsfr/dsfr.module.js"></script>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let pending_form_error = components::form::provide_pending_form_error().map(|pending| {
        view! {
            <div id=components::form::PENDING_FORM_ERROR_ID hidden
                data-fonction=pending.function data-erreur=pending.error></div>
        }
    });
    view! {
        {pending_form_error}
        <Title formatter=|title: String| {
            if title.is_empty() { "Vis mon job".to_string() } else { format!("{title} – Vis mon job") }
        } />
        <Meta name="description" content="Vis mon job : une journée d'immersion auprès d'un agent du numérique de l'État, pour les étudiantes et étudiants du numérique." />
        <Router>
            <SkipLinks />
            <Header />
            <main id="contenu" role="main" tabindex="-1">
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async />
                    <Route path=path!("/metiers") view=pages::jobs::JobsPage ssr=SsrMode::Async />
                    <Route path=path!("/metiers/:slug") view=pages::jobs::JobPage ssr=SsrMode::Async />
                    <Route path=path!("/administrations") view=pages::administrations::AdministrationsPage ssr=SsrMode::Async />
                    <Route path=path!("/administrations/:slug") view=pages::administrations::AdministrationPage ssr=SsrMode::Async />
                    <Route path=path!("/offres") view=pages::offers::OffersPage ssr=SsrMode::Async />
                    <Route path=path!("/offres/:id") view=pages::offer::OfferPage ssr=SsrMode::Async />
                    <Route path=path!("/inscription") view={Lazy::<pages::account::SignUpRoute>::new()} />
                    <Route path=path!("/inscription/confirmation") view={Lazy::<pages::account::CheckInboxRoute>::new()} />
                    <Route path=path!("/verification") view={Lazy::<pages::account::VerifyEmailRoute>::new()} />
                    <Route path=path!("/connexion") view={Lazy::<pages::account::LoginRoute>::new()} />
                    <Route path=path!("/connexion/code") view={Lazy::<pages::account::SecondFactorRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/mot-de-passe-oublie") view={Lazy::<pages::account::ForgotPasswordRoute>::new()} />
                    <Route path=path!("/reinitialisation") view={Lazy::<pages::account::ResetPasswordRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/compte") view={Lazy::<pages::account::MyAccountRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/compte/codes-de-secours") view={Lazy::<pages::account::RecoveryCodesRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/profil") view={Lazy::<pages::student::ProfileRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/candidature") view={Lazy::<pages::student::ApplicationRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/ambassadeur") view={Lazy::<pages::ambassador::AmbassadorRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/ambassadeur/profil") view={Lazy::<pages::ambassador::AmbassadorProfileRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/ambassadeur/coaching") view={Lazy::<pages::coaching::AmbassadorCoachingRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/ambassadeur/offres/nouvelle") view={Lazy::<pages::offer_editor::OfferEditorRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/ambassadeur/offres/:id") view={Lazy::<pages::offer_editor::OfferEditorRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/organisation") view={Lazy::<pages::organiser::OrganiserRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/organisation/binomes") view={Lazy::<pages::pairing::PairingRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/organisation/editions") view={Lazy::<pages::editions::EditionsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/organisation/editions/nouvelle") view={Lazy::<pages::editions::EditionEditorRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/organisation/editions/:id") view={Lazy::<pages::editions::EditionEditorRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/organisation/statistiques") view={Lazy::<pages::statistics::StatisticsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/organisation/courriels") view={Lazy::<pages::outbox::OutboxRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/organisation/courriels/modeles") view={Lazy::<pages::outbox::EmailPreviewsRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/organisation/journal") view={Lazy::<pages::audit::AuditLogRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/organisation/coaching") view={Lazy::<pages::coaching::OrganiserCoachingRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/organisation/offres") view={Lazy::<pages::offer_review::OfferReviewQueueRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/organisation/offres/:id") view={Lazy::<pages::offer_review::OfferReviewRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/accessibilite") view=pages::legal::AccessibilityPage />
                    <Route path=path!("/mentions-legales") view=pages::legal::LegalNoticePage />
                    <Route path=path!("/donnees-personnelles") view=pages::legal::PrivacyPage />
                    <Route path=path!("/plan-du-site") view=pages::legal::SiteMapPage />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
