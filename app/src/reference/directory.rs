//! Digital job families and State administrations, written by the team.
//! Job texts follow the State's digital jobs directory: missions, skills, studies and the
//! three ways in (concours, contrat, apprentissage).

pub struct JobDefinition {
    pub slug: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
    pub missions: &'static str,
    pub skills: &'static str,
    pub studies: &'static str,
    pub recruitment: &'static str,
}

pub struct AdministrationDefinition {
    pub slug: &'static str,
    pub name: &'static str,
    pub acronym: Option<&'static str>,
    /// 'ministere', 'direction', 'operateur' or 'service_deconcentre'.
    pub kind: &'static str,
    /// Slug of the parent; `None` for a ministry.
    pub parent: Option<&'static str>,
    pub description: &'static str,
    pub website: Option<&'static str>,
}

const RECRUTEMENT_INGENIEUR: &str = "Concours d'ingénieur des systèmes d'information et de communication (catégorie A) ou concours d'attaché ; contrat de droit public (CDD de trois ans renouvelable, puis CDI) ouvert aux profils expérimentés comme aux jeunes diplômés ; apprentissage en dernière année de master ou d'école d'ingénieurs.";
const RECRUTEMENT_TECHNICIEN: &str = "Concours de technicien des systèmes d'information et de communication (catégorie B) ou de programmeur ; contrat de droit public ; apprentissage en BTS, BUT ou licence professionnelle.";

