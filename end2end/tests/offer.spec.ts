import { expect, test, type Page } from "@playwright/test";
import { findEmail, linkFor } from "./outbox";

// An ambassador signs up with a State address, completes the profile, writes an offer
// with a four-step programme (one step moved, one removed and added again) and submits
// it; an organiser publishes it from the validation queue; the offer is in the catalogue.
// Once with JavaScript, once without.

const PASSWORD = "une phrase de passe solide";
const ORGANISER = { email: "organisation@exemple.fr", password: "mot de passe de l'organisation" };

async function waitForHydration(page: Page, javascript: boolean) {
  if (javascript) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

async function signIn(page: Page, email: string, password: string, home: RegExp, javascript: boolean) {
  await page.goto("/connexion");
  await waitForHydration(page, javascript);
  await page.getByLabel("Adresse électronique").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(home);
}

async function journey(page: Page, javascript: boolean) {
  test.setTimeout(180_000);
  page.on("console", (message) => {
    if (message.type() === "error") console.log(`[navigateur] ${message.text().slice(0, 3000)}`);
  });
  const email = `agent-${javascript ? "js" : "html"}-${Date.now()}@numerique.gouv.fr`;
  const title = `Une journée avec l'équipe produit (${javascript ? "avec" : "sans"} JavaScript)`;

  // Sign up as an ambassador: a personal address is refused, a State one accepted.
  await page.goto("/inscription");
  await waitForHydration(page, javascript);
  await page.locator("label[for=role-ambassadeur]").click();
  await page.getByLabel("Prénom").fill("Claire");
  await page.getByLabel("Nom", { exact: true }).fill("Martin");
  await page.getByLabel("Adresse électronique").fill("claire@exemple.fr");
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.locator("#champ-email-message")).toContainText("gouv.fr");
  await page.getByLabel("Adresse électronique").fill(email);
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page).toHaveURL(/\/inscription\/confirmation$/);
  await page.goto(await linkFor(email, "verification"));
  await waitForHydration(page, javascript);
  await page.getByRole("button", { name: "Confirmer mon adresse" }).click();
  await expect(page).toHaveURL(/\/connexion\?adresse=confirmee$/);
  await signIn(page, email, PASSWORD, /\/ambassadeur$/, javascript);

  // Profile.
  await page.getByRole("link", { name: "Mon profil" }).click();
  await waitForHydration(page, javascript);
  await page.getByLabel("Fonction").fill("Cheffe de produit");
  await page.getByLabel("Administration").selectOption("dinum");
  await page.getByLabel("Présentation").fill("Je pilote des produits numériques de l'État avec une équipe de six personnes.");
  await page.getByRole("button", { name: "Enregistrer mon profil" }).click();
  await expect(page.getByText("Votre profil est enregistré.")).toBeVisible();

  // The offer: a fault first, kept as typed.
  await page.goto("/ambassadeur");
  await page.getByRole("link", { name: "Proposer une offre d'accueil" }).click();
  await expect(page).toHaveURL(/\/ambassadeur\/offres\/nouvelle$/);
  await waitForHydration(page, javascript);
  await page.getByLabel("Métier", { exact: true }).selectOption("product-manager");
  await expect(page.getByLabel("Administration qui accueille")).toHaveValue("dinum");
  await page.getByLabel("Intitulé").fill(title);
  await page.getByLabel("Commune du lieu d'accueil").fill("Paris");
  await page.locator("#champ-address").fill("20 avenue de Ségur");
  await page.getByLabel("Nombre d'étudiants accueillis").selectOption("2");
  await page.locator("label[for=champ-level_4]").click();
  await page.locator("label[for=champ-step_free_access]").click();
  await page.locator("#champ-description").fill("Trop court");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.locator("#champ-description-message")).toContainText("au moins 50 caractères");
  await expect(page.getByLabel("Intitulé")).toHaveValue(title);
  await expect(page.locator("#champ-level_4")).toBeChecked();
  await page.locator("#champ-description").fill(
    "Vous suivrez la journée d'une équipe produit : point du matin, atelier avec les usagers, revue des indicateurs.",
  );
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page).toHaveURL(/\/ambassadeur\/offres\/\d+\?offre=enregistree$/);
  await expect(page.getByText("Votre offre est enregistrée.")).toBeVisible();
  await expect(page.locator("#titre-etat")).toContainText("Brouillon");
  const offerPath = new URL(page.url()).pathname;
  const offerId = offerPath.split("/").pop();

  // Four steps, the last moved up, one removed and added again.
  for (const [time, step] of [["09:00", "Accueil et café"], ["10:00", "Point d'équipe"], ["14:00", "Atelier usagers"], ["11:30", "Revue des indicateurs"]]) {
    await waitForHydration(page, javascript);
    await page.locator("#etape-starts_at").fill(time);
    await page.locator("#etape-title").fill(step);
    await page.getByRole("button", { name: "Ajouter l'étape" }).click();
    await expect(page.locator("#etapes")).toContainText(step);
  }
  await page.getByRole("button", { name: "Monter : Revue des indicateurs" }).click();
  await expect(page.locator("#etapes > li").nth(2)).toContainText("Revue des indicateurs");
  await page.getByRole("button", { name: "Retirer : Accueil et café" }).click();
  await expect(page.locator("#etapes > li")).toHaveCount(3);
  await waitForHydration(page, javascript);
  await page.locator("#etape-starts_at").fill("08:45");
  await page.locator("#etape-title").fill("Accueil et café");
  await page.getByRole("button", { name: "Ajouter l'étape" }).click();
  await expect(page.locator("#etapes > li")).toHaveCount(4);
  await expect(page.locator("#etapes > li").nth(3)).toContainText("Accueil et café");

  await page.getByRole("button", { name: "Soumettre à validation" }).click();
  await expect(page.getByText("Votre offre est soumise à validation")).toBeVisible();
  await expect(page.locator("#titre-etat")).toContainText("En attente de validation");

  // The organiser publishes it from the queue; the ambassador is told.
  await page.context().clearCookies();
  await signIn(page, ORGANISER.email, ORGANISER.password, /\/organisation$/, javascript);
  await page.getByRole("link", { name: "Valider les offres" }).click();
  await page.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`/organisation/offres/${offerId}$`));
  await expect(page.locator(".vmj-programme")).toContainText("11 h 30 – Revue des indicateurs");
  await waitForHydration(page, javascript);
  await page.getByRole("button", { name: "Publier l'offre" }).click();
  await expect(page).toHaveURL(/\/organisation\/offres\?decision=publiee$/);
  await expect(page.getByText("L'offre est publiée")).toBeVisible();
  await findEmail((t) => t.includes(`To: ${email}`) && t.includes("est validée"), "offre publiée");

  // The organiser opens a coaching session; the new ambassador is not coached yet.
  const location = `Visioconférence ${javascript ? "A" : "B"} ${Date.now()}`;
  await page.goto("/organisation");
  await page.getByRole("link", { name: "Sessions de coaching" }).click();
  await expect(page.locator("#sans-coaching")).toContainText(email);
  await waitForHydration(page, javascript);
  const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  await page.locator("#champ-day").fill(inAWeek);
  await page.locator("#champ-starts_at").fill("10:00");
  await page.locator("#champ-location").fill(location);
  await page.locator("#champ-capacity").fill("8");
  await page.getByRole("button", { name: "Créer la session" }).click();
  await expect(page.getByText("La session est créée")).toBeVisible();

  // In the catalogue, with only the access facts the ambassador gave.
  await page.context().clearCookies();
  await page.goto(`/offres/${offerId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText("Locaux accessibles de plain-pied ou par ascenseur")).toBeVisible();
  await expect(page.getByText("Pièce d'identité demandée")).toHaveCount(0);

  // The ambassador books the session from their space.
  await signIn(page, email, PASSWORD, /\/ambassadeur$/, javascript);
  await expect(page.locator("#mon-coaching")).toContainText("pas encore réservé");
  await page.getByRole("link", { name: "Voir les sessions" }).click();
  await waitForHydration(page, javascript);
  await page.locator("#sessions tr", { hasText: location }).getByRole("button", { name: /^Réserver/ }).click();
  await expect(page.locator("#mon-coaching")).toContainText("Vous êtes inscrit à la session de coaching du");

  // The organiser marks them present: they are coached.
  await page.context().clearCookies();
  await signIn(page, ORGANISER.email, ORGANISER.password, /\/organisation$/, javascript);
  await page.goto("/organisation/coaching");
  await waitForHydration(page, javascript);
  const session = page.locator("article", { hasText: location });
  await session.getByRole("button", { name: /^Présent/ }).click();
  await expect(page.getByText("La présence est enregistrée.")).toBeVisible();
  await expect(page.locator("article", { hasText: location }).locator(".vmj-presence")).toHaveText("Présent");
  await expect(page.locator("#titre-sans-coaching").locator("..")).not.toContainText(email);
}

test.describe("avec JavaScript", () => {
  test("s'inscrire comme ambassadeur, écrire son offre, la faire valider", async ({ page }) => {
    await journey(page, true);
  });
});

test.describe("sans JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("s'inscrire comme ambassadeur, écrire son offre, la faire valider", async ({ page }) => {
    await journey(page, false);
  });
});
