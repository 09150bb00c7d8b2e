import { expect, test, type Page } from "@playwright/test";
import { linkFor } from "./outbox";

// A student's whole journey: sign up → confirm the address with the link read from the
// outbox → sign in → fill the profile → add three offers to the wishes from the
// catalogue → reorder → send → withdraw → send again. Once with JavaScript, once without.

const PASSWORD = "une phrase de passe solide";

async function waitForHydration(page: Page, javascript: boolean) {
  if (javascript) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

async function journey(page: Page, javascript: boolean) {
  test.setTimeout(180_000);
  // Browser errors (a failed hydration, say) show in the test's output.
  page.on("console", (message) => {
    if (message.type() === "error") console.log(`[navigateur] ${message.text().slice(0, 3000)}`);
  });
  const email = `etudiante-${javascript ? "js" : "html"}-${Date.now()}@exemple.fr`;

  // Sign up.
  await page.goto("/inscription");
  await waitForHydration(page, javascript);
  await page.getByLabel("Prénom").fill("Camille");
  await page.getByLabel("Nom", { exact: true }).fill("Durand");
  await page.getByLabel("Adresse électronique").fill(email);
  await page.getByLabel("Mot de passe").fill("court");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  // Too short: the message sits beside the field, and what was typed stays.
  await expect(page.locator("#champ-password-message")).toContainText("au moins 12 caractères");
  await expect(page.getByLabel("Adresse électronique")).toHaveValue(email);
  await expect(page.getByLabel("Prénom")).toHaveValue("Camille");
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page).toHaveURL(/\/inscription\/confirmation$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vérifiez votre messagerie");

  // Confirm the address.
  await page.goto(await linkFor(email, "verification"));
  await waitForHydration(page, javascript);
  await page.getByRole("button", { name: "Confirmer mon adresse" }).click();
  await expect(page).toHaveURL(/\/connexion\?adresse=confirmee$/);
  await expect(page.getByText("Votre adresse est confirmée")).toBeVisible();

  // Sign in: a student lands on the application page.
  await waitForHydration(page, javascript);
  await page.getByLabel("Adresse électronique").fill(email);
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/candidature$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ma candidature");
  await expect(page.locator("#statut-candidature")).toHaveText("Brouillon");
  await expect(page.getByRole("button", { name: "Se déconnecter" })).toBeVisible();

  // Profile, with one bad value first.
  await page.getByRole("link", { name: "Compléter mon profil" }).click();
  await expect(page).toHaveURL(/\/profil$/);
  await waitForHydration(page, javascript);
  await page.getByLabel("École ou université").fill("IUT de Lannion");
  await page.getByLabel("Niveau d'études").selectOption("3");
  await page.getByLabel("Formation").fill("BUT informatique");
  await page.getByLabel("Commune où vous habitez").fill("Rennes");
  await page.getByLabel("Distance que vous pouvez parcourir (km)").fill("5000");
  await page.getByRole("button", { name: "Enregistrer mon profil" }).click();
  await expect(page.locator("#champ-radius_km-message")).toContainText("de 0 à 2000");
  await expect(page.getByLabel("École ou université")).toHaveValue("IUT de Lannion");
  await expect(page.getByLabel("Commune où vous habitez")).toHaveValue("Rennes");
  await page.getByLabel("Distance que vous pouvez parcourir (km)").fill("300");
  await page.getByRole("button", { name: "Enregistrer mon profil" }).click();
  await expect(page).toHaveURL(/\/candidature\?profil=enregistre$/);
  await expect(page.getByText("Votre profil est enregistré.")).toBeVisible();
  await expect(page.getByText("Rennes (35) · jusqu'à 300 km")).toBeVisible();

  // Three wishes from the catalogue.
  await page.goto("/offres");
  const hrefs = (await page.locator(".fr-card__title a").evaluateAll((links) =>
    links.map((a) => a.getAttribute("href")),
  )).slice(0, 3) as string[];
  expect(hrefs).toHaveLength(3);
  const titles: string[] = [];
  for (const [index, href] of hrefs.entries()) {
    await page.goto(href);
    await waitForHydration(page, javascript);
    titles.push((await page.getByRole("heading", { level: 1 }).innerText()).trim());
    await page.getByRole("button", { name: "Ajouter à mes vœux" }).click();
    await expect(page.locator("#etat-voeu")).toHaveText(`Dans mes vœux, rang ${index + 1}`);
  }

  // Reorder: the first goes down one rank.
  await page.goto("/candidature");
  await waitForHydration(page, javascript);
  const wishes = page.locator("#liste-voeux > li .vmj-wish__text a");
  await expect(wishes).toHaveText(titles);
  await page.getByRole("button", { name: `Descendre « ${titles[0]} » d'un rang` }).click();
  await expect(wishes).toHaveText([titles[1], titles[0], titles[2]]);
  // With script the list is drawn again in place: the moved wish's button keeps the focus.
  if (javascript) await expect(page.getByRole("button", { name: `Descendre « ${titles[0]} » d'un rang` })).toBeFocused();

  // Send.
  await waitForHydration(page, javascript);
  await page.getByRole("textbox", { name: /^Motivation/ }).fill("Je veux voir comment l'État fait du numérique.");
  // The DSFR draws the box over the input: click its label, as a user does.
  await page.getByText(/J'accepte que mon profil/).click();
  await expect(page.getByLabel(/J'accepte que mon profil/)).toBeChecked();
  await page.getByRole("button", { name: "Envoyer ma candidature" }).click();
  await expect(page.locator("#statut-candidature")).toHaveText("Envoyée");

  // Withdraw, then send again.
  await waitForHydration(page, javascript);
  await page.getByRole("button", { name: "Retirer ma candidature" }).click();
  await expect(page.locator("#statut-candidature")).toHaveText("Retirée");
  await waitForHydration(page, javascript);
  await expect(page.getByRole("textbox", { name: /^Motivation/ })).toHaveValue("Je veux voir comment l'État fait du numérique.");
  await page.getByRole("button", { name: "Envoyer ma candidature" }).click();
  await expect(page.locator("#statut-candidature")).toHaveText("Envoyée");
  await expect(wishes).toHaveText([titles[1], titles[0], titles[2]]);
}

test.describe("avec JavaScript", () => {
  test("s'inscrire, remplir son profil, classer ses vœux, envoyer, retirer, renvoyer", async ({ page }) => {
    await journey(page, true);
  });
});

test.describe("sans JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("s'inscrire, remplir son profil, classer ses vœux, envoyer, retirer, renvoyer", async ({ page }) => {
    await journey(page, false);
  });
});
