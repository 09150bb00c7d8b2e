//! Where the keyboard focus goes when part of a page is drawn again (RGAA 12.8).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Gives the focus to the element `id`, if the page has it (once hydrated).
pub fn focus_element(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(target) = document()
            .get_element_by_id(id)
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = target.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// [`focus_element`] once the page has applied what is being drawn: a view drawn again
/// is built first, then put in the page (by updating the elements in place).
pub fn focus_element_when_drawn(id: String) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || focus_element(&id));
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// An in-place action (move a wish, lock a pair…) redraws the area that held the focus,
/// and the button pressed goes with it: the focus would fall back to the page's `<body>`.
/// Instead, once the action succeeded, the element it names takes the focus as soon as
/// it is drawn again.
#[derive(Clone, Copy)]
pub struct FocusReturn {
    /// The name given by the last action that succeeded, until an element claims it.
    awaited: RwSignal<Option<String>>,
}

impl Default for FocusReturn {
    fn default() -> Self {
        FocusReturn {
            awaited: RwSignal::new(None),
        }
    }
}

impl FocusReturn {
    /// Once `action` succeeds, the focus goes to whatever claims `target(input)`.
    pub fn after<S>(self, action: ServerAction<S>, target: impl Fn(&S) -> String + 'static)
    where
        S: ServerFn + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
        S::Error: Send + Sync + 'static,
    {
        // The input is gone once the answer is in: its name is kept from the dispatch.
        let aimed = StoredValue::new(None::<String>);
        Effect::new(move |_| {
            if let Some(name) = action.input().with(|input| input.as_ref().map(&target)) {
                aimed.set_value(Some(name));
            }
        });
        Effect::new(move |_| {
            if action.value().with(|value| matches!(value, Some(Ok(_)))) {
                let name = aimed.get_value();
                self.awaited.set(name.clone());
                self.give_up_later(name);
            }
        });
    }

    /// A name that nothing claims (the item went to another page of the list) is dropped
    /// after a while, lest the focus jump to it when that page is shown later.
    fn give_up_later(self, name: Option<String>) {
        #[cfg(feature = "hydrate")]
        set_timeout(
            move || {
                if !self.awaited.is_disposed() && self.awaited.get_untracked() == name {
                    self.awaited.set(None);
                }
            },
            std::time::Duration::from_secs(10),
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = name;
    }

    /// Called while drawing the element `element_id`: it takes the focus if `name` is
    /// the one awaited. Elements drawn before the action never look again. (The list may
    /// be updated in place, the focused button then showing another item: hence the
    /// focus is always moved, even when it seems to be on a button of the same place.)
    pub fn claim(self, name: impl Into<String>, element_id: impl Into<String>) {
        let (name, element_id) = (name.into(), element_id.into());
        Effect::new(move |_| {
            let awaited = self
                .awaited
                .with_untracked(|awaited| awaited.as_deref() == Some(name.as_str()));
            if awaited {
                self.awaited.set(None);
                focus_element_when_drawn(element_id.clone());
            }
        });
    }
}
