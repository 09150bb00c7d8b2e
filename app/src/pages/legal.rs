use leptos::prelude::*;
use leptos_meta::Title;

/// The RGAA audit, as the grid `docs/rgaa.md` records it (a test checks the two agree).
pub struct Audit {
    pub date: &'static str,
    pub compliant: u32,
    pub non_compliant: u32,
    pub not_applicable: u32,
    /// The criteria not met, each with what it means for a user.
    pub faults: &'static [(&'static str, &'static str)],
}

impl Audit {
    /// The share of applicable criteria met, in whole percent (rounded down).
    pub fn rate(&self) -> u32 {
        (self.compliant * 100)
            .checked_div(self.compliant + self.non_compliant)
            .unwrap_or(0)
    }

    /// The State's three levels: fully (every criterion), partially (at least half), not.
    pub fn status(&self) -> &'static str {
        match self.rate() {
            100 => "totalement conforme",
            50.. => "partiellement conforme",
            _ => "non conforme",
        }
    }
}

pub const AUDIT: Audit = Audit {
    date: "3 décembre 2026",
    compliant: 70,
    non_compliant: 1,
    not_applicable: 35,
    faults: &[
        ("8.2", "Le code HTML produit n'est pas entièrement valide : l'outil de rendu y laisse ses marques (commentaires d'hydratation, scripts de données après la fin du document) et le menu de l'en-tête sur téléphone suit le modèle du DSFR, valide seulement une fois ouvert."),
    ],
};

