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
