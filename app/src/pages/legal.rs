use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    view! {
        <Title text="Déclaration d'accessibilité" />
        <div class="fr-container fr-my-6w">
            <h1>"Déclaration d'accessibilité"</h1>
            <p>
                "La Direction interministérielle du numérique s'engage à rendre ses services numériques accessibles, conformément à l'article 47 de la loi n° 2005-102 du 11 février 2005."
            </p>
            <h2>"État de conformité"</h2>
            <p>
                "Vis mon job est "<strong>"non conforme"</strong>" avec le référentiel général d'amélioration de l'accessibilité (RGAA) : aucun audit n'a encore été réalisé. Le service est construit avec le système de design de l'État (DSFR) et testé au clavier et sans JavaScript."
            </p>
            <h2>"Retour d'information et contact"</h2>
            <p>
                "Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez l'équipe pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme."
            </p>
            <h2>"Voies de recours"</h2>
            <p>
                "Si vous constatez un défaut d'accessibilité vous empêchant d'accéder à un contenu ou à une fonctionnalité, que vous nous le signalez et que vous ne parvenez pas à obtenir une réponse de notre part, vous pouvez écrire au Défenseur des droits ou contacter son délégué dans votre région."
            </p>
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