/// The accessibility statement, in the State's format.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let audit = &AUDIT;
    view! {
        <Title text="Déclaration d'accessibilité" />
        <div class="fr-container fr-my-6w">
            <div class="fr-grid-row">
                <div class="fr-col-12 fr-col-lg-9">
                    <h1>"Déclaration d'accessibilité"</h1>
                    <p>{format!("Établie le {}.", audit.date)}</p>
                    <p>"La Direction interministérielle du numérique (DINUM) s'engage à rendre ses services numériques accessibles, conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005."</p>
                    <p>"Cette déclaration d'accessibilité s'applique à Vis mon job, la plateforme de l'opération d'immersion de l'État dans ses métiers du numérique."</p>
                    <h2>"État de conformité"</h2>
                    <p>
                        "Vis mon job est "<strong>{audit.status()}</strong>" avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1, en raison des non-conformités énumérées ci-dessous."
                    </p>
                    <h2>"Résultats des tests"</h2>
                    <p>
                        {format!(
                            "L'audit de conformité réalisé par l'équipe du projet révèle que {} % des critères du RGAA version 4.1 sont respectés : {} critères conformes et {} non conformes sur {} applicables ({} critères ne s'appliquent pas au site).",
                            audit.rate(), audit.compliant, audit.non_compliant, audit.compliant + audit.non_compliant, audit.not_applicable
                        )}
                    </p>
                    <h2>"Contenus non accessibles"</h2>
                    <h3 class="fr-h5">"Non-conformités"</h3>
                    <ul>
                        {audit.faults.iter().map(|(criterion, fault)| view! {
                            <li>{format!("Critère {criterion} : {fault}")}</li>
                        }).collect_view()}
                    </ul>
                    <h3 class="fr-h5">"Dérogations pour charge disproportionnée"</h3>
                    <p>"Aucune."</p>
                    <h3 class="fr-h5">"Contenus non soumis à l'obligation d'accessibilité"</h3>
                    <p>"Les fichiers de données téléchargés par l'équipe du programme (exports CSV) et l'export des données personnelles (JSON) : ce sont des fichiers à traiter dans un tableur ou un programme, pas des documents à lire."</p>
                    <h2>"Établissement de cette déclaration d'accessibilité"</h2>
                    <p>{format!("Cette déclaration a été établie le {}.", audit.date)}</p>
                    <h3 class="fr-h5">"Technologies utilisées pour la réalisation du site"</h3>
                    <ul>
                        <li>"HTML5"</li>
                        <li>"CSS (système de design de l'État, DSFR)"</li>
                        <li>"SVG"</li>
                        <li>"WebAssembly et JavaScript (le site fonctionne aussi sans)"</li>
                    </ul>
                    <h3 class="fr-h5">"Environnement de test"</h3>
                    <p>"Chromium 156 sous Linux, au clavier seul, à 1 280 et à 320 pixels de large, avec et sans JavaScript. Les pages n'ont pas encore été testées avec un lecteur d'écran (NVDA, JAWS, VoiceOver) : ce sera fait au prochain audit."</p>
                    <h3 class="fr-h5">"Outils pour évaluer l'accessibilité"</h3>
                    <ul>
                        <li>"axe-core (règles WCAG 2.1 A et AA et bonnes pratiques), sur chaque page, à chaque modification du code"</li>
                        <li>"Parcours au clavier seul automatisés (inscription, vœux et envoi de la candidature ; éditeur d'offre)"</li>
                        <li>"Lighthouse"</li>
                        <li>"Validateur HTML du W3C (Nu Html Checker) et injection des espacements de texte du critère 10.12"</li>
                        <li>"Lecture du code de chaque page, critère par critère"</li>
                    </ul>
                    <h3 class="fr-h5">"Pages du site ayant fait l'objet de la vérification de conformité"</h3>
                    <p>"L'accueil, le catalogue des offres et une offre, les métiers et les administrations, les pages de compte (inscription, connexion, double authentification, mot de passe oublié, mon compte), le profil et la candidature d'un étudiant, l'espace, le profil, le coaching et l'éditeur d'offre d'un ambassadeur, et chaque page de l'équipe du programme (éditions, offres à valider, binômes, statistiques, coaching, courriels, journal), ainsi que les pages d'information (accessibilité, mentions légales, données personnelles, plan du site)."</p>
                    <h2>"Retour d'information et contact"</h2>
                    <p>"Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter l'équipe du programme pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme :"</p>
                    <ul>
                        <li>"par courriel : "<a href="mailto:accessibilite@vismonjob.numerique.gouv.fr">"accessibilite@vismonjob.numerique.gouv.fr"</a></li>
                        <li>"par courrier : DINUM, Vis mon job, 20 avenue de Ségur, 75007 Paris"</li>
                    </ul>
                    <h2>"Voies de recours"</h2>
                    <p>"Si vous constatez un défaut d'accessibilité vous empêchant d'accéder à un contenu ou une fonctionnalité du site, que vous nous le signalez et que vous ne parvenez pas à obtenir une réponse de notre part, vous êtes en droit de faire parvenir vos doléances ou une demande de saisine au Défenseur des droits."</p>
                    <p>"Plusieurs moyens sont à votre disposition :"</p>
                    <ul>
                        <li>"écrire un message au Défenseur des droits, par le formulaire de son site : "<a href="https://formulaire.defenseurdesdroits.fr/">"formulaire.defenseurdesdroits.fr"</a></li>
                        <li>"contacter le délégué du Défenseur des droits dans votre région : "<a href="https://www.defenseurdesdroits.fr/carte-des-delegues">"liste des délégués"</a></li>
                        <li>"envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07"</li>
                    </ul>
                </div>
            </div>
        </div>
    }
}

#[component]
pub fn LegalNoticePage() -> impl IntoView {
    view! {
        <Title text="Mentions légales" />
        <div class="fr-container fr-my-6w">
            <h1>"Mentions légales"</h1>
            <h2>"Éditeur"</h2>
            <p>"Direction interministérielle du numérique (DINUM), 20 avenue de Ségur, 75007 Paris."</p>
            <h2>"Directeur de la publication"</h2>
            <p>"Le directeur interministériel du numérique."</p>
            <h2>"Données des démonstrations"</h2>
            <p>
                "Les personnes présentées dans l'édition de démonstration sont fictives ; toute ressemblance avec des personnes réelles serait fortuite."
            </p>
            <h2>"Données géographiques"</h2>
            <p>
                "Découpage administratif : Etalab, d'après le code officiel géographique de l'INSEE. Coordonnées des communes : GeoNames (licence CC BY 4.0)."
            </p>
        </div>
    }
}

