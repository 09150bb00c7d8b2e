//! The public catalogue: what a search asks for, and what it shows.
//!
//! The whole filter state lives in the query string (`/offres?metier=…&region=…`), so a
//! copied link reproduces the results. [`OfferQuery`] is that query string as typed;
//! [`OfferFilter::parse`] turns it into a filter that can only hold sensible values, and
//! explains in French every value it had to ignore — a bad link never fails.

use super::level::LevelSet;
use super::text::fold;
use serde::{Deserialize, Serialize};

/// Offers shown per page.
pub const PAGE_SIZE: usize = 20;
/// Radius used when a commune is given without one.
pub const DEFAULT_RADIUS_KM: u32 = 50;
pub const MAX_RADIUS_KM: u32 = 1000;
const MAX_TEXT_CHARS: usize = 100;
const MAX_PAGE: u32 = 10_000;

/// The query string of `/offres`, field by field, exactly as received.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OfferQuery {
    pub metier: Option<String>,
    pub administration: Option<String>,
    pub region: Option<String>,
    pub departement: Option<String>,
    pub commune: Option<String>,
    pub rayon: Option<String>,
    pub q: Option<String>,
    pub tri: Option<String>,
    pub page: Option<String>,
}

impl OfferQuery {
    /// Reads the known keys from query pairs; unknown keys are dropped.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut query = OfferQuery::default();
        for (key, value) in pairs {
            let slot = match key {
                "metier" => &mut query.metier,
                "administration" => &mut query.administration,
                "region" => &mut query.region,
                "departement" => &mut query.departement,
                "commune" => &mut query.commune,
                "rayon" => &mut query.rayon,
                "q" => &mut query.q,
                "tri" => &mut query.tri,
                "page" => &mut query.page,
                _ => continue,
            };
            let value = value.trim();
            if !value.is_empty() {
                *slot = Some(value.to_string());
            }
        }
        query
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum OfferSort {
    /// Nearest first; needs a commune.
    Distance,
    /// Most places left first.
    #[default]
    PlacesLeft,
}

impl OfferSort {
    pub fn key(self) -> &'static str {
        match self {
            OfferSort::Distance => "distance",
            OfferSort::PlacesLeft => "places",
        }
    }
}

/// A message about one filter value that was ignored or adjusted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterNotice {
    /// The query-string key (and form field name) concerned.
    pub field: String,
    pub message: String,
}

impl FilterNotice {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// A validated search: every value has a sane shape (existence is checked by the server).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OfferFilter {
    pub job: Option<String>,
    pub administration: Option<String>,
    pub region: Option<String>,
    pub departement: Option<String>,
    pub commune: Option<String>,
    pub radius_km: u32,
    /// Folded words of the free-text search (accents and case removed).
    pub words: Vec<String>,
    /// The free text as typed, to show it back.
    pub text: Option<String>,
    /// The order asked for in the link; `None` means automatic.
    pub requested_sort: Option<OfferSort>,
    /// The order applied: the requested one, else by distance when a commune is given,
    /// else by places left.
    pub sort: OfferSort,
    pub page: u32,
}

fn is_slug(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 80
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// INSEE région or département code: "53", "2A", "971".
fn is_area_code(value: &str) -> bool {
    (2..=3).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'A' || b == b'B')
}

impl OfferFilter {
    /// How many filters narrow the results (the order and the page are not filters; the
    /// distance counts with its commune).
    pub fn active_count(&self) -> usize {
        [
            self.job.is_some(),
            self.administration.is_some(),
            self.region.is_some(),
            self.departement.is_some(),
            self.commune.is_some(),
            !self.words.is_empty(),
        ]
        .into_iter()
        .filter(|active| *active)
        .count()
    }

