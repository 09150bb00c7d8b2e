//! The ambassadors' and organisers' home pages.

use crate::api::ambassador::{get_my_students, get_offer_demand};
use crate::api::organiser::*;
use crate::components::form::{Feedback, FormAlert};
use crate::components::status::{ErrorAlert, Loading};
use crate::domain::text::plural;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

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
    let workspace = Resource::new(
        move || {
            (
                actions.run.version().get(),
                actions.apply.version().get(),
                actions.lock.version().get(),
                actions.publish.version().get(),
                actions.move_student.version().get(),
            )
        },
        |_| get_pairing_workspace(),
    );
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
                        Ok(workspace) => view! { <PairingView workspace actions /> }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn PairingView(workspace: PairingWorkspace, actions: PairingActions) -> impl IntoView {
    let published = workspace.published;
    let has_pairs = !workspace.pairs.is_empty();
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
            </section>
        })}
        <section class="fr-mb-4w" aria-labelledby="titre-calculs">
            <h2 id="titre-calculs" class="fr-h4">"Calculs conservés"</h2>
            {if workspace.runs.is_empty() {
                view! { <p>"Aucun calcul pour l'instant."</p> }.into_any()
            } else {
                view! {
                    <div class="fr-table fr-table--bordered">
                        <table id="calculs">
                            <caption>"Comparaison des calculs"</caption>
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
                                        .unmatched_reasons
                                        .iter()
                                        .map(|(reason, n)| format!("{n} : {reason}"))
                                        .collect::<Vec<_>>()
                                        .join(" ; ");
                                    view! {
                                        <tr>
                                            <th scope="row">{format!("n° {} – {} (graine {})", run.id, run.algorithm, run.seed)}</th>
                                            <td>{format!("{} sur {} (score {:.1})", run.matched, run.students, run.total_score)}</td>
                                            <td>{format!("{histogram} ; {outside}")}</td>
                                            <td>{format!("{:.1} km / {:.1} km", run.distance_km_median, run.distance_km_p90)}</td>
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
            <h2 id="titre-binomes" class="fr-h4">{format!("Binômes ({})", workspace.pairs.len())}</h2>
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
                                    <td>{format!("{} (score {:.1})", pair.explanation, pair.score)}</td>
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
        </section>
    }
}