/// What personal data the programme holds, why, how long, and the rights over it (RGPD,
/// articles 13 and 14).
#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text="Données personnelles" />
        <div class="fr-container fr-my-6w">
            <div class="fr-grid-row">
                <div class="fr-col-12 fr-col-lg-9">
                    <h1>"Données personnelles"</h1>
                    <p>"Vis mon job est la plateforme de l'opération d'immersion de l'État dans ses métiers du numérique. Cette page dit quelles données personnelles elle traite, pourquoi, combien de temps, et comment exercer vos droits."</p>
                    <h2>"Responsable du traitement"</h2>
                    <p>"La Direction interministérielle du numérique (DINUM), 20 avenue de Ségur, 75007 Paris, qui organise le programme."</p>
                    <h2>"Finalités"</h2>
                    <ul>
                        <li>"Gérer les comptes : inscription, connexion, sécurité (journal des connexions, limites de tentatives, double authentification des organisateurs)."</li>
                        <li>"Publier les offres d'accueil des ambassadeurs et recevoir les candidatures des étudiants."</li>
                        <li>"Former les binômes étudiant–ambassadeur, les annoncer et organiser la journée (coaching, présence, avis)."</li>
                        <li>"Envoyer les courriels du programme (confirmation, candidature, binôme, rappels)."</li>
                        <li>"Produire des statistiques anonymes de chaque édition."</li>
                    </ul>
                    <h2>"Données traitées"</h2>
                    <ul>
                        <li>"Pour tous : nom, prénom, adresse électronique, mot de passe (haché, jamais lisible), sessions (navigateur et système, dates)."</li>
                        <li>"Étudiants : établissement, niveau, formation, commune, distance acceptée, genre s'il est indiqué, candidature, vœux et motivation."</li>
                        <li>"Ambassadeurs : fonction, administration, téléphone s'il est indiqué, présentation, offres et programme de la journée."</li>
                        <li>"Binômes : confirmations, présence, avis."</li>
                    </ul>
                    <h2>"Base légale"</h2>
                    <p>"L'exécution d'une mission d'intérêt public (article 6.1.e du règlement général sur la protection des données) : faire découvrir les métiers du numérique de l'État. Le genre, facultatif, ne sert qu'aux statistiques anonymes."</p>
                    <h2>"Destinataires"</h2>
                    <p>"L'équipe du programme (organisateurs). Une fois le binôme annoncé, l'étudiant et son ambassadeur voient le nom, l'adresse électronique et ce que l'autre a choisi de partager. Aucune donnée n'est cédée ni utilisée à des fins commerciales."</p>
                    <h2>"Durée de conservation"</h2>
                    <p>
                        "Les données personnelles d'une édition sont anonymisées "
                        <strong>"un an"</strong>
                        " après sa journée d'immersion (durée fixée pour chaque édition et annoncée avec elle), une fois l'édition terminée : les comptes des étudiants et des ambassadeurs qui ne participent pas à une édition plus récente perdent leur nom, leur adresse et leurs textes ; seuls restent des chiffres anonymes. Un compte supprimé par son titulaire l'est aussitôt. Les sessions de connexion expirent après quelques heures d'inactivité ; les courriels envoyés sont effacés après 30 jours."
                    </p>
                    <h2>"Vos droits"</h2>
                    <p>"Vous disposez d'un droit d'accès, de rectification, d'effacement, de limitation et d'opposition. Depuis « Mon compte », vous pouvez à tout moment :"</p>
                    <ul>
                        <li>"télécharger toutes les données conservées sur votre compte (fichier JSON) ;"</li>
                        <li>"corriger votre profil ;"</li>
                        <li>"supprimer votre compte."</li>
                    </ul>
                    <p><a class="fr-link" href="/compte">"Aller à « Mon compte »"</a></p>
                    <h2>"Contact"</h2>
                    <p>"Pour toute question ou pour exercer vos droits autrement : le délégué à la protection des données de la DINUM, 20 avenue de Ségur, 75007 Paris. Si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL (www.cnil.fr)."</p>
                </div>
            </div>
        </div>
    }
}