    pub fn parse(query: &OfferQuery) -> (OfferFilter, Vec<FilterNotice>) {
        let mut notices = Vec::new();
        let mut filter = OfferFilter {
            radius_km: DEFAULT_RADIUS_KM,
            page: 1,
            ..Default::default()
        };

        let mut slug = |field: &str, value: &Option<String>, what: &str| -> Option<String> {
            let value = value.as_deref()?;
            if is_slug(value) {
                Some(value.to_string())
            } else {
                notices.push(FilterNotice::new(
                    field,
                    format!(
                        "{what} « {} » n'est pas valide ; ce filtre a été ignoré.",
                        shorten(value)
                    ),
                ));
                None
            }
        };
        filter.job = slug("metier", &query.metier, "Le métier");
        filter.administration = slug("administration", &query.administration, "L'administration");

        let mut area = |field: &str, value: &Option<String>, what: &str| -> Option<String> {
            let value = value.as_deref()?.to_ascii_uppercase();
            if is_area_code(&value) {
                Some(value)
            } else {
                notices.push(FilterNotice::new(
                    field,
                    format!(
                        "{what} « {} » n'est pas un code valide ; ce filtre a été ignoré.",
                        shorten(&value)
                    ),
                ));
                None
            }
        };
        filter.region = area("region", &query.region, "La région");
        filter.departement = area("departement", &query.departement, "Le département");

        if let Some(commune) = query.commune.as_deref() {
            if commune.chars().count() > MAX_TEXT_CHARS {
                notices.push(FilterNotice::new("commune", "Le nom de commune est trop long (100 caractères au plus) ; ce filtre a été ignoré."));
            } else {
                filter.commune = Some(commune.to_string());
            }
        }

        if let Some(radius) = query.rayon.as_deref() {
            match radius.parse::<u32>() {
                Ok(km) if (1..=MAX_RADIUS_KM).contains(&km) => filter.radius_km = km,
                _ => notices.push(FilterNotice::new(
                    "rayon",
                    format!("La distance doit être un nombre de kilomètres entre 1 et {MAX_RADIUS_KM} ; {DEFAULT_RADIUS_KM} km est utilisé."),
                )),
            }
        }

        if let Some(text) = query.q.as_deref() {
            if text.chars().count() > MAX_TEXT_CHARS {
                notices.push(FilterNotice::new(
                    "q",
                    "La recherche est trop longue (100 caractères au plus) ; elle a été ignorée.",
                ));
            } else {
                filter.words = fold(text)
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .take(8)
                    .map(str::to_string)
                    .collect();
                filter.text = Some(text.to_string());
            }
        }

        filter.requested_sort = match query.tri.as_deref() {
            None => None,
            Some("distance") if filter.commune.is_some() => Some(OfferSort::Distance),
            Some("distance") => {
                notices.push(FilterNotice::new("tri", "Le tri par distance demande une commune ; les offres sont triées par places restantes."));
                None
            }
            Some("places") => Some(OfferSort::PlacesLeft),
            Some(other) => {
                notices.push(FilterNotice::new(
                    "tri",
                    format!(
                        "Le tri « {} » n'existe pas ; l'ordre par défaut est utilisé.",
                        shorten(other)
                    ),
                ));
                None
            }
        };
        filter.sort = filter
            .requested_sort
            .unwrap_or(if filter.commune.is_some() {
                OfferSort::Distance
            } else {
                OfferSort::PlacesLeft
            });

        if let Some(page) = query.page.as_deref() {
            match page.parse::<u32>() {
                Ok(n) if (1..=MAX_PAGE).contains(&n) => filter.page = n,
                _ => notices.push(FilterNotice::new(
                    "page",
                    "Le numéro de page n'est pas valide ; la première page est affichée.",
                )),
            }
        }
        (filter, notices)
    }

    /// The canonical query string of this filter for another page (`None`: no page key).
    pub fn to_query_string(&self, page: Option<u32>) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let mut push = |key, value: &Option<String>| {
            if let Some(v) = value {
                pairs.push((key, v.clone()));
            }
        };
        push("metier", &self.job);
        push("administration", &self.administration);
        push("region", &self.region);
        push("departement", &self.departement);
        push("commune", &self.commune);
        push("q", &self.text);
        if self.commune.is_some() {
            pairs.push(("rayon", self.radius_km.to_string()));
        }
        if let Some(sort) = self.requested_sort {
            pairs.push(("tri", sort.key().to_string()));
        }
        if let Some(p) = page.filter(|&p| p > 1) {
            pairs.push(("page", p.to_string()));
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={}", encode_component(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Percent-encodes a query-string value (RFC 3986 unreserved characters kept).
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn shorten(value: &str) -> String {
    let mut short: String = value.chars().take(40).collect();
    if value.chars().count() > 40 {
        short.push('…');
    }
    short
}

/// One offer in a list of results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferCard {
    pub id: i64,
    pub title: String,
    pub job_name: String,
    pub job_slug: String,
    pub administration_name: String,
    pub ministry_name: String,
    pub place_name: String,
    pub departement_code: String,
    pub region_name: String,
    pub capacity: i64,
    pub places_left: i64,
    pub levels: LevelSet,
    pub distance_km: Option<f64>,
}

/// A commune the user searched from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceRef {
    pub insee_code: String,
    pub name: String,
    pub departement_code: String,
}

