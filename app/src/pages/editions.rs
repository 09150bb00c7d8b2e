//! `/organisation/editions`: every edition, past ones included;
//! `/organisation/editions/nouvelle` and `/organisation/editions/{id}`: an edition's
//! calendar and settings, and its steps along the calendar. Every control is a form.

use crate::api::editions::*;
use crate::components::form::{
    ChoiceSelect, ConfirmBox, Feedback, Field, FormAlert, LevelChoice, Notice,
};
use crate::components::pagination::Pagination;
use crate::components::pair::FeedbackList;
use crate::components::status::{Breadcrumb, ErrorAlert, Loading};
use crate::components::table::TableBox;
use crate::domain::catalogue::FilterOption;
use crate::domain::date::long_fr;
use crate::domain::edition::*;
use crate::domain::form::CONFIRM_FIELD;
use crate::pages::detail_or_not_found;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

lazy_page!(EditionsRoute, EditionsPage);
lazy_page!(EditionEditorRoute, EditionEditorPage);

fn organisation_trail() -> Vec<(String, String)> {
    vec![("/organisation".into(), "Organisation".into())]
}

#[component]
pub fn EditionsPage() -> impl IntoView {
    let editions = Resource::new(|| (), |_| get_editions());
    view! {
        <Title text="Éditions" />
        <div class="fr-container fr-my-6w">
            <Breadcrumb trail=organisation_trail() current="Éditions".to_string() />
            <h1>"Éditions"</h1>
            <p>
                "Une édition a son calendrier : dépôt des offres, candidatures, formation et annonce des binômes, journée d'immersion. "
                "Le site public montre l'édition en cours ; les éditions passées restent consultables ici."
            </p>
            <a class="fr-btn fr-mb-4w" href="/organisation/editions/nouvelle">"Créer une édition"</a>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match editions.await {
                        Ok(editions) if editions.is_empty() => view! {
                            <p>"Aucune édition pour le moment."</p>
                        }.into_any(),
                        Ok(editions) => view! {
                            <TableBox>
                                <table id="editions">
                                    <caption class="fr-sr-only">"Éditions, la plus récente en premier"</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">"Édition"</th>
                                            <th scope="col">"Type"</th>
                                            <th scope="col">"Statut"</th>
                                            <th scope="col">"Journée d'immersion"</th>
                                            <th scope="col">"Offres publiées"</th>
                                            <th scope="col">"Candidatures"</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {editions.into_iter().map(|edition| view! {
                                            <tr>
                                                <td><a class="fr-link" href=format!("/organisation/editions/{}", edition.id)>{edition.title}</a></td>
                                                <td>{edition.kind.label()}</td>
                                                <td><span class=edition.status.badge_class()>{edition.status.label()}</span></td>
                                                <td>{long_fr(&edition.immersion_on)}</td>
                                                <td>{edition.offers}</td>
                                                <td>{edition.applications}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </TableBox>
                        }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
pub fn EditionEditorPage() -> impl IntoView {
    let params = use_params_map();
    // No id (or not a number): the new edition's page.
    let edition_id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
    });
    let save = ServerAction::<SaveEdition>::new();
    let change = ServerAction::<ChangeEditionStatus>::new();
    let editor = Resource::new(
        move || {
            (
                edition_id.get(),
                save.version().get(),
                change.version().get(),
            )
        },
        |(id, _, _)| async move {
            match get_edition_editor(id).await {
                Ok(editor) => Ok(Some(editor)),
                Err(crate::api::AppError::NotFound) => Ok(None),
                Err(error) => Err(error),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                detail_or_not_found(editor.await, |editor| view! { <Editor editor save change /> })
            })}
        </Suspense>
    }
}

/// The notice a redirect after an action asks for; it follows the address, since a
/// redirect to the same page (with JavaScript) keeps the page in place.
fn redirect_notice(query: Memo<ParamsMap>) -> Option<String> {
    let notice = query.read().get("edition")?;
    let message = match notice.as_str() {
        "enregistree" => "L'édition est enregistrée.",
        "ouvrir" => "Les candidatures sont ouvertes : les étudiants peuvent candidater jusqu'à la date de clôture.",
        "fermer" => "Les candidatures sont closes : vous pouvez former et annoncer les binômes.",
        "terminer" => "L'édition est terminée.",
        "archiver" => "L'édition est archivée : elle n'apparaît plus sur le site public.",
        _ => return None,
    };
    Some(message.to_string())
}

#[component]
fn Editor(
    editor: EditionEditor,
    save: ServerAction<SaveEdition>,
    change: ServerAction<ChangeEditionStatus>,
) -> impl IntoView {
    let title = editor
        .edition
        .as_ref()
        .map_or_else(|| "Nouvelle édition".to_string(), |e| e.title.clone());
    let query = use_query_map();
    let steps = editor
        .edition
        .as_ref()
        .map(|edition| view! { <Steps edition=edition.clone() change /> });
    // From the announcement on, the edition's review: past editions stay readable here.
    let review = editor
        .edition
        .as_ref()
        .filter(|edition| edition.status.is_announced())
        .map(|edition| view! { <Review edition_id=edition.id /> });
    view! {
        <Title text=title.clone() />
        <div class="fr-container fr-my-6w">
            <Breadcrumb
                trail=vec![("/organisation".into(), "Organisation".into()), ("/organisation/editions".into(), "Éditions".into())]
                current=title.clone()
            />
            <h1>{title}</h1>
            {move || redirect_notice(query).map(|message| view! { <Notice message /> })}
            {steps}
            {review}
            <EditionForm editor save />
        </div>
    }
}

/// Where the edition stands in its calendar, and the next step.
#[component]
fn Steps(edition: Edition, change: ServerAction<ChangeEditionStatus>) -> impl IntoView {
    let feedback = Feedback::of(change);
    let id = edition.id.to_string();
    let c = edition.calendar;
    let calendar = [
        (
            "Dépôt des offres",
            window_fr(c.ambassadors_open_on, c.ambassadors_close_on),
        ),
        (
            "Candidatures",
            window_fr(c.applications_open_on, c.applications_close_on),
        ),
        (
            "Formation des binômes",
            format!("le {}", c.pairing_on.long_fr()),
        ),
        (
            "Annonce des binômes",
            format!("le {}", c.announcement_on.long_fr()),
        ),
        (
            "Journée d'immersion",
            format!("le {}", c.immersion_on.long_fr()),
        ),
    ];
    let announcement = (edition.status == EditionStatus::ApplicationsClosed).then(|| {
        view! {
            <p class="fr-text--sm">
                "L'annonce des binômes se fait depuis "
                <a class="fr-link" href="/organisation/binomes">"la page des binômes"</a>
                ", une fois ceux-ci formés."
            </p>
        }
    });
    view! {
        <section class="fr-callout fr-mb-4w" aria-labelledby="titre-calendrier" id="calendrier">
            <h2 class="fr-callout__title fr-h5" id="titre-calendrier">
                "Statut : " <span class=edition.status.badge_class()>{edition.status.label()}</span>
            </h2>
            <ul class="fr-text--sm">
                {calendar.into_iter().map(|(what, when)| view! { <li>{what} " : " {when}</li> }).collect_view()}
            </ul>
            <FormAlert feedback />
            <ul class="fr-btns-group fr-btns-group--inline-md">
                {edition.status.next_actions().iter().map(|action| {
                    let id = id.clone();
                    let confirm = action.confirmation().map(|label| view! {
                        <ConfirmBox id=format!("confirmer-{}", action.as_str()) label
                            error=feedback.error(CONFIRM_FIELD) />
                    });
                    view! {
                        <li>
                            <ActionForm action=change>
                                <input type="hidden" name="edition_id" value=id />
                                <input type="hidden" name="action" value=action.as_str() />
                                {confirm}
                                <button class="fr-btn fr-btn--secondary" type="submit">{action.label()}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {announcement}
        </section>
    }
}

/// What happened in the edition: its figures, its pairs (a page at a time), its
/// coaching sessions and its feedback.
#[component]
fn Review(edition_id: i64) -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1)
            - 1
    };
    let review = Resource::new(page, move |page| get_edition_review(edition_id, page));
    view! {
        <section class="fr-mb-6w" aria-labelledby="titre-bilan" id="bilan">
            <h2 id="titre-bilan">"Bilan de l'édition"</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match review.await {
                        Ok(review) => view! { <ReviewView review edition_id /> }.into_any(),
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ReviewView(review: EditionReview, edition_id: i64) -> impl IntoView {
    let pages = usize::try_from(review.pairs_total)
        .unwrap_or(0)
        .div_ceil(crate::api::organiser::PAIRS_PER_PAGE);
    let rating = |rating: Option<i64>| rating.map_or_else(|| "–".to_string(), |r| format!("{r}/5"));
    view! {
        <TableBox class="fr-table--sm">
            <table id="bilan-chiffres">
                <caption>"Chiffres de l'édition"</caption>
                <tbody>
                    {review.figures.lines().into_iter().map(|(label, figure)| view! {
                        <tr><th scope="row">{label}</th><td>{figure}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableBox>
        <h3 class="fr-h5" id="titre-bilan-binomes">{format!("Binômes ({})", review.pairs_total)}</h3>
        <TextTable
            id="bilan-binomes"
            caption="Binômes de l'édition, par nom d'étudiant"
            empty="Aucun binôme."
            headers=&["Étudiant", "Offre", "Ambassadeur", "Confirmé", "Présence", "Avis de l'étudiant", "Avis de l'ambassadeur"]
            rows=review.pairs.iter().map(|pair| vec![
                pair.student.clone(),
                format!("{} (n° {})", pair.offer_title, pair.offer_id),
                pair.ambassador.clone(),
                pair.confirmation().to_string(),
                pair.attendance().to_string(),
                rating(pair.student_rating),
                rating(pair.ambassador_rating),
            ]).collect()
        />
        <Pagination current=review.page as u32 + 1 last=pages as u32 label="Pages des binômes de l'édition"
            href=move |to| format!("/organisation/editions/{edition_id}?page={to}#titre-bilan-binomes") />
        <h3 class="fr-h5">"Sessions de coaching"</h3>
        <TextTable
            id="bilan-coaching"
            caption="Sessions de coaching de l'édition"
            empty="Aucune session de coaching."
            headers=&["Session", "Lieu ou lien", "Inscrits", "Présents"]
            rows=review.coaching.iter().map(|entry| vec![
                entry.session.when(),
                entry.session.location.clone(),
                format!("{} sur {}", entry.session.seats_taken, entry.session.capacity),
                entry.present.to_string(),
            ]).collect()
        />
        <FeedbackList feedback=review.feedback />
    }
}

/// A table of text cells with its headers (caption for screen readers), or a sentence
/// when it has no row.
#[component]
fn TextTable(
    id: &'static str,
    caption: &'static str,
    empty: &'static str,
    headers: &'static [&'static str],
    rows: Vec<Vec<String>>,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p>{empty}</p> }.into_any();
    }
    view! {
        <TableBox class="fr-table--sm">
            <table id=id>
                <caption class="fr-sr-only">{caption}</caption>
                <thead>
                    <tr>{headers.iter().map(|header| view! { <th scope="col">{*header}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|cells| view! {
                        <tr>{cells.into_iter().map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableBox>
    }
    .into_any()
}

#[component]
fn EditionForm(editor: EditionEditor, save: ServerAction<SaveEdition>) -> impl IntoView {
    let feedback = Feedback::of(save);
    let saved = editor.form;
    let value = move |field: &'static str, saved: &str| feedback.value(field, saved.to_string());
    let kinds: Vec<FilterOption> = EditionKind::ALL
        .into_iter()
        .map(|kind| FilterOption::plain(kind.as_str(), kind.label()))
        .collect();
    let button = if editor.edition.is_some() {
        "Enregistrer les modifications"
    } else {
        "Créer l'édition"
    };
    let levels = [
        saved.level_2.clone(),
        saved.level_3.clone(),
        saved.level_4.clone(),
        saved.level_5.clone(),
    ];
    view! {
        <section aria-labelledby="titre-reglages">
            <h2 class="fr-h4" id="titre-reglages">"Calendrier et réglages"</h2>
            <p class="fr-text--sm">"Tous les champs sont obligatoires."</p>
            <FormAlert feedback />
            <ActionForm action=save>
                {editor.edition.as_ref().map(|e| view! { <input type="hidden" name="edition_id" value=e.id.to_string() /> })}
                <ChoiceSelect label="Type d'édition" name="kind" placeholder="Choisir un type" choices=kinds
                    value=value("kind", &saved.kind) error=feedback.error("kind") />
                <Field label="Titre" name="title" value=value("title", &saved.title) error=feedback.error("title")
                    hint="Par exemple « Vis mon job – édition 2027 » : les étudiants et les ambassadeurs le liront." maxlength=120 />
                <fieldset class="fr-fieldset" aria-labelledby="legende-calendrier">
                    <legend class="fr-fieldset__legend fr-text--regular" id="legende-calendrier">"Calendrier (dates incluses)"</legend>
                    <div class="fr-fieldset__element">
                        <Field label="Ouverture du dépôt des offres" name="ambassadors_open_on" kind="date"
                            value=value("ambassadors_open_on", &saved.ambassadors_open_on) error=feedback.error("ambassadors_open_on") />
                        <Field label="Clôture du dépôt des offres" name="ambassadors_close_on" kind="date"
                            value=value("ambassadors_close_on", &saved.ambassadors_close_on) error=feedback.error("ambassadors_close_on") />
                        <Field label="Ouverture des candidatures" name="applications_open_on" kind="date"
                            value=value("applications_open_on", &saved.applications_open_on) error=feedback.error("applications_open_on") />
                        <Field label="Clôture des candidatures" name="applications_close_on" kind="date"
                            value=value("applications_close_on", &saved.applications_close_on) error=feedback.error("applications_close_on") />
                        <Field label="Formation des binômes" name="pairing_on" kind="date"
                            value=value("pairing_on", &saved.pairing_on) error=feedback.error("pairing_on") />
                        <Field label="Annonce des binômes" name="announcement_on" kind="date"
                            value=value("announcement_on", &saved.announcement_on) error=feedback.error("announcement_on") />
                        <Field label="Journée d'immersion" name="immersion_on" kind="date"
                            value=value("immersion_on", &saved.immersion_on) error=feedback.error("immersion_on") />
                    </div>
                </fieldset>
                <Field label="Nombre de vœux au plus" name="max_wishes" kind="number"
                    value=value("max_wishes", &saved.max_wishes) error=feedback.error("max_wishes")
                    hint="De 1 à 20 : le nombre de vœux qu'un étudiant peut classer." />
                <LevelChoice feedback legend="Niveaux d'études accueillis" saved=levels />
                <fieldset class="fr-fieldset" aria-labelledby="legende-poids">
                    <legend class="fr-fieldset__legend fr-text--regular" id="legende-poids">
                        "Poids de la formation des binômes"
                        <span class="fr-hint-text">"Le calcul retient, pour chaque étudiant, l'offre qui totalise le plus de points."</span>
                    </legend>
                    <div class="fr-fieldset__element">
                        <Field label="Points par rang de vœu" name="weight_wish_ranks"
                            value=value("weight_wish_ranks", &saved.weight_wish_ranks) error=feedback.error("weight_wish_ranks")
                            hint="Points du 1er vœu, du 2e… séparés par des virgules suivies d'une espace, par exemple « 100, 80, 60 »." />
                        <Field label="Points pour un métier souhaité" name="weight_job"
                            value=value("weight_job", &saved.weight_job) error=feedback.error("weight_job") />
                        <Field label="Points pour une administration souhaitée" name="weight_administration"
                            value=value("weight_administration", &saved.weight_administration) error=feedback.error("weight_administration") />
                        <Field label="Points retirés par kilomètre" name="weight_distance_per_km"
                            value=value("weight_distance_per_km", &saved.weight_distance_per_km) error=feedback.error("weight_distance_per_km")
                            hint="Par exemple 0,2 : 50 km coûtent 10 points." />
                    </div>
                </fieldset>
                <Field label="Conservation des données personnelles (jours)" name="retention_days" kind="number"
                    value=value("retention_days", &saved.retention_days) error=feedback.error("retention_days")
                    hint="Après la fin de l'édition, de 30 à 1 095 jours ; les données sont ensuite anonymisées." />
                <button class="fr-btn" type="submit">{button}</button>
            </ActionForm>
        </section>
    }
}