/// Every page a person can reach, by space: the site's second way to find a page,
/// beside the menu.
#[component]
pub fn SiteMapPage() -> impl IntoView {
    const SECTIONS: [(&str, &[(&str, &str)]); 6] = [
        (
            "Découvrir le programme",
            &[
                ("/", "Accueil"),
                ("/offres", "Offres d'accueil"),
                ("/metiers", "Métiers"),
                ("/administrations", "Administrations"),
            ],
        ),
        (
            "Compte",
            &[
                ("/inscription", "Créer un compte"),
                ("/connexion", "Se connecter"),
                ("/mot-de-passe-oublie", "Mot de passe oublié"),
                ("/compte", "Mon compte"),
            ],
        ),
        (
            "Étudiantes et étudiants",
            &[
                ("/profil", "Mon profil"),
                ("/candidature", "Ma candidature"),
            ],
        ),
        (
            "Ambassadrices et ambassadeurs",
            &[
                ("/ambassadeur", "Mon espace d'ambassadeur"),
                ("/ambassadeur/profil", "Mon profil d'ambassadeur"),
                (
                    "/ambassadeur/offres/nouvelle",
                    "Proposer une offre d'accueil",
                ),
                ("/ambassadeur/coaching", "Sessions de coaching"),
            ],
        ),
        (
            "Équipe du programme",
            &[
                ("/organisation", "Organisation"),
                ("/organisation/editions", "Éditions"),
                ("/organisation/offres", "Offres à valider"),
                ("/organisation/coaching", "Sessions de coaching"),
                ("/organisation/binomes", "Binômes"),
                ("/organisation/statistiques", "Statistiques"),
                ("/organisation/courriels", "Courriels"),
                ("/organisation/journal", "Journal d'audit"),
            ],
        ),
        (
            "Informations",
            &[
                ("/accessibilite", "Déclaration d'accessibilité"),
                ("/mentions-legales", "Mentions légales"),
                ("/donnees-personnelles", "Données personnelles"),
            ],
        ),
    ];
    view! {
        <Title text="Plan du site" />
        <div class="fr-container fr-my-6w">
            <h1>"Plan du site"</h1>
            <p>"Les espaces des étudiants, des ambassadeurs et de l'équipe du programme demandent de se connecter avec le compte correspondant."</p>
            {SECTIONS.into_iter().map(|(title, links)| view! {
                <h2 class="fr-h4">{title}</h2>
                <ul>
                    {links.iter().map(|(href, label)| view! { <li><a class="fr-link" href=*href>{*label}</a></li> }).collect_view()}
                </ul>
            }).collect_view()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statement's figures and faults are those of the committed grid.
    #[test]
    fn the_statement_says_what_the_rgaa_grid_records() {
        let grid = include_str!("../../../docs/rgaa.md");
        let mut results = Vec::new();
        for line in grid.lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let is_criterion = cells.len() > 5
                && cells[1].split('.').count() == 2
                && cells[1].split('.').all(|n| n.parse::<u32>().is_ok());
            if is_criterion {
                results.push((cells[1], cells[4]));
            }
        }
        assert_eq!(results.len(), 106, "the RGAA 4.1 has 106 criteria");
        let count = |result: &str| results.iter().filter(|(_, r)| *r == result).count() as u32;
        assert_eq!(
            (count("C"), count("NC"), count("NA")),
            (AUDIT.compliant, AUDIT.non_compliant, AUDIT.not_applicable),
            "every criterion is C, NC or NA, as counted by the statement"
        );
        let faults: Vec<&str> = results
            .iter()
            .filter(|(_, r)| *r == "NC")
            .map(|(c, _)| *c)
            .collect();
        let stated: Vec<&str> = AUDIT.faults.iter().map(|(c, _)| *c).collect();
        assert_eq!(faults, stated);
        assert!(
            grid.contains(&format!("{} %", AUDIT.rate())),
            "the grid gives the same rate"
        );
    }

    #[test]
    fn the_status_follows_the_rate() {
        let audit = |compliant, non_compliant| Audit {
            date: "",
            compliant,
            non_compliant,
            not_applicable: 0,
            faults: &[],
        };
        assert_eq!(audit(10, 0).status(), "totalement conforme");
        assert_eq!(audit(65, 6).rate(), 91);
        assert_eq!(audit(65, 6).status(), "partiellement conforme");
        assert_eq!(audit(4, 6).status(), "non conforme");
    }
}
