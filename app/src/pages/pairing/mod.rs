//! `/organisation/binomes`: the pairing workspace. Runs are computed in the background;
//! the page follows their progress, keeps every run for comparison, and lets the
//! organiser apply one, lock or move pairs, then announce them.

mod runs;

use crate::api::organiser::*;
use crate::components::focus::FocusReturn;
use crate::components::form::{ConfirmBox, Feedback, FormAlert};
use crate::components::pagination::Pagination;
use crate::components::pair::FeedbackList;
use crate::components::status::{ErrorAlert, Loading};
use crate::components::table::TableBox;
use crate::domain::edition::ANNOUNCEMENT_CONFIRMATION;
use crate::domain::form::CONFIRM_FIELD;
use crate::domain::pair::DeclineLine;
use crate::domain::text::decimal;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use runs::RunComparison;

lazy_page!(PairingRoute, PairingPage);

#[derive(Clone, Copy)]
struct PairingActions {
    run: ServerAction<RunPairing>,
    apply: ServerAction<ApplyPairingRun>,
    lock: ServerAction<LockPair>,
    publish: ServerAction<PublishPairs>,
    move_student: ServerAction<MoveStudent>,
    unpair: ServerAction<crate::api::pairs::Unpair>,
    /// Where the focus goes once the pairs are drawn again: the lock button pressed, or
    /// the student just moved or placed.
    focus: FocusReturn,
}

fn lock_button_id(pair_id: i64) -> String {
    format!("verrou-{pair_id}")
}

fn student_key(student_id: i64) -> String {
    format!("binome-eleve-{student_id}")
}

