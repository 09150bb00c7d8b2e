//! The DSFR table: its four boxes around the `<table>`. Cells wrap their text (the
//! DSFR's multiline table), so most tables fit a phone; one that still does not scrolls
//! inside its own box instead of widening the page.

use leptos::prelude::*;

/// `class` adds the DSFR table modifiers (`fr-table--sm`, `fr-table--no-caption`…).
#[component]
pub fn TableBox(#[prop(optional)] class: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class=format!("fr-table fr-table--multiline {class}")>
            <div class="fr-table__wrapper">
                <div class="fr-table__container">
                    <div class="fr-table__content">{children()}</div>
                </div>
            </div>
        </div>
    }
}