pub const JOBS: &[JobDefinition] = &[
    JobDefinition {
        slug: "developpeur",
        name: "Développeuse ou développeur",
        summary: "Conçoit, code et maintient les services numériques publics, du formulaire en ligne à l'API nationale.",
        missions: "Développer de nouvelles fonctionnalités avec l'équipe produit ; écrire des tests automatisés ; relire le code de ses collègues ; corriger les anomalies remontées par les usagers ; publier le code en open source lorsque c'est possible.",
        skills: "Un ou plusieurs langages (Python, Java, JavaScript, Rust…), bases de données, Git, tests, accessibilité et sécurité des applications web, travail en équipe agile.",
        studies: "BUT informatique, licence ou master en informatique, école d'ingénieurs ; les reconversions sont fréquentes.",
        recruitment: RECRUTEMENT_INGENIEUR,
    },
    JobDefinition {
        slug: "data-scientist",
        name: "Data scientist",
        summary: "Exploite les données publiques pour éclairer les décisions et améliorer les politiques publiques.",
        missions: "Comprendre la question métier ; collecter et nettoyer les données ; construire des modèles statistiques ou d'apprentissage automatique ; restituer les résultats sous forme de tableaux de bord et de notes ; veiller à l'éthique et à la protection des données.",
        skills: "Statistiques, Python ou R, SQL, apprentissage automatique, visualisation de données, pédagogie pour expliquer les résultats à des non-spécialistes.",
        studies: "Master en statistiques, mathématiques appliquées ou informatique ; écoles d'ingénieurs et de statistique (ENSAE, ENSAI).",
        recruitment: "Concours d'administrateur ou d'attaché de l'INSEE, concours d'ingénieur ; contrat de droit public ; apprentissage en master.",
    },
    JobDefinition {
        slug: "ingenieur-donnees",
        name: "Ingénieure ou ingénieur des données",
        summary: "Construit les chaînes qui collectent, stockent et mettent à disposition les données de l'administration.",
        missions: "Concevoir les entrepôts et lacs de données ; automatiser les flux d'alimentation ; garantir la qualité et la traçabilité des données ; ouvrir les jeux de données en open data.",
        skills: "SQL, Python, outils d'orchestration, formats et API de données, cloud, sécurité et gouvernance des données.",
        studies: "Master ou école d'ingénieurs en informatique ou en données.",
        recruitment: RECRUTEMENT_INGENIEUR,
    },
    JobDefinition {
        slug: "rssi",
        name: "Responsable de la sécurité des systèmes d'information (RSSI)",
        summary: "Définit et pilote la politique de sécurité numérique d'une administration.",
        missions: "Analyser les risques ; rédiger la politique de sécurité ; conduire les homologations de sécurité ; sensibiliser les agents ; piloter la réponse aux incidents avec l'ANSSI et les équipes techniques.",
        skills: "Gestion des risques (EBIOS RM), réglementation (RGS, RGPD), architecture sécurisée, sens de la pédagogie et de la négociation.",
        studies: "Master ou école d'ingénieurs spécialisés en cybersécurité ; le métier s'exerce souvent après une première expérience technique.",
        recruitment: RECRUTEMENT_INGENIEUR,
    },
    JobDefinition {
        slug: "analyste-cybersecurite",
        name: "Analyste en cybersécurité",
        summary: "Surveille les systèmes, détecte les attaques et mène les investigations numériques.",
        missions: "Surveiller les alertes d'un centre opérationnel de sécurité (SOC) ; qualifier et traiter les incidents ; analyser des logiciels malveillants ; réaliser des audits et tests d'intrusion.",
        skills: "Réseaux et systèmes, outils de détection, analyse de journaux, scripts, curiosité et rigueur.",
        studies: "BUT réseaux et télécommunications, licence professionnelle ou master en cybersécurité.",
        recruitment: RECRUTEMENT_TECHNICIEN,
    },
    JobDefinition {
        slug: "architecte-si",
        name: "Architecte des systèmes d'information",
        summary: "Dessine l'organisation d'ensemble des applications, des données et des infrastructures.",
        missions: "Concevoir l'architecture des nouveaux projets ; garantir la cohérence et l'interopérabilité du système d'information ; choisir les technologies ; accompagner les équipes de réalisation.",
        skills: "Architecture logicielle et technique, cloud, API, sécurité, urbanisation des systèmes d'information, capacité de synthèse.",
        studies: "École d'ingénieurs ou master en informatique, après plusieurs années d'expérience.",
        recruitment: RECRUTEMENT_INGENIEUR,
    },
    JobDefinition {
        slug: "chef-de-projet",
        name: "Cheffe ou chef de projet informatique",
        summary: "Conduit un projet numérique de l'expression du besoin à la mise en service.",
        missions: "Recueillir le besoin des utilisateurs ; planifier et suivre le budget ; coordonner les équipes internes et les prestataires ; conduire le changement et la recette.",
        skills: "Gestion de projet (cycle en V et agile), culture technique, marchés publics, communication et animation d'équipe.",
        studies: "Master ou école d'ingénieurs, école de commerce avec une spécialisation numérique.",
        recruitment: RECRUTEMENT_INGENIEUR,
    },
    JobDefinition {
        slug: "product-manager",
        name: "Product manager",
        summary: "Fait naître et grandir un service public numérique centré sur ses usagers.",
        missions: "Identifier les problèmes des usagers ; prioriser les fonctionnalités ; mesurer l'impact du service ; animer une petite équipe autonome selon l'approche des startups d'État.",
        skills: "Recherche utilisateur, priorisation, indicateurs d'impact, méthodes agiles, conviction et écoute.",
        studies: "Écoles d'ingénieurs, de commerce ou Sciences Po ; de nombreux profils en reconversion.",
        recruitment: "Contrat de droit public, souvent au sein des incubateurs de beta.gouv.fr ; concours d'attaché pour les postes permanents.",
    },
    JobDefinition {
        slug: "designer",
        name: "Designer de services numériques",
        summary: "Rend les démarches administratives simples, accessibles et agréables à utiliser.",
        missions: "Mener des entretiens et des tests avec les usagers ; concevoir les parcours et les maquettes ; appliquer le système de design de l'État (DSFR) ; vérifier l'accessibilité (RGAA).",
        skills: "Design d'interaction et d'interface, recherche utilisateur, prototypage, accessibilité numérique, rédaction claire.",
        studies: "Écoles de design, master en design d'interaction ou en ergonomie.",
        recruitment: "Contrat de droit public ; concours d'attaché ou d'ingénieur ; apprentissage en école de design.",
    },
    JobDefinition {
        slug: "administrateur-systemes",
        name: "Administratrice ou administrateur systèmes et réseaux",
        summary: "Installe, exploite et sécurise les serveurs et réseaux qui font tourner les services de l'État.",
        missions: "Installer et mettre à jour les serveurs ; superviser la production ; gérer les sauvegardes ; traiter les incidents ; participer à la sécurité des infrastructures.",
        skills: "Linux et Windows Server, réseaux, virtualisation, scripts, supervision, sens du service.",
        studies: "BTS SIO, BUT réseaux et télécommunications, licence professionnelle.",
        recruitment: RECRUTEMENT_TECHNICIEN,
    },
    JobDefinition {
        slug: "devops",
        name: "Ingénieure ou ingénieur DevOps",
        summary: "Automatise le déploiement et l'exploitation des applications sur le cloud de l'État.",
        missions: "Construire les chaînes d'intégration et de déploiement continus ; industrialiser les infrastructures en code ; améliorer la fiabilité et l'observabilité des services.",
        skills: "Conteneurs et orchestration, infrastructure en code, intégration continue, supervision, Linux.",
        studies: "École d'ingénieurs ou master en informatique, BUT avec expérience.",
        recruitment: RECRUTEMENT_INGENIEUR,
    },
    JobDefinition {
        slug: "geomaticien",
        name: "Géomaticienne ou géomaticien",
        summary: "Produit et analyse l'information géographique : cartes, référentiels et données spatiales.",
        missions: "Collecter et qualifier des données géographiques ; produire des cartes et analyses spatiales ; administrer des bases de données géographiques ; diffuser les données.",
        skills: "Systèmes d'information géographique (QGIS), bases de données spatiales, télédétection, programmation.",
        studies: "Master en géomatique, école d'ingénieurs (ENSG).",
        recruitment: "Concours d'ingénieur des travaux géographiques et cartographiques de l'État ; contrat ; apprentissage.",
    },
    JobDefinition {
        slug: "expert-accessibilite",
        name: "Experte ou expert en accessibilité numérique",
        summary: "Veille à ce que chaque service numérique public soit utilisable par toutes et tous.",
        missions: "Auditer les sites selon le RGAA ; accompagner les équipes dans les corrections ; former développeurs et designers ; suivre la conformité et publier les déclarations d'accessibilité.",
        skills: "RGAA et WCAG, technologies d'assistance, HTML et ARIA, pédagogie.",
        studies: "Formations en développement web ou en design, certifications en accessibilité.",
        recruitment: "Contrat de droit public ; concours d'ingénieur ou d'attaché.",
    },
    JobDefinition {
        slug: "ingenieur-ia",
        name: "Ingénieure ou ingénieur en intelligence artificielle",
        summary: "Conçoit des outils d'IA au service des agents publics et des usagers.",
        missions: "Adapter et évaluer des modèles de langage ou de vision ; industrialiser leur mise en production ; mesurer leurs biais et leur impact ; documenter leurs limites.",
        skills: "Apprentissage automatique, Python, évaluation de modèles, infrastructures de calcul, éthique de l'IA.",
        studies: "Master ou doctorat en apprentissage automatique, école d'ingénieurs.",
        recruitment: RECRUTEMENT_INGENIEUR,
    },
];

