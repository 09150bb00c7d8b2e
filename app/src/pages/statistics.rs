//! `/organisation/statistiques`: an edition's figures, live. The page is rendered with
//! the figures of the moment (all a browser without JavaScript gets); once hydrated it
//! follows the server's event stream (`/organisation/statistiques/direct`), which sends
//! the new figures within a second of any change, and says when the link is lost.

use crate::api::statistics::get_dashboard;
use crate::components::bar_chart::{BarChart, ChartRow, ColumnChart};
use crate::components::map::{DepartementMap, MapArea};
use crate::components::status::{Breadcrumb, ErrorAlert, Loading};
use crate::components::table::TableBox;
use crate::domain::date::paris_time_fr;
use crate::domain::export::Export;
use crate::domain::statistics::{thousands, Count, EditionStatistics, Group, People};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

lazy_page!(StatisticsRoute, StatisticsPage);

/// Where the page's figures come from (the server only renders them as loaded).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Link {
    /// The figures the page was rendered with.
    Loaded,
    /// Following the event stream.
    Live,
    /// The stream is interrupted; the browser tries again by itself.
    Lost,
}

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let query = use_query_map();
    let edition = move || query.read().get("edition").unwrap_or_default();
    let dashboard = Resource::new(edition, get_dashboard);
    view! {
        <Title text="Statistiques de l'édition" />
        <div class="fr-container fr-my-6w">
            <Breadcrumb trail=vec![("/organisation".into(), "Organisation".into())] current="Statistiques".to_string() />
            <h1>"Statistiques de l'édition"</h1>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match dashboard.await {
                        Ok(dashboard) => {
                            let chosen = dashboard.statistics.as_ref().map(|s| s.edition_id);
                            view! {
                                <EditionChoice editions=dashboard.editions chosen />
                                {match dashboard.statistics {
                                    Some(statistics) => view! { <LiveFigures initial=statistics /> }.into_any(),
                                    None => view! { <p>"Aucune édition pour l'instant."</p> }.into_any(),
                                }}
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorAlert error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The choice of edition: a plain GET form, so that it works without JavaScript.
#[component]
fn EditionChoice(editions: Vec<(i64, String)>, chosen: Option<i64>) -> impl IntoView {
    (editions.len() > 1).then(|| {
        view! {
            <Form method="GET" action="/organisation/statistiques" attr:class="vmj-inline-form fr-mb-3w">
                <div class="fr-select-group">
                    <label class="fr-label" for="choix-edition">"Édition"</label>
                    <select class="fr-select" id="choix-edition" name="edition">
                        {editions.into_iter().map(|(id, name)| {
                            view! { <option value=id.to_string() selected=Some(id) == chosen>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button class="fr-btn fr-btn--secondary" type="submit">"Afficher"</button>
            </Form>
        }
    })
}

#[component]
fn LiveFigures(initial: EditionStatistics) -> impl IntoView {
    let edition_id = initial.edition_id;
    let figures = RwSignal::new(initial);
    let link = RwSignal::new(Link::Loaded);
    // Suspended, the page keeps its figures; the newest ones received wait in `held`.
    let paused = RwSignal::new(false);
    let held = RwSignal::new(None::<EditionStatistics>);
    #[cfg(feature = "hydrate")]
    live::follow(edition_id, figures, link, paused, held);
    let toggle = move |_| {
        let resume = paused.get_untracked();
        paused.set(!resume);
        if let Some(newest) = held.try_update(Option::take).flatten().filter(|_| resume) {
            figures.set(newest);
        }
    };
    let query = use_query_map();
    let measure =
        Memo::new(move |_| MapMeasure::parse(&query.read().get("carte").unwrap_or_default()));
    view! {
        // Only the connection's state is announced to screen readers, not each update.
        <p class="fr-sr-only" role="status">
            {move || match link.get() {
                Link::Loaded => "",
                Link::Live => "Tableau de bord en direct.",
                Link::Lost => "Connexion perdue : nouvelle tentative en cours.",
            }}
        </p>
        <div class="vmj-live fr-mb-3w">
            {move || {
                let at = figures.with(|f| paris_time_fr(f.computed_at));
                match link.get() {
                    Link::Loaded => view! {
                        <p class="fr-mb-0">{format!("Chiffres du {at}. Rechargez la page pour les mettre à jour.")}
                        </p>
                    }.into_any(),
                    Link::Live if paused.get() => view! {
                        <p class="fr-mb-0">
                            <span class="fr-badge fr-badge--info fr-badge--sm fr-mr-1w">"Direct suspendu"</span>
                            {format!("Chiffres du {at}.")}
                        </p>
                    }.into_any(),
                    Link::Live => view! {
                        <p class="fr-mb-0">
                            <span class="fr-badge fr-badge--success fr-badge--sm fr-mr-1w">"En direct"</span>
                            {format!("Chiffres mis à jour le {at}.")}
                        </p>
                    }.into_any(),
                    Link::Lost => view! {
                        <p class="fr-mb-0">
                            <span class="fr-badge fr-badge--warning fr-badge--sm fr-mr-1w">"Connexion perdue"</span>
                            {format!("Chiffres du {at} ; nouvelle tentative en cours…")}
                        </p>
                    }.into_any(),
                }
            }}
        </div>
        // Only with the stream (so with JavaScript): the figures can be held still.
        <Show when=move || link.get() != Link::Loaded>
            <button class="fr-btn fr-btn--secondary fr-btn--sm fr-mb-3w" type="button" on:click=toggle>
                {move || if paused.get() { "Reprendre la mise à jour en direct" } else { "Suspendre la mise à jour en direct" }}
            </button>
        </Show>
        {figures_view(figures, measure)}
        <h2 class="fr-h4">"Exporter les données (CSV)"</h2>
        <p class="fr-text--sm">"Fichiers pour un tableur (séparateur point-virgule, UTF-8) ; chaque téléchargement est inscrit au journal d'audit."</p>
        <ul class="vmj-plain-list">
            {Export::ALL.into_iter().map(|export| {
                let href = format!("/organisation/exports/{}.csv?edition={edition_id}", export.slug());
                let name = format!("vismonjob-{}-edition-{edition_id}.csv", export.slug());
                view! {
                    <li><a class="fr-link fr-icon-download-line fr-link--icon-left" href=href download=name rel="external">{export.label()}</a></li>
                }
            }).collect_view()}
        </ul>
    }
}

/// What the dashboard's map shades the départements by (`?carte=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MapMeasure {
    Offers,
    Places,
    Students,
}

impl MapMeasure {
    const ALL: [MapMeasure; 3] = [MapMeasure::Offers, MapMeasure::Places, MapMeasure::Students];

    fn parse(value: &str) -> MapMeasure {
        MapMeasure::ALL
            .into_iter()
            .find(|m| m.slug() == value)
            .unwrap_or(MapMeasure::Offers)
    }

    fn slug(self) -> &'static str {
        match self {
            MapMeasure::Offers => "offres",
            MapMeasure::Places => "places",
            MapMeasure::Students => "candidats",
        }
    }

    fn label(self) -> &'static str {
        match self {
            MapMeasure::Offers => "Offres",
            MapMeasure::Places => "Places",
            MapMeasure::Students => "Candidats",
        }
    }

    fn title(self) -> &'static str {
        match self {
            MapMeasure::Offers => "Offres publiées par département",
            MapMeasure::Places => "Places par département",
            MapMeasure::Students => "Étudiants candidats par département (où ils habitent)",
        }
    }

    fn value(self, group: &Group) -> People {
        match self {
            MapMeasure::Offers => group.offers,
            MapMeasure::Places => People::Exact(group.places),
            MapMeasure::Students => group.students.unwrap_or(People::Exact(0)),
        }
    }
}

fn map_view(figures: RwSignal<EditionStatistics>, measure: Memo<MapMeasure>) -> impl IntoView {
    let areas = Memo::new(move |_| {
        let measure = measure.get();
        figures.with(|s| {
            s.by_departement
                .iter()
                .map(|g| MapArea {
                    code: g.code.clone(),
                    name: g.label.clone(),
                    value: measure.value(g),
                    href: format!("/offres?departement={}", g.code),
                })
                .collect::<Vec<_>>()
        })
    });
    let edition_id = figures.with_untracked(|s| s.edition_id);
    view! {
        <ul class="fr-tags-group fr-mb-1w" aria-label="Chiffre de la carte">
            {MapMeasure::ALL.into_iter().map(|m| {
                let href = format!("/organisation/statistiques?edition={edition_id}&carte={}", m.slug());
                let current = move || (m == measure.get()).then_some("page");
                view! { <li><a class="fr-tag" href=href aria-current=current>{m.label()}</a></li> }
            }).collect_view()}
        </ul>
        <DepartementMap
            title=Signal::derive(move || measure.get().title().to_string())
            unit=Signal::derive(move || measure.get().label().to_string())
            areas=areas.into()
        />
    }
}

/// One of the key figures at the top of the dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct KeyFigure {
    value: String,
    label: &'static str,
    detail: Option<String>,
}

fn key_figures(s: &EditionStatistics) -> Vec<KeyFigure> {
    let published = s
        .offers_by_state
        .iter()
        .find(|(label, _)| label == crate::domain::offer::OfferStatus::Published.label())
        .map_or(0, |(_, n)| *n);
    let figure = |value: String, label, detail: Option<String>| KeyFigure {
        value,
        label,
        detail,
    };
    vec![
        figure(
            thousands(s.ambassadors),
            "ambassadeurs",
            Some(format!("{} offres publiées", thousands(published))),
        ),
        figure(
            thousands(s.places),
            "places",
            Some(format!("{} % pourvues", s.fill_rate())),
        ),
        figure(thousands(s.students), "étudiants candidats", None),
        figure(
            thousands(s.pairs),
            "binômes",
            Some(format!("{} annoncés", thousands(s.pairs_announced))),
        ),
        figure(
            thousands(s.confirmed_by_both),
            "binômes confirmés des deux côtés",
            None,
        ),
        figure(
            thousands(s.coaching_attended),
            "ambassadeurs coachés",
            Some(format!("{} inscrits", thousands(s.coaching_booked))),
        ),
        figure(
            thousands(s.present),
            "présents le jour J",
            Some(format!("{} absents", thousands(s.absent))),
        ),
        figure(
            format!("{} %", s.fill_rate()),
            "taux de remplissage",
            Some(format!("{} places prises", thousands(s.places_taken))),
        ),
    ]
}

fn key_figure(figure: KeyFigure) -> impl IntoView {
    view! {
        <li class="fr-col-6 fr-col-md-3">
            <div class="vmj-key-figure">
                <p class="vmj-key-figure__value">{figure.value}</p>
                <p class="vmj-key-figure__label">{figure.label}</p>
                {figure.detail.map(|d| view! { <p class="fr-text--xs fr-mb-0">{d}</p> })}
            </div>
        </li>
    }
}

fn counts_table(
    caption: &'static str,
    head: &'static str,
    rows: Memo<Vec<(String, i64)>>,
) -> impl IntoView {
    view! {
        <TableBox class="fr-table--sm">
            <table>
                <caption>{caption}</caption>
                <thead><tr><th scope="col">{head}</th><th scope="col">"Nombre"</th></tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|row| row.clone() let:row>
                        <tr><th scope="row">{row.0}</th><td>{thousands(row.1)}</td></tr>
                    </For>
                </tbody>
            </table>
        </TableBox>
    }
}

/// Places taken out of places, per group, with the group's offers (and students).
fn group_rows(groups: &[Group]) -> Vec<ChartRow> {
    groups
        .iter()
        .map(|g| {
            let mut text = format!(
                "{} places prises sur {} · offres : {}",
                thousands(g.taken),
                thousands(g.places),
                g.offers.label()
            );
            if let Some(students) = g.students {
                text.push_str(&format!(" · candidats : {}", students.label()));
            }
            ChartRow {
                label: g.label.clone(),
                drawn: g.taken,
                scale: g.places,
                text,
            }
        })
        .collect()
}

/// Counts of people, as shares of their total.
fn people_rows(counts: &[Count]) -> Vec<ChartRow> {
    let total: i64 = counts.iter().map(|c| c.value.drawn()).sum();
    counts
        .iter()
        .map(|c| ChartRow {
            label: c.label.clone(),
            drawn: c.value.drawn(),
            scale: total,
            text: match c.value {
                People::Exact(n) => {
                    format!(
                        "{} ({} %)",
                        thousands(n),
                        (n * 100).checked_div(total).unwrap_or(0)
                    )
                }
                People::Masked => c.value.label(),
            },
        })
        .collect()
}

/// A part of the figures, following them: it changes only when what it shows changes.
fn follow<T>(
    figures: RwSignal<EditionStatistics>,
    read: impl Fn(&EditionStatistics) -> T + Send + Sync + 'static,
) -> Memo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    Memo::new(move |_| figures.with(|s| read(s)))
}

fn per_day_rows(s: &EditionStatistics) -> Vec<ChartRow> {
    s.per_day
        .iter()
        .map(|c| ChartRow {
            label: c.label.clone(),
            drawn: c.value.drawn(),
            scale: 0,
            text: c.value.label(),
        })
        .collect()
}

fn per_day_summary(s: &EditionStatistics) -> String {
    let busiest = s
        .per_day
        .iter()
        .max_by_key(|c| c.value.drawn())
        .filter(|c| c.value.drawn() > 0);
    match busiest {
        Some(day) => format!(
            "{} jours de candidature ; le plus de candidatures envoyées le {} : {}.",
            s.per_day.len(),
            day.label,
            day.value.label()
        ),
        None => format!(
            "{} jours de candidature ; aucune candidature envoyée.",
            s.per_day.len()
        ),
    }
}

/// The figures, each table and chart following its own part of them: a new count
/// redraws only the rows that show it, so an open data table stays open and the focus
/// stays where it was.
fn figures_view(figures: RwSignal<EditionStatistics>, measure: Memo<MapMeasure>) -> impl IntoView {
    let keys = follow(figures, key_figures);
    view! {
        <h2 class="fr-h4">{move || figures.with(|s| format!("Chiffres clés – {}", s.edition_name))}</h2>
        <ul class="fr-grid-row fr-grid-row--gutters fr-mb-3w vmj-plain-list">
            <For each=move || keys.get() key=|figure| figure.clone() let:figure>
                {key_figure(figure)}
            </For>
        </ul>

        <h2 class="fr-h4">"Offres, candidatures et binômes"</h2>
        <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-6">
                {counts_table("Offres par état", "État", follow(figures, |s| s.offers_by_state.clone()))}
            </div>
            <div class="fr-col-12 fr-col-md-6">
                {counts_table("Candidatures par statut", "Statut", follow(figures, |s| s.applications_by_status.clone()))}
            </div>
            <div class="fr-col-12 fr-col-md-6">
                {counts_table("Binômes", "Étape", follow(figures, |s| vec![
                    ("Formés".into(), s.pairs),
                    ("Annoncés".into(), s.pairs_announced),
                    ("Confirmés par l'étudiant".into(), s.confirmed_by_student),
                    ("Confirmés par l'ambassadeur".into(), s.confirmed_by_ambassador),
                    ("Confirmés des deux côtés".into(), s.confirmed_by_both),
                ]))}
            </div>
            <div class="fr-col-12 fr-col-md-6">
                {counts_table("Coaching et présence", "Étape", follow(figures, |s| vec![
                    ("Ambassadeurs inscrits à un coaching".into(), s.coaching_booked),
                    ("Présents au coaching".into(), s.coaching_attended),
                    ("Absents au coaching".into(), s.coaching_missed),
                    ("Étudiants présents le jour J".into(), s.present),
                    ("Étudiants absents le jour J".into(), s.absent),
                ]))}
            </div>
        </div>

        <h2 class="fr-h4">"Candidatures dans le temps"</h2>
        <ColumnChart id="candidatures-par-jour" title="Candidatures envoyées par jour"
            summary=follow(figures, per_day_summary) key_header="Jour" rows=follow(figures, per_day_rows) />

        <h2 class="fr-h4">"Sur la carte"</h2>
        {map_view(figures, measure)}

        <h2 class="fr-h4">"Répartitions"</h2>
        <p class="fr-text--sm">"Un groupe de moins de 5 personnes est masqué (« moins de 5 ») pour que personne n'y soit reconnaissable."</p>
        <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-lg-6">
                <BarChart title="Places pourvues par métier" bars=follow(figures, |s| group_rows(&s.by_job)) />
            </div>
            <div class="fr-col-12 fr-col-lg-6">
                <BarChart title="Places pourvues par région" bars=follow(figures, |s| group_rows(&s.by_region)) />
            </div>
            <div class="fr-col-12 fr-col-lg-6">
                <BarChart title="Places pourvues par ministère" bars=follow(figures, |s| group_rows(&s.by_ministry)) />
            </div>
            <div class="fr-col-12 fr-col-lg-6">
                <BarChart title="Vœu obtenu par les binômes" bars=follow(figures, |s| people_rows(&s.wish_rank)) />
            </div>
            <div class="fr-col-12 fr-col-lg-6">
                <BarChart title="Étudiants candidats par niveau" bars=follow(figures, |s| people_rows(&s.by_level)) />
            </div>
            <div class="fr-col-12 fr-col-lg-6">
                <BarChart title="Étudiants candidats par genre déclaré" bars=follow(figures, |s| people_rows(&s.by_gender)) />
            </div>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod live {
    //! The browser's side of the live figures: an `EventSource` on the server's stream.
    //! The browser reconnects by itself after a network error; after a refusal (a
    //! session that ended, say) the stream is opened again every few seconds.

    use super::Link;
    use crate::domain::statistics::EditionStatistics;
    use leptos::prelude::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{Event, EventSource, MessageEvent};

    const RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

    /// An open stream with its handlers (kept alive as long as the stream).
    struct Stream {
        source: EventSource,
        _on_open: Closure<dyn FnMut(Event)>,
        _on_error: Closure<dyn FnMut(Event)>,
        _on_figures: Closure<dyn FnMut(MessageEvent)>,
    }

    type Slot = Rc<RefCell<Option<Stream>>>;

    pub fn follow(
        edition_id: i64,
        figures: RwSignal<EditionStatistics>,
        link: RwSignal<Link>,
        paused: RwSignal<bool>,
        held: RwSignal<Option<EditionStatistics>>,
    ) {
        let slot: Slot = Rc::default();
        let deliver = Deliver {
            figures,
            paused,
            held,
        };
        connect(edition_id, deliver, link, slot.clone());
        let slot = send_wrapper::SendWrapper::new(slot);
        on_cleanup(move || {
            if let Some(stream) = slot.borrow_mut().take() {
                stream.source.close();
            }
        });
    }

    /// Where new figures go: shown, or held while the page is suspended.
    #[derive(Clone, Copy)]
    struct Deliver {
        figures: RwSignal<EditionStatistics>,
        paused: RwSignal<bool>,
        held: RwSignal<Option<EditionStatistics>>,
    }

    fn connect(edition_id: i64, deliver: Deliver, link: RwSignal<Link>, slot: Slot) {
        let Ok(source) = EventSource::new(&format!(
            "/organisation/statistiques/direct?edition={edition_id}"
        )) else {
            link.set(Link::Lost);
            return;
        };
        let on_open = Closure::<dyn FnMut(Event)>::new(move |_| link.set(Link::Live));
        let retry = slot.clone();
        let on_error = Closure::<dyn FnMut(Event)>::new(move |_| {
            link.set(Link::Lost);
            let closed = retry
                .borrow()
                .as_ref()
                .is_some_and(|s| s.source.ready_state() == EventSource::CLOSED);
            if closed {
                let slot = retry.clone();
                set_timeout(
                    move || {
                        if slot.borrow().is_some() {
                            connect(edition_id, deliver, link, slot.clone());
                        }
                    },
                    RETRY_AFTER,
                );
            }
        });
        let on_figures = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let next = event
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str::<EditionStatistics>(&text).ok());
            if let Some(next) = next {
                if deliver.paused.get_untracked() {
                    deliver.held.set(Some(next));
                } else {
                    deliver.figures.set(next);
                }
                link.set(Link::Live);
            }
        });
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let _ = source
            .add_event_listener_with_callback("statistiques", on_figures.as_ref().unchecked_ref());
        if let Some(old) = slot.borrow_mut().replace(Stream {
            source,
            _on_open: on_open,
            _on_error: on_error,
            _on_figures: on_figures,
        }) {
            old.source.close();
        }
    }
}
