//! Browser entry point: hydrates the server-rendered page.
//!
//! Spaces other than the public catalogue come in their own WASM chunks, fetched when a
//! page of theirs is shown (Leptos lazy routes): hydration waits for the current page's
//! chunk, so it runs asynchronously.

#![recursion_limit = "256"]

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    std::panic::set_hook(Box::new(show_failure));
    wasm_bindgen_futures::spawn_local(async {
        let document = leptos::prelude::document();
        let Some(body) = document.body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        // Lets styles and end-to-end tests know the page is now interactive.
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}

/// A fault in the page's code (most often a chunk that could not be downloaded) stops
/// its scripts: the page says so and offers a reload, instead of leaving buttons that no
/// longer answer. The link is `rel="external"` so that the router, whose state may be
/// broken, leaves it to the browser.
fn show_failure(info: &std::panic::PanicHookInfo) {
    web_sys::console::error_1(&info.to_string().into());
    let document = leptos::prelude::document();
    if document.get_element_by_id("erreur-script").is_some() {
        return;
    }
    let (Ok(alert), Some(body)) = (document.create_element("div"), document.body()) else {
        return;
    };
    alert.set_id("erreur-script");
    alert.set_class_name("fr-alert fr-alert--error fr-alert--sm vmj-script-failure");
    alert.set_attribute("role", "alert").ok();
    alert.set_inner_html(
        "<p>Une partie de la page n'a pas pu être chargée (connexion interrompue ?). \
         <a href=\"\" rel=\"external\" class=\"fr-link\">Recharger la page</a></p>",
    );
    let _ = body.prepend_with_node_1(&alert);
}
