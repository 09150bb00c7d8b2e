//! The ambassadors' and organisers' home pages.

use crate::api::ambassador::{get_my_students, get_offer_demand};
use crate::api::organiser::*;
use crate::components::form::{Feedback, FormAlert};
use crate::components::pagination::Pagination;
use crate::components::status::{ErrorAlert, Loading};
use crate::domain::text::{decimal, plural};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AmbassadorPage() -> impl IntoView {
    let demand = Resource::new(|| (), |_| get_offer_demand());
    let students = Resource::new(|| (), |_| get_my_students());
    view! {
        <Title text="Mon espace ambassadeur" />
        <div class="fr-container fr-my-6w">
            <h1>"Mon espace ambassadeur"</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match demand.await {
                        Ok(offers) if offers.is_empty() => view! {
                            <p>"Vous n'avez pas encore d'offre dans l'édition en cours."</p>
                        }.into_any(),
                        Ok(offers) => view! {
                            <ul class="vmj-plain-list">
                                {offers.into_iter().map(|offer| view! {
                                    <li class="fr-mb-2w">
                                        <a class="fr-link" href=format!("/offres/{}", offer.offer_id)>{offer.title}</a>
                                        " · "
                                        {plural(offer.wishes, "candidature la demande", "candidatures la demandent")}
                                    </li>
                                }).collect_view()}
                            </ul>
                            <p class="fr-text--sm">"L'identité des étudiants n'est communiquée qu'une fois les binômes annoncés."</p>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
            <h2 class="fr-h4 fr-mt-4w">"Mes binômes"</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match students.await {
                        Ok(pairs) if pairs.is_empty() => view! {
                            <p>"Les binômes ne sont pas encore annoncés."</p>
                        }.into_any(),
                        Ok(pairs) => view! {
                            <ul class="vmj-plain-list" id="mes-binomes">
                                {pairs.into_iter().map(|pair| view! {
                                    <li class="fr-mb-2w">
                                        <strong>{pair.student_name}</strong>
                                        {format!(" · {} · {}", pair.student_email, pair.offer_title)}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn OrganiserPage() -> impl IntoView {
    let statistics = Resource::new(|| (), |_| get_application_statistics());
    view! {
        <Title text="Espace organisation" />
        <div class="fr-container fr-my-6w">
            <h1>"Espace organisation"</h1>
            <p><a class="fr-link" href="/organisation/binomes">"Former et annoncer les binômes"</a></p>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match statistics.await {
                        Ok(stats) => view! {
                            <h2 class="fr-h4">{format!("Candidatures – {}", stats.edition_name)}</h2>
                            <div class="fr-table">
                                <table>
                                    <caption class="fr-sr-only">"Candidatures par statut"</caption>
                                    <thead><tr><th scope="col">"Statut"</th><th scope="col">"Nombre"</th></tr></thead>
                                    <tbody>
                                        {stats.by_status.into_iter().map(|(label, count)| view! {
                                            <tr><td>{label}</td><td>{count}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[derive(Clone, Copy)]
struct PairingActions {
    run: ServerAction<RunPairing>,
    apply: ServerAction<ApplyPairingRun>,
    lock: ServerAction<LockPair>,
    publish: ServerAction<PublishPairs>,
    move_student: ServerAction<MoveStudent>,
}

#[component]
pub fn PairingPage() -> impl IntoView {
    let actions = PairingActions {
        run: ServerAction::new(),
        apply: ServerAction::new(),
        lock: ServerAction::new(),
        publish: ServerAction::new(),
        move_student: ServerAction::new(),
    };
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
    view! {
        <p>{workspace.edition_name.clone()}</p>
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
                <p class="fr-text--sm" aria-live="polite">
                    {move || actions.run.pending().get().then_some("Calcul lancé…")}
                </p>
            </section>
        })}
        <PendingRuns pending />
        <RunComparison runs=workspace.runs.clone() />
        <section class="fr-mb-4w" aria-labelledby="titre-calculs">
            <h2 id="titre-calculs" class="fr-h4">"Calculs conservés"</h2>
            {if workspace.runs.is_empty() {
                view! { <p>"Aucun calcul pour l'instant."</p> }.into_any()
            } else {
                view! {
                    <div class="fr-table fr-table--bordered">
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
                    </div>
                }.into_any()
            }}
        </section>
        <section class="fr-mb-4w" aria-labelledby="titre-binomes">
            <h2 id="titre-binomes" class="fr-h4">{format!("Binômes ({})", workspace.pairs_found)}</h2>
            <PairSearch search=search.clone() />
            {(has_pairs && !published).then(|| view! {
                <ActionForm action=actions.publish>
                    <button class="fr-btn fr-mb-2w" type="submit">"Annoncer les binômes"</button>
                </ActionForm>
            })}
            {published.then(|| view! {
                <p class="fr-badge fr-badge--success" id="binomes-annonces">"Binômes annoncés"</p>
            })}
            {has_pairs.then(|| view! {
                <div class="fr-table">
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
                                view! {
                                <tr>
                                    <td>{pair.student.clone()}</td>
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
                                                    <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">
                                                        {if pair.locked { "Déverrouiller" } else { "Verrouiller" }}
                                                        <span class="fr-sr-only">{lock_label}</span>
                                                    </button>
                                                </ActionForm>
                                            }.into_any()
                                        }}
                                    </td>
                                    <td>
                                        {(!pair.published).then(|| {
                                            let id = format!("deplacer-{}", pair.id);
                                            view! {
                                                <ActionForm action=actions.move_student>
                                                    <input type="hidden" name="student_id" value=pair.student_id />
                                                    <label class="fr-sr-only" for=id.clone()>{move_hint}</label>
                                                    <input class="fr-input vmj-offer-number" id=id name="offer_id" inputmode="numeric" required=true />
                                                    <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">
                                                        "Déplacer"<span class="fr-sr-only">{move_label}</span>
                                                    </button>
                                                </ActionForm>
                                            }
                                        })}
                                    </td>
                                </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
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

/// Two kept runs side by side, with the charts of their quality report. The choice is
/// a plain form (query `?a=…&b=…`), so it works without JavaScript; by default the two
/// newest runs.
#[component]
fn RunComparison(runs: Vec<RunSummary>) -> impl IntoView {
    let query = use_query_map();
    let chosen = |key: &str, default: Option<&RunSummary>| {
        query
            .with_untracked(|q| q.get(key))
            .and_then(|id| id.parse::<i64>().ok())
            .and_then(|id| runs.iter().find(|run| run.id == id))
            .or(default)
            .cloned()
    };
    let first = chosen("a", runs.first());
    let second = chosen("b", runs.get(1));
    let options = |selected: Option<i64>| {
        runs.iter()
            .map(|run| {
                view! {
                    <option value=run.id selected=Some(run.id) == selected>
                        {format!("n° {} – {}", run.id, run.algorithm)}
                    </option>
                }
            })
            .collect_view()
    };
    (!runs.is_empty()).then(|| {
        view! {
            <section class="fr-mb-4w" aria-labelledby="titre-comparaison">
                <h2 id="titre-comparaison" class="fr-h4">"Comparer deux calculs"</h2>
                <form method="get" action="/organisation/binomes" class="fr-mb-3w">
                    <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
                        <div class="fr-col-12 fr-col-md-4">
                            <div class="fr-select-group">
                                <label class="fr-label" for="calcul-a">"Calcul de gauche"</label>
                                <select class="fr-select" id="calcul-a" name="a">
                                    {options(first.as_ref().map(|run| run.id))}
                                </select>
                            </div>
                        </div>
                        <div class="fr-col-12 fr-col-md-4">
                            <div class="fr-select-group">
                                <label class="fr-label" for="calcul-b">"Calcul de droite"</label>
                                <select class="fr-select" id="calcul-b" name="b">
                                    {options(second.as_ref().map(|run| run.id))}
                                </select>
                            </div>
                        </div>
                        <div class="fr-col-12 fr-col-md-4">
                            <button class="fr-btn fr-btn--secondary fr-mb-3v" type="submit">"Comparer"</button>
                        </div>
                    </div>
                </form>
                <div class="fr-grid-row fr-grid-row--gutters" id="comparaison">
                    {first.map(|run| view! { <div class="fr-col-12 fr-col-md-6"><RunReport run /></div> })}
                    {second.map(|run| view! { <div class="fr-col-12 fr-col-md-6"><RunReport run /></div> })}
                </div>
            </section>
        }
    })
}

/// One run's figures and charts.
#[component]
fn RunReport(run: RunSummary) -> impl IntoView {
    let charts = run.charts;
    view! {
        <article class="vmj-run" aria-label=format!("Calcul n° {}", run.id)>
            <h3 class="fr-h5">{format!("Calcul n° {} – {}", run.id, run.algorithm)}</h3>
            <p>
                <strong>{format!("{} binômes sur {} étudiants", run.matched, run.students)}</strong>
                {format!(" · score total {} · distance médiane {} km · {} places vides",
                    decimal(run.total_score), decimal(run.distance_km_median), run.empty_places)}
            </p>
            <BarChart title="Vœu obtenu" bars=charts.wish_obtained />
            <BarChart title="Distance entre l'étudiant et son offre" bars=charts.distances />
            <BarChart title="Places pourvues par métier" bars=charts.fill_by_job />
            <BarChart title="Places pourvues par région" bars=charts.fill_by_region />
            <BarChart title="Places pourvues par administration" bars=charts.fill_by_administration />
            <BarChart title="Étudiants sans binôme, par raison" bars=charts.unmatched />
        </article>
    }
}

/// A horizontal bar chart: each bar is a `<meter>` beside its figures in text, so that
/// the chart reads the same with a screen reader and needs no script nor inline style.
#[component]
fn BarChart(title: &'static str, bars: Vec<crate::domain::pairing_report::Bar>) -> impl IntoView {
    view! {
        <figure class="vmj-chart fr-mb-3w">
            <figcaption class="fr-text--bold fr-mb-1w">{title}</figcaption>
            {if bars.is_empty() {
                view! { <p class="fr-text--sm">"Aucun."</p> }.into_any()
            } else {
                view! {
                    <table class="vmj-chart__table">
                        <tbody>
                            {bars.into_iter().map(|bar| {
                                let percent = (bar.value * 100).checked_div(bar.total).unwrap_or(0);
                                view! {
                                    <tr>
                                        <th scope="row">{bar.label}</th>
                                        <td class="vmj-chart__bar">
                                            <meter aria-hidden="true" min="0" max=bar.total.max(1) value=bar.value></meter>
                                        </td>
                                        <td class="vmj-chart__value">{format!("{} / {} ({percent} %)", bar.value, bar.total)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </figure>
    }
}