impl PlaceRef {
    /// "Rennes (35)".
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.departement_code)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OfferResults {
    pub filter: OfferFilter,
    pub cards: Vec<OfferCard>,
    pub total: usize,
    pub page: u32,
    pub page_count: u32,
    pub origin: Option<PlaceRef>,
    pub notices: Vec<FilterNotice>,
}

/// A choice in a filter's drop-down list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterOption {
    pub value: String,
    pub label: String,
    /// The group it is listed under (an administration's ministry), if any.
    pub group: Option<String>,
}

impl FilterOption {
    /// A choice listed under no group.
    pub fn plain(value: impl Into<String>, label: impl Into<String>) -> FilterOption {
        FilterOption {
            value: value.into(),
            label: label.into(),
            group: None,
        }
    }

    /// `choices` cut where their group changes, in order: each run of one group becomes
    /// an `<optgroup>` (RGAA 11.8), a run of ungrouped choices stays as it is.
    pub fn grouped(choices: Vec<FilterOption>) -> Vec<(Option<String>, Vec<FilterOption>)> {
        let mut runs: Vec<(Option<String>, Vec<FilterOption>)> = Vec::new();
        for choice in choices {
            match runs.last_mut() {
                Some((group, members)) if *group == choice.group => members.push(choice),
                _ => runs.push((choice.group.clone(), vec![choice])),
            }
        }
        runs
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterOptions {
    pub jobs: Vec<FilterOption>,
    pub administrations: Vec<FilterOption>,
    pub regions: Vec<FilterOption>,
    pub departements: Vec<FilterOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeItem {
    pub starts_at: String,
    pub title: String,
    pub details: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NamedLink {
    pub slug: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferDetail {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub team: String,
    pub job: NamedLink,
    pub administration: NamedLink,
    pub ministry: NamedLink,
    pub place_name: String,
    pub departement_name: String,
    pub departement_code: String,
    pub region_name: String,
    pub address: String,
    pub capacity: i64,
    pub places_left: i64,
    pub levels: LevelSet,
    pub id_check_required: bool,
    pub step_free_access: bool,
    pub access_notes: String,
    pub ambassador_first_name: String,
    pub ambassador_job_title: String,
    pub edition_name: String,
    pub immersion_on: String,
    pub programme: Vec<ProgrammeItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobSummary {
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub open_offers: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobDetail {
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub missions: String,
    pub skills: String,
    pub studies: String,
    pub recruitment: String,
    pub open_offers: i64,
    pub offers: Vec<OfferCard>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdministrationSummary {
    pub slug: String,
    pub name: String,
    pub acronym: Option<String>,
    pub kind: String,
    pub open_offers: i64,
}

impl AdministrationSummary {
    pub fn kind_label(&self) -> &'static str {
        kind_label(&self.kind)
    }
}

/// French label of an administration kind.
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "ministere" => "Ministère",
        "direction" => "Direction d'administration centrale",
        "operateur" => "Opérateur de l'État",
        "service_deconcentre" => "Service déconcentré",
        _ => "Administration",
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MinistryGroup {
    pub ministry: AdministrationSummary,
    pub services: Vec<AdministrationSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdministrationDetail {
    pub summary: AdministrationSummary,
    pub description: String,
    pub website: Option<String>,
    pub parent: Option<NamedLink>,
    pub services: Vec<AdministrationSummary>,
    pub offers: Vec<OfferCard>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditionInfo {
    pub name: String,
    pub status: super::edition::EditionStatus,
    pub ambassadors_open_on: String,
    pub ambassadors_close_on: String,
    pub applications_open_on: String,
    pub applications_close_on: String,
    pub announcement_on: String,
    pub immersion_on: String,
    /// Most wishes an application may rank.
    #[serde(default)]
    pub max_wishes: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HomeStats {
    pub edition: Option<EditionInfo>,
    pub offers: i64,
    pub places: i64,
    pub ministries: i64,
    pub jobs: i64,
    /// Published offers per département (code, name, offers), for the home page's map.
    pub by_departement: Vec<(String, String, i64)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> OfferQuery {
        OfferQuery::from_pairs(pairs.iter().copied())
    }

    #[test]
    fn choices_are_grouped_by_runs_of_one_group() {
        let choice = |value: &str, group: Option<&str>| FilterOption {
            value: value.into(),
            label: value.into(),
            group: group.map(str::to_string),
        };
        let runs = FilterOption::grouped(vec![
            choice("a", None),
            choice("intérieur", Some("Intérieur")),
            choice("dgcl", Some("Intérieur")),
            choice("armées", Some("Armées")),
        ]);
        let shape: Vec<(Option<&str>, Vec<&str>)> = runs
            .iter()
            .map(|(group, members)| {
                (
                    group.as_deref(),
                    members.iter().map(|m| m.value.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                (None, vec!["a"]),
                (Some("Intérieur"), vec!["intérieur", "dgcl"]),
                (Some("Armées"), vec!["armées"]),
            ]
        );
    }

    #[test]
    fn parses_a_full_query_without_notice() {
        let (filter, notices) = OfferFilter::parse(&query(&[
            ("metier", "data-scientist"),
            ("region", "53"),
            ("departement", "2a"),
            ("commune", "Rennes"),
            ("rayon", "80"),
            ("q", "Défense  Cyber"),
            ("page", "3"),
            ("inconnu", "x"),
        ]));
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(filter.job.as_deref(), Some("data-scientist"));
        assert_eq!(filter.departement.as_deref(), Some("2A"));
        assert_eq!(filter.radius_km, 80);
        assert_eq!(filter.words, vec!["defense", "cyber"]);
        assert_eq!(filter.sort, OfferSort::Distance);
        assert_eq!(filter.page, 3);
        assert_eq!(filter.active_count(), 5);
    }

    #[test]
    fn order_page_and_ignored_values_are_not_active_filters() {
        let (filter, _) = OfferFilter::parse(&query(&[
            ("tri", "places"),
            ("page", "2"),
            ("rayon", "25"),
            ("region", "pas-un-code"),
        ]));
        assert_eq!(filter.active_count(), 0);
        let (filter, _) = OfferFilter::parse(&query(&[("administration", "dinum"), ("q", "  ")]));
        assert_eq!(filter.active_count(), 1);
    }

    #[test]
    fn bad_values_are_ignored_with_a_french_notice_per_field() {
        let (filter, notices) = OfferFilter::parse(&query(&[
            ("metier", "Robert'); DROP TABLE offers;--"),
            ("region", "ile-de-france"),
            ("rayon", "-5"),
            ("tri", "distance"),
            ("page", "zéro"),
        ]));
        assert_eq!(
            filter,
            OfferFilter {
                radius_km: DEFAULT_RADIUS_KM,
                page: 1,
                ..Default::default()
            }
        );
        let fields: Vec<&str> = notices.iter().map(|n| n.field.as_str()).collect();
        assert_eq!(fields, ["metier", "region", "rayon", "tri", "page"]);
        assert!(notices.iter().all(|n| n.message.ends_with('.')));
    }

    #[test]
    fn empty_values_count_as_absent() {
        let (filter, notices) = OfferFilter::parse(&query(&[("metier", ""), ("commune", "  ")]));
        assert!(notices.is_empty());
        assert_eq!(filter.job, None);
        assert_eq!(filter.commune, None);
    }

    #[test]
    fn query_string_round_trips() {
        let original = query(&[
            ("metier", "developpeur"),
            ("commune", "Saint-Étienne"),
            ("q", "a&b"),
            ("page", "2"),
        ]);
        let (with_sort, _) = OfferFilter::parse(&query(&[("tri", "places")]));
        assert_eq!(with_sort.to_query_string(None), "tri=places");
        let (filter, _) = OfferFilter::parse(&original);
        let qs = filter.to_query_string(Some(2));
        assert_eq!(
            qs,
            "metier=developpeur&commune=Saint-%C3%89tienne&q=a%26b&rayon=50&page=2"
        );
        let decoded: Vec<(String, String)> = qs
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_string(), percent_decode(v))
            })
            .collect();
        let again = OfferQuery::from_pairs(decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(OfferFilter::parse(&again).0, filter);
    }

    fn percent_decode(v: &str) -> String {
        let bytes = v.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }
}
