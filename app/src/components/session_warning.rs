//! The warning before a signed-in session ends (RGAA 13.1): it shows five minutes before
//! the end, with a button that keeps the session open when activity can push the end
//! back; once the session has ended, it says so and offers to sign in again, back to the
//! same page. Nothing is drawn on the server: the clock runs in the browser.

use crate::components::status::current_page;
use crate::domain::account::{sign_in_link, SessionTimeLeft};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

// Only the browser's clock moves the phase on: the server draws `Quiet`.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Quiet,
    /// The session ends in `minutes` (rounded up); `extendable` when activity helps.
    Ending {
        minutes: u64,
        extendable: bool,
    },
    Ended,
}

const STAY_BUTTON: &str = "session-rester";
const SIGN_IN_LINK: &str = "session-reconnexion";
/// The warning's title: it takes the focus when there is no button to press.
const TITLE: &str = "session-titre";

#[component]
pub fn SessionWarning(time_left: SessionTimeLeft) -> impl IntoView {
    let phase = RwSignal::new(Phase::Quiet);
    #[cfg(feature = "hydrate")]
    let stay = {
        let clock = clock::Clock::new(phase);
        clock.follow(time_left);
        move |_| clock.stay()
    };
    #[cfg(not(feature = "hydrate"))]
    let stay = |_: leptos::ev::MouseEvent| ();
    let location = use_location();
    let sign_in = Signal::derive(move || sign_in_link(&current_page(&location)));
    let most_hours = time_left.absolute_limit_seconds / 3600;
    view! {
        <Show when=move || phase.get() != Phase::Quiet>
            <div class="vmj-session-warning" role="alertdialog" aria-labelledby=TITLE aria-describedby="session-texte">
                {move || match phase.get() {
                    Phase::Ending { minutes, extendable } => {
                        let when = if minutes <= 1 {
                            "dans moins d'une minute".to_string()
                        } else {
                            format!("dans {minutes} minutes")
                        };
                        view! {
                            <div class="fr-alert fr-alert--warning">
                                <p class="fr-alert__title" id=TITLE tabindex="-1">{format!("Votre session se ferme {when}")}</p>
                                {if extendable {
                                    view! {
                                        <p id="session-texte">"Sans activité de votre part, vous serez déconnecté et ce que vous n'avez pas enregistré sera perdu."</p>
                                        <button class="fr-btn fr-mt-2w" type="button" id=STAY_BUTTON on:click=stay>"Rester connecté"</button>
                                    }.into_any()
                                } else {
                                    view! {
                                        <p id="session-texte">{format!("Une session dure {most_hours} heures au plus, par sécurité : enregistrez ce que vous faites, puis reconnectez-vous.")}</p>
                                    }.into_any()
                                }}
                            </div>
                        }.into_any()
                    }
                    _ => view! {
                        <div class="fr-alert fr-alert--info">
                            <p class="fr-alert__title" id=TITLE tabindex="-1">"Votre session est fermée"</p>
                            <p id="session-texte">"Vous avez été déconnecté, par sécurité. Ce que vous n'aviez pas enregistré est perdu."</p>
                            <a class="fr-btn fr-mt-2w" id=SIGN_IN_LINK href=sign_in>"Se reconnecter"</a>
                        </div>
                    }.into_any(),
                }}
            </div>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod clock {
    use super::{Phase, SIGN_IN_LINK, STAY_BUTTON, TITLE};
    use crate::api::account::{get_session_time_left, stay_signed_in};
    use crate::api::AppError;
    use crate::components::focus::focus_element_when_drawn;
    use crate::domain::account::SessionTimeLeft;
    use leptos::prelude::*;
    use std::time::Duration;

    /// The one timeout under way (a new one replaces it; leaving the page clears it), and
    /// the element that had the focus before the warning took it.
    #[derive(Clone, Copy)]
    pub struct Clock {
        phase: RwSignal<Phase>,
        pending: StoredValue<Option<TimeoutHandle>, LocalStorage>,
        focused_before: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
    }

    impl Clock {
        pub fn new(phase: RwSignal<Phase>) -> Clock {
            let clock = Clock {
                phase,
                pending: StoredValue::new_local(None),
                focused_before: StoredValue::new_local(None),
            };
            on_cleanup(move || clock.stop());
            clock
        }

        /// False once the warning is gone (the user went to another page): an answer
        /// or a timeout arriving then does nothing.
        fn alive(self) -> bool {
            !self.phase.is_disposed()
        }

        fn stop(self) {
            if let Some(handle) = self.pending.try_update_value(Option::take).flatten() {
                handle.clear();
            }
        }

        fn after(self, seconds: u64, then: impl FnOnce() + 'static) {
            if !self.alive() {
                return;
            }
            self.stop();
            let then = move || {
                if self.alive() {
                    then();
                }
            };
            if let Ok(handle) = set_timeout_with_handle(then, Duration::from_secs(seconds)) {
                self.pending.set_value(Some(handle));
            }
        }

        /// Quiet until the warning is due; then what is left is read again, since
        /// another tab or a form sent meanwhile may have pushed the end back.
        pub fn follow(self, left: SessionTimeLeft) {
            if !self.alive() {
                return;
            }
            if self.phase.get_untracked() != Phase::Quiet {
                self.phase.set(Phase::Quiet);
                self.give_focus_back();
            }
            self.after(left.until_warning(), move || self.check());
        }

        fn check(self) {
            leptos::task::spawn_local(async move {
                let answer = get_session_time_left().await;
                if !self.alive() {
                    return;
                }
                match answer {
                    Ok(Some(left)) if left.until_warning() > 0 => self.follow(left),
                    Ok(Some(left)) => self.warn(left),
                    Ok(None) => self.end(),
                    // The server did not answer: ask again in a minute.
                    Err(_) => self.after(60, move || self.check()),
                }
            });
        }

        fn warn(self, left: SessionTimeLeft) {
            let was_quiet = self.phase.get_untracked() == Phase::Quiet;
            self.phase.set(Phase::Ending {
                minutes: left.until_end().div_ceil(60),
                extendable: left.extendable(),
            });
            if was_quiet {
                self.take_focus(if left.extendable() {
                    STAY_BUTTON
                } else {
                    TITLE
                });
            }
            // At the end (or a minute on, to update the minutes), read again.
            self.after(left.until_end().min(60), move || self.check());
        }

        fn end(self) {
            self.stop();
            self.phase.set(Phase::Ended);
            self.take_focus(SIGN_IN_LINK);
        }

        /// Once the warning is drawn, its control takes the focus; the element that had
        /// it is kept, to give it back.
        fn take_focus(self, id: &'static str) {
            use wasm_bindgen::JsCast;
            if self.focused_before.with_value(Option::is_none) {
                let focused = document()
                    .active_element()
                    .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
                self.focused_before.set_value(focused);
            }
            focus_element_when_drawn(id.to_string());
        }

        fn give_focus_back(self) {
            if let Some(element) = self.focused_before.try_update_value(Option::take).flatten() {
                let _ = element.focus();
            }
        }

        /// "Rester connecté": the server counts it as activity, and the warning goes.
        pub fn stay(self) {
            leptos::task::spawn_local(async move {
                let answer = stay_signed_in().await;
                if !self.alive() {
                    return;
                }
                match answer {
                    Ok(left) => self.follow(left),
                    Err(AppError::Unauthenticated) => self.end(),
                    // Not answered: the warning stays, the button can be pressed again.
                    Err(_) => {}
                }
            });
        }
    }
}