#[component]
pub fn PairingPage() -> impl IntoView {
    let actions = PairingActions {
        run: ServerAction::new(),
        apply: ServerAction::new(),
        lock: ServerAction::new(),
        publish: ServerAction::new(),
        move_student: ServerAction::new(),
        unpair: ServerAction::new(),
        focus: FocusReturn::default(),
    };
    actions.focus.after(actions.lock, |locked: &LockPair| {
        lock_button_id(locked.pair_id)
    });
    actions
        .focus
        .after(actions.move_student, |moved: &MoveStudent| {
            student_key(moved.student_id)
        });
    let query = use_query_map();
    let search = move || query.with(|q| q.get("q").unwrap_or_default());
    let page = move || {
        query.with(|q| {
            q.get("page")
                .and_then(|p| p.parse::<usize>().ok())
                .unwrap_or(1)
                .max(1)
                - 1
        })
    };
    // Bumped when a run computed in the background ends, to reload the workspace.
    let (finished, set_finished) = signal(0u32);
    let workspace = Resource::new(
        move || {
            (
                search(),
                page(),
                finished.get(),
                actions.run.version().get(),
                actions.apply.version().get(),
                actions.lock.version().get(),
                actions.publish.version().get(),
                actions.unpair.version().get(),
                actions.move_student.version().get(),
            )
        },
        |(search, page, ..)| get_pairing_workspace(search, page),
    );
    // With JavaScript, the page follows a running computation through its (cheap)
    // progress alone; without, through the "Actualiser l'avancement" link.
    let (poll, set_poll) = signal(0u32);
    let progress = Resource::new(
        move || poll.get(),
        |n| async move {
            if n == 0 {
                Ok(None)
            } else {
                get_pairing_progress().await.map(Some)
            }
        },
    );
    let running = |pending: &[PendingRunView]| pending.iter().filter(|r| r.error.is_none()).count();
    Effect::new(move |_| {
        if let Some(Ok(w)) = workspace.get() {
            if running(&w.pending) > 0 {
                set_poll.update(|n| *n += 1);
            }
        }
    });
    Effect::new(move |_| {
        let Some(Ok(Some(latest))) = progress.get() else {
            return;
        };
        let shown = workspace
            .get_untracked()
            .and_then(Result::ok)
            .map_or(0, |w| running(&w.pending));
        if running(&latest) < shown {
            set_finished.update(|n| *n += 1);
        } else if running(&latest) > 0 {
            set_timeout(
                move || set_poll.update(|n| *n += 1),
                std::time::Duration::from_secs(1),
            );
        }
    });
    let latest_progress = Signal::derive(move || progress.get().and_then(Result::ok).flatten());
    view! {
        <Title text="Binômes" />
        <div class="fr-container fr-my-6w">
            <h1>"Binômes"</h1>
            <FormAlert feedback=Feedback::of(actions.run) />
            <FormAlert feedback=Feedback::of(actions.apply) />
            <FormAlert feedback=Feedback::of(actions.lock) />
            <FormAlert feedback=Feedback::of(actions.publish) />
            <FormAlert feedback=Feedback::of(actions.move_student) />
            <FormAlert feedback=Feedback::of(actions.unpair) />
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match workspace.await {
                        Ok(workspace) => view! { <PairingView workspace actions latest_progress search=search() page=page() /> }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn PairingView(
    workspace: PairingWorkspace,
    actions: PairingActions,
    latest_progress: Signal<Option<Vec<PendingRunView>>>,
    search: String,
    page: usize,
) -> impl IntoView {
    let published = workspace.published;
    let has_pairs = !workspace.pairs.is_empty();
    let initial_pending = workspace.pending.clone();
    let pending = Signal::derive(move || {
        latest_progress
            .get()
            .unwrap_or_else(|| initial_pending.clone())
    });
    let status = workspace.edition_status;
    let can_announce = status == crate::domain::edition::EditionStatus::ApplicationsClosed;
    let announced = status == crate::domain::edition::EditionStatus::PairsAnnounced;
    let declines = workspace.declines.clone();
    let feedback = workspace.feedback.clone();
    view! {
        <p>
            {workspace.edition_name.clone()} " – "
            <span class=status.badge_class() id="statut-edition">{status.label()}</span>
        </p>
        {(status == crate::domain::edition::EditionStatus::ApplicationsOpen).then(|| view! {
            <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
                <p>
                    "Les candidatures sont encore ouvertes : les binômes formés maintenant peuvent encore changer. "
                    "Clôturez les candidatures depuis "
                    <a class="fr-link" href="/organisation/editions">"la page de l'édition"</a>
                    " avant de les annoncer."
                </p>
            </div>
        })}
        {(!published).then(|| view! {
            <section class="fr-mb-4w" aria-labelledby="titre-calcul">
                <h2 id="titre-calcul" class="fr-h4">"Lancer un calcul"</h2>
                <p class="fr-text--sm">
                    "Stable : aucun étudiant et aucune offre ne préféreraient se choisir l'un l'autre. Optimal : le plus de binômes possible, puis le meilleur score total. Les binômes verrouillés sont gardés."
                </p>
                <ActionForm action=actions.run>
                    <ul class="fr-btns-group fr-btns-group--inline-md">
                        <li><button class="fr-btn" type="submit" name="algorithm" value="stable">"Calcul stable"</button></li>
                        <li><button class="fr-btn fr-btn--secondary" type="submit" name="algorithm" value="optimal">"Calcul optimal"</button></li>
                    </ul>
                </ActionForm>
                <p class="fr-text--sm" role="status">
                    {move || actions.run.pending().get().then_some("Calcul lancé…")}
                </p>
            </section>
        })}
        <Declines declines move_student=actions.move_student />
        <FeedbackList feedback />
        <PendingRuns pending />
        <RunComparison runs=workspace.runs.clone() />
        <section class="fr-mb-4w" aria-labelledby="titre-calculs">
            <h2 id="titre-calculs" class="fr-h4">"Calculs conservés"</h2>
            {if workspace.runs.is_empty() {
                view! { <p>"Aucun calcul pour l'instant."</p> }.into_any()
            } else {
                view! {
                    <TableBox class="fr-table--bordered">
                        <table id="calculs">
                            <caption>"Tous les calculs"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Calcul"</th>
                                    <th scope="col">"Binômes"</th>
                                    <th scope="col">"Vœu obtenu (1er, 2e… ; hors vœux)"</th>
                                    <th scope="col">"Distance médiane / 90e centile"</th>
                                    <th scope="col">"Places vides"</th>
                                    <th scope="col">"Sans binôme"</th>
                                    <th scope="col">"Action"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {workspace.runs.into_iter().map(|run| {
                                    let histogram = run
                                        .wish_rank_histogram
                                        .iter()
                                        .skip(1)
                                        .map(|n| n.to_string())
                                        .collect::<Vec<_>>()
                                        .join(" / ");
                                    let outside = run.wish_rank_histogram.first().copied().unwrap_or(0);
                                    let reasons = run
                                        .charts
                                        .unmatched
                                        .iter()
                                        .map(|bar| format!("{} : {}", bar.value, bar.label))
                                        .collect::<Vec<_>>()
                                        .join(" ; ");
                                    view! {
                                        <tr>
                                            <th scope="row">{format!("n° {} – {} (graine {})", run.id, run.algorithm, run.seed)}</th>
                                            <td>{format!("{} sur {} (score {})", run.matched, run.students, decimal(run.total_score))}</td>
                                            <td>{format!("{histogram} ; {outside}")}</td>
                                            <td>{format!("{} km / {} km", decimal(run.distance_km_median), decimal(run.distance_km_p90))}</td>
                                            <td>{run.empty_places}</td>
                                            <td>{reasons}</td>
                                            <td>
                                                {(!published).then(|| view! {
                                                    <ActionForm action=actions.apply>
                                                        <input type="hidden" name="run_id" value=run.id />
                                                        <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">
                                                            "Appliquer"<span class="fr-sr-only">{format!(" le calcul n° {}", run.id)}</span>
                                                        </button>
                                                    </ActionForm>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </TableBox>
                }.into_any()
            }}
        </section>
        <section class="fr-mb-4w" aria-labelledby="titre-binomes">
            <h2 id="titre-binomes" class="fr-h4">{format!("Binômes ({})", workspace.pairs_found)}</h2>
            <PairSearch search=search.clone() />
            {(has_pairs && can_announce).then(|| view! {
                <ActionForm action=actions.publish>
                    <ConfirmBox id="confirmer-annonce".to_string() label=ANNOUNCEMENT_CONFIRMATION
                        error=Feedback::of(actions.publish).error(CONFIRM_FIELD) />
                    <button class="fr-btn fr-mb-2w" type="submit">"Annoncer les binômes"</button>
                </ActionForm>
            })}
            {published.then(|| view! {
                <p class="fr-badge fr-badge--success" id="binomes-annonces" role="status">"Binômes annoncés"</p>
            })}
            {has_pairs.then(|| view! {
                <TableBox>
                    <table id="binomes">
                        <caption class="fr-sr-only">"Binômes de l'édition"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Étudiant"</th>
                                <th scope="col">"Offre"</th>
                                <th scope="col">"Pourquoi"</th>
                                <th scope="col">"Verrou"</th>
                                <th scope="col">"Déplacer"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {workspace.pairs.into_iter().map(|pair| {
                                let lock_label = format!(" le binôme de {}", pair.student);
                                let move_label = format!(" {}", pair.student);
                                let move_hint = format!("Numéro de l'offre pour {}", pair.student);
                                let student_cell = student_key(pair.student_id);
                                actions.focus.claim(student_cell.clone(), student_cell.clone());
                                let lock_button = lock_button_id(pair.id);
                                actions.focus.claim(lock_button.clone(), lock_button.clone());
                                view! {
                                <tr>
                                    <td id=student_cell tabindex="-1">{pair.student.clone()}</td>
                                    <td><a href=format!("/offres/{}", pair.offer_id)>{pair.offer.clone()}</a></td>
                                    <td>{format!("{} (score {})", pair.explanation, decimal(pair.score))}</td>
                                    <td>
                                        {if pair.published {
                                            view! { <span>{if pair.locked { "Verrouillé" } else { "—" }}</span> }.into_any()
                                        } else {
                                            view! {
                                                <ActionForm action=actions.lock>
                                                    <input type="hidden" name="pair_id" value=pair.id />
                                                    <input type="hidden" name="locked" value=if pair.locked { "0" } else { "1" } />
                                                    <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit" id=lock_button>
                                                        {if pair.locked { "Déverrouiller" } else { "Verrouiller" }}
                                                        <span class="fr-sr-only">{lock_label}</span>
                                                    </button>
                                                </ActionForm>
                                            }.into_any()
                                        }}
                                    </td>
                                    <td>
                                        {(pair.published && announced).then(|| {
                                            let id = format!("defaire-{}", pair.id);
                                            let hint = format!("Raison pour défaire le binôme de {}", pair.student);
                                            let hint_title = hint.clone();
                                            let label = format!(" le binôme de {}", pair.student);
                                            view! {
                                                <ActionForm action=actions.unpair>
                                                    <input type="hidden" name="pair_id" value=pair.id />
                                                    <label class="fr-sr-only" for=id.clone()>{hint}</label>
                                                    <input class="fr-input" id=id name="reason" required=true placeholder="Raison" title=hint_title />
                                                    <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">
                                                        "Défaire"<span class="fr-sr-only">{label}</span>
                                                    </button>
                                                </ActionForm>
                                            }
                                        })}
                                        {(!pair.published).then(|| view! {
                                            <PlaceForm action=actions.move_student student_id=pair.student_id
                                                id=format!("deplacer-{}", pair.id) hint=move_hint button="Déplacer" label=move_label />
                                        })}
                                    </td>
                                </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </TableBox>
            })}
            {
                let pages = usize::try_from(workspace.pairs_found).unwrap_or(0).div_ceil(PAIRS_PER_PAGE);
                view! {
                    <Pagination current=page as u32 + 1 last=pages as u32 label="Pages des binômes"
                        href=move |to| {
                            let found = if search.is_empty() {
                                String::new()
                            } else {
                                format!("&q={}", crate::domain::catalogue::encode_component(&search))
                            };
                            format!("/organisation/binomes?page={to}{found}")
                        } />
                }
            }
        </section>
    }
}

/// Puts a student on the offer whose number the organiser types (`move_student`).
#[component]
fn PlaceForm(
    action: ServerAction<MoveStudent>,
    student_id: i64,
    id: String,
    hint: String,
    button: &'static str,
    /// Read after the button by screen readers: whom it places.
    label: String,
) -> impl IntoView {
    view! {
        <ActionForm action>
            <input type="hidden" name="student_id" value=student_id />
            // The label is for screen readers; the title says the same on hover, and the
            // placeholder shows what goes in the box.
            <label class="fr-sr-only" for=id.clone()>{hint.clone()}</label>
            <input class="fr-input vmj-offer-number" id=id name="offer_id" inputmode="numeric" required=true
                title=hint placeholder="N°" />
            <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">
                {button}<span class="fr-sr-only">{label}</span>
            </button>
        </ActionForm>
    }
}

/// Pairs declined or undone after the announcement: a student left without a pair is
/// placed again here, by offer number.
#[component]
fn Declines(declines: Vec<DeclineLine>, move_student: ServerAction<MoveStudent>) -> impl IntoView {
    (!declines.is_empty()).then(|| view! {
        <section class="fr-mb-4w" aria-labelledby="titre-desistements">
            <h2 id="titre-desistements" class="fr-h4">"Binômes annulés"</h2>
            <ul id="desistements">
                {declines.into_iter().map(|d| {
                    let place = d.student_unpaired.then(|| view! {
                        <PlaceForm action=move_student student_id=d.student_id id=format!("placer-{}", d.student_id)
                            hint=format!("Numéro de l'offre pour {}", d.student) button="Placer" label=format!(" {}", d.student) />
                    });
                    view! {
                        <li class="fr-mb-2w">
                            {format!("{} · « {} » (offre n° {}) · annulé par {} : {}", d.student, d.offer_title, d.offer_id, d.side.label(), d.reason)}
                            {if d.student_unpaired { " · sans binôme" } else { " · placé à nouveau" }}
                            {place}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}

/// Runs being computed (with their progress) and runs that failed.
#[component]
fn PendingRuns(pending: Signal<Vec<PendingRunView>>) -> impl IntoView {
    move || {
        let pending = pending.get();
        (!pending.is_empty()).then(|| view! {
            <section class="fr-mb-4w" aria-labelledby="titre-en-cours">
                <h2 id="titre-en-cours" class="fr-h4">"Calculs en cours"</h2>
                {pending.into_iter().map(|run| {
                    let name = format!("Calcul n° {} ({})", run.id, run.algorithm);
                    match (run.error, run.progress) {
                        (Some(error), _) => view! {
                            <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-2w">
                                <p>{format!("{name} : échec. {error}")}</p>
                            </div>
                        }.into_any(),
                        (None, Some(progress)) => {
                            let id = format!("avancement-{}", run.id);
                            view! {
                                <div class="fr-mb-2w vmj-progress">
                                    <label for=id.clone()>
                                        {format!("{name} : {} – {} %", progress.step, progress.percent)}
                                    </label>
                                    <progress id=id max="100" value=progress.percent></progress>
                                </div>
                            }.into_any()
                        }
                        (None, None) => view! {
                            <p class="fr-mb-2w">{format!("{name} : en préparation.")}</p>
                        }.into_any(),
                    }
                }).collect_view()}
                <p class="fr-text--sm">
                    <a class="fr-link" href="/organisation/binomes">"Actualiser l'avancement"</a>
                </p>
            </section>
        })
    }
}

/// Narrows the pairs by a few letters of a student's name or an offer's title (a plain
/// GET form).
#[component]
fn PairSearch(search: String) -> impl IntoView {
    view! {
        <form method="get" action="/organisation/binomes" class="fr-mb-2w" role="search">
            <div class="fr-search-bar">
                <label class="fr-label" for="recherche-binomes">"Chercher un étudiant ou une offre"</label>
                <input class="fr-input" type="search" id="recherche-binomes" name="q" value=search
                    placeholder="Nom de l'étudiant ou titre de l'offre" />
                <button class="fr-btn" type="submit" title="Chercher">"Chercher"</button>
            </div>
        </form>
    }
}