const fn ministry(
    slug: &'static str,
    name: &'static str,
    description: &'static str,
    website: &'static str,
) -> AdministrationDefinition {
    AdministrationDefinition {
        slug,
        name,
        acronym: None,
        kind: "ministere",
        parent: None,
        description,
        website: Some(website),
    }
}

const fn service(
    slug: &'static str,
    name: &'static str,
    acronym: &'static str,
    kind: &'static str,
    parent: &'static str,
    description: &'static str,
) -> AdministrationDefinition {
    AdministrationDefinition {
        slug,
        name,
        acronym: Some(acronym),
        kind,
        parent: Some(parent),
        description,
        website: None,
    }
}

/// The e-mail domains of the administrations above, for ambassadors' sign-up: `gouv.fr`
/// covers the ministries and most services (`interieur.gouv.fr`,
/// `dgfip.finances.gouv.fr`, `ssi.gouv.fr`…); the others write from their own domain.
/// `AMBASSADOR_EMAIL_DOMAINS` replaces this list.
pub const PROFESSIONAL_EMAIL_DOMAINS: &str =
    "gouv.fr, francetravail.fr, ign.fr, insee.fr, meteo.fr";

/// Ministries first: a service names its parent, which must come before it.
pub const ADMINISTRATIONS: &[AdministrationDefinition] = &[
    ministry("premier-ministre", "Services du Premier ministre", "Les services rattachés au Premier ministre pilotent la transformation numérique de l'État et sa sécurité numérique.", "https://www.info.gouv.fr"),
    ministry("interieur", "Ministère de l'Intérieur", "Sécurité intérieure, titres d'identité, élections, administration territoriale : des systèmes d'information critiques utilisés par des centaines de milliers d'agents.", "https://www.interieur.gouv.fr"),
    ministry("armees", "Ministère des Armées", "Le numérique de défense, des systèmes d'information d'administration et de gestion aux systèmes opérationnels.", "https://www.defense.gouv.fr"),
    ministry("economie", "Ministère de l'Économie et des Finances", "Impôts, douanes, statistique publique, comptabilité de l'État : le premier employeur d'informaticiens de l'État.", "https://www.economie.gouv.fr"),
    ministry("justice", "Ministère de la Justice", "La transformation numérique de la justice : procédure pénale numérique, portail du justiciable, outils des juridictions.", "https://www.justice.gouv.fr"),
    ministry("education", "Ministère de l'Éducation nationale", "Les services numériques de 12 millions d'élèves, de leurs familles et d'un million d'agents.", "https://www.education.gouv.fr"),
    ministry("transition-ecologique", "Ministère de la Transition écologique", "Données environnementales, transports, énergie, risques naturels : le numérique au service de la transition écologique.", "https://www.ecologie.gouv.fr"),
    ministry("travail-solidarites", "Ministère du Travail et des Solidarités", "Emploi, santé et solidarités : les systèmes d'information des ministères sociaux et de leurs opérateurs.", "https://travail-emploi.gouv.fr"),
    service("dinum", "Direction interministérielle du numérique", "DINUM", "direction", "premier-ministre", "Elle oriente la stratégie numérique de l'État, opère des services interministériels (FranceConnect, data.gouv.fr) et accompagne les startups d'État de beta.gouv.fr."),
    service("anssi", "Agence nationale de la sécurité des systèmes d'information", "ANSSI", "direction", "premier-ministre", "Autorité nationale en matière de cybersécurité, rattachée au Secrétariat général de la défense et de la sécurité nationale."),
    service("dnum-interieur", "Direction du numérique du ministère de l'Intérieur", "DNUM", "direction", "interieur", "Elle conçoit et opère les systèmes d'information du ministère et de ses forces."),
    service("ants", "Agence nationale des titres sécurisés", "ANTS", "operateur", "interieur", "Elle produit et délivre les titres sécurisés : carte nationale d'identité, passeport, permis de conduire, certificat d'immatriculation."),
    service("sgami-ouest", "Secrétariat général pour l'administration du ministère de l'Intérieur Ouest", "SGAMI Ouest", "service_deconcentre", "interieur", "Il apporte aux forces de sécurité de l'Ouest de la France leur soutien informatique et logistique."),
    service("dgnum", "Direction générale du numérique et des systèmes d'information et de communication", "DGNUM", "direction", "armees", "Elle définit la stratégie numérique du ministère des Armées et en assure la cohérence."),
    service("agence-numerique-defense", "Agence du numérique de défense", "AND", "direction", "armees", "Elle conduit les projets numériques du ministère des Armées, de l'innovation à la mise en service."),
    service("dgfip", "Direction générale des Finances publiques", "DGFiP", "direction", "economie", "Impôt sur le revenu, cadastre, paie des agents publics : ses services numériques sont utilisés par tous les Français."),
    service("insee", "Institut national de la statistique et des études économiques", "INSEE", "direction", "economie", "Il produit et diffuse la statistique publique : recensement, indices de prix, comptes nationaux."),
    service("douane", "Direction générale des douanes et droits indirects", "DGDDI", "direction", "economie", "Les systèmes de dédouanement et de lutte contre la fraude aux frontières."),
    service("drfip-auvergne-rhone-alpes", "Direction régionale des Finances publiques d'Auvergne-Rhône-Alpes", "DRFiP", "service_deconcentre", "economie", "Service déconcentré de la DGFiP, elle accueille des équipes de développement et d'exploitation informatique."),
    service("snum-justice", "Service du numérique du ministère de la Justice", "SNUM", "direction", "justice", "Il conduit la transformation numérique des juridictions, de l'administration pénitentiaire et de la protection judiciaire de la jeunesse."),
    service("dne", "Direction du numérique pour l'éducation", "DNE", "direction", "education", "Elle pilote les services numériques des écoles et établissements et leurs usages pédagogiques."),
    service("dnum-ecologie", "Direction du numérique des ministères de l'aménagement du territoire et de la transition écologique", "DNUM", "direction", "transition-ecologique", "Elle conçoit et opère les systèmes d'information des ministères de la transition écologique."),
    service("ign", "Institut national de l'information géographique et forestière", "IGN", "operateur", "transition-ecologique", "Il décrit le territoire national et ses forêts : Géoportail, référentiels géographiques, cartographie."),
    service("meteo-france", "Météo-France", "Météo-France", "operateur", "transition-ecologique", "Le service météorologique national : prévision, supercalculateurs, climatologie."),
    service("dnum-sociaux", "Direction du numérique des ministères sociaux", "DNUM", "direction", "travail-solidarites", "Elle conçoit et opère les systèmes d'information des ministères du travail, de la santé et des solidarités."),
    service("france-travail", "France Travail", "France Travail", "operateur", "travail-solidarites", "L'opérateur public de l'emploi et ses services numériques pour les demandeurs d'emploi et les entreprises."),
    service("ans", "Agence du numérique en santé", "ANS", "operateur", "travail-solidarites", "Elle accompagne la transformation numérique du système de santé : Mon espace santé, référentiels, sécurité."),
];
