import { expect, type Page } from "@playwright/test";
import { findEmail, linkFor } from "./outbox";
import { saveFactor, savedFactor, unusedCode } from "./totp";

// Steps shared by the journeys: signing in, an ambassador's sign-up and offer, the
// organiser's validation. The organiser account is created by scripts/test.sh with the
// command line.

export const PASSWORD = "une phrase de passe solide";
export const ORGANISER = { email: "organisation@exemple.fr", password: "mot de passe de l'organisation" };

/** Waits for the page's code (with JavaScript; without, the page is ready when shown). */
export async function waitForHydration(page: Page, javascript = true) {
  if (javascript) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/** Browser errors (a failed hydration, say) show in the test's output. */
export function showBrowserErrors(page: Page) {
  page.on("console", (message) => {
    if (message.type() === "error") console.log(`[navigateur] ${message.text().slice(0, 3000)}`);
  });
}

/** A day `offset` days from today, as a date field takes it. */
export function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

export async function signIn(page: Page, email: string, password: string, home: RegExp, javascript = true) {
  await page.goto("/connexion");
  await waitForHydration(page, javascript);
  await page.getByLabel("Adresse électronique").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(home);
}

/** Signs out (a fresh browser state) and signs in as the organiser, with the code of the
 *  authenticator app (set up the first time, as a new organiser does). */
export async function signInAsOrganiser(page: Page, javascript = true) {
  await page.context().clearCookies();
  await signIn(page, ORGANISER.email, ORGANISER.password, /\/connexion\/code$/, javascript);
  await waitForHydration(page, javascript);
  const enrolling = page.getByRole("button", { name: "Activer et me connecter" });
  const signingIn = page.getByRole("button", { name: "Me connecter", exact: true });
  await expect(enrolling.or(signingIn)).toBeVisible();
  const saved = await enrolling.isVisible() ? undefined : savedFactor();
  const key = saved?.key ?? (await page.locator("#cle-secrete").innerText()).replace(/\s/g, "");
  const { code, step } = await unusedCode(key, saved?.lastStep ?? 0);
  await page.getByRole("textbox", { name: /^Code/ }).fill(code);
  saveFactor(key, step);
  if (saved) {
    await signingIn.click();
  } else {
    await enrolling.click();
    await expect(page).toHaveURL(/\/compte\/codes-de-secours\?suivant=%2Forganisation$/);
    await page.getByRole("link", { name: "J'ai noté mes codes : continuer" }).click();
  }
  await expect(page).toHaveURL(/\/organisation$/);
}

/** Signs up with `role`'s choice ticked, confirms the address from the e-mail, signs in. */
export async function signUp(
  page: Page,
  who: { role: "etudiant" | "ambassadeur"; firstName: string; lastName: string; email: string },
  home: RegExp,
  javascript = true,
) {
  await page.context().clearCookies();
  await page.goto("/inscription");
  await waitForHydration(page, javascript);
  await page.locator(`label[for=role-${who.role}]`).click();
  await page.getByLabel("Prénom").fill(who.firstName);
  await page.getByLabel("Nom", { exact: true }).fill(who.lastName);
  await page.getByLabel("Adresse électronique").fill(who.email);
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page).toHaveURL(/\/inscription\/confirmation$/);
  await page.goto(await linkFor(who.email, "verification"));
  await waitForHydration(page, javascript);
  await page.getByRole("button", { name: "Confirmer mon adresse" }).click();
  await expect(page).toHaveURL(/\/connexion\?adresse=confirmee$/);
  await signIn(page, who.email, PASSWORD, home, javascript);
}

/** On the student's profile page: fills it in and saves it (back to the application). */
export async function completeStudentProfile(
  page: Page,
  profile: { school: string; level: string; curriculum: string; commune: string; radiusKm: string },
) {
  await waitForHydration(page);
  await page.getByLabel("École ou université").fill(profile.school);
  await page.getByLabel("Niveau d'études").selectOption(profile.level);
  await page.getByLabel("Formation").fill(profile.curriculum);
  await page.getByLabel("Commune où vous habitez").fill(profile.commune);
  await page.getByLabel("Distance que vous pouvez parcourir (km)").fill(profile.radiusKm);
  await page.getByRole("button", { name: "Enregistrer mon profil" }).click();
  await expect(page).toHaveURL(/\/candidature\?profil=enregistre$/);
}

/**
 * From the ambassador's space: completes the profile, writes an offer (a fault first,
 * kept as typed) with a four-step programme (one step moved up, one removed and added
 * again) and submits it. Returns the offer's number.
 */
export async function writeAndSubmitOffer(page: Page, title: string, javascript = true): Promise<string> {
  await page.getByRole("link", { name: "Mon profil" }).click();
  await waitForHydration(page, javascript);
  await page.getByLabel("Fonction").fill("Cheffe de produit");
  await page.getByLabel("Administration").selectOption("dinum");
  await page.getByLabel("Présentation").fill("Je pilote des produits numériques de l'État avec une équipe de six personnes.");
  await page.getByRole("button", { name: "Enregistrer mon profil" }).click();
  await expect(page.getByText("Votre profil est enregistré.")).toBeVisible();

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
  const offerId = new URL(page.url()).pathname.split("/").pop()!;

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
  return offerId;
}

/** The organiser publishes the offer from the validation queue; its ambassador is told. */
export async function publishOffer(page: Page, offerId: string, title: string, ambassadorEmail: string, javascript = true) {
  await signInAsOrganiser(page, javascript);
  await page.getByRole("link", { name: "Valider les offres" }).click();
  await page.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`/organisation/offres/${offerId}$`));
  await expect(page.locator(".vmj-programme")).toContainText("11 h 30 – Revue des indicateurs");
  await waitForHydration(page, javascript);
  await page.getByRole("button", { name: "Publier l'offre" }).click();
  await expect(page).toHaveURL(/\/organisation\/offres\?decision=publiee$/);
  await expect(page.getByText("L'offre est publiée")).toBeVisible();
  await findEmail((t) => t.includes(`To: ${ambassadorEmail}`) && t.includes("est validée"), "offre publiée");
}

/** The organiser opens a one-hour coaching session in a week at `location`. */
export async function createCoachingSession(page: Page, location: string, javascript = true) {
  await page.goto("/organisation");
  await page.getByRole("link", { name: "Sessions de coaching" }).click();
  await waitForHydration(page, javascript);
  await page.locator("#champ-day").fill(day(7));
  await page.locator("#champ-starts_at").fill("10:00");
  await page.locator("#champ-location").fill(location);
  await page.locator("#champ-capacity").fill("8");
  await page.getByRole("button", { name: "Créer la session" }).click();
  await expect(page.getByText("La session est créée")).toBeVisible();
}

/** The signed-in ambassador books the session at `location`. */
export async function bookCoachingSession(page: Page, location: string, javascript = true) {
  await expect(page.locator("#mon-coaching")).toContainText("pas encore réservé");
  await page.getByRole("link", { name: "Voir les sessions" }).click();
  await waitForHydration(page, javascript);
  await page.locator("#sessions tr", { hasText: location }).getByRole("button", { name: /^Réserver/ }).click();
  await expect(page.locator("#mon-coaching")).toContainText("Vous êtes inscrit à la session de coaching du");
}

/** The organiser marks the ambassador present at the session at `location`: coached. */
export async function markCoachingPresent(page: Page, location: string, ambassadorEmail: string, javascript = true) {
  await page.goto("/organisation/coaching");
  await waitForHydration(page, javascript);
  await page.locator("article", { hasText: location }).getByRole("button", { name: /^Présent/ }).click();
  await expect(page.getByText("La présence est enregistrée.")).toBeVisible();
  await expect(page.locator("article", { hasText: location }).locator(".vmj-presence")).toHaveText("Présent");
  // The list is drawn again: with script, the button pressed keeps the focus.
  if (javascript) {
    await expect(page.locator("article", { hasText: location }).getByRole("button", { name: /^Présent/ })).toBeFocused();
  }
  await expect(page.locator("#titre-sans-coaching").locator("..")).not.toContainText(ambassadorEmail);
}

/** On the organiser's edition page: moves its dates so that the immersion day is today. */
export async function immersionDayIsToday(page: Page) {
  await waitForHydration(page);
  for (const [field, offset] of [["ambassadors_open_on", -40], ["ambassadors_close_on", -3], ["applications_open_on", -30],
    ["applications_close_on", -3], ["pairing_on", -2], ["announcement_on", -1], ["immersion_on", 0]] as const) {
    await page.locator(`#champ-${field}`).fill(day(offset));
  }
  await page.getByRole("button", { name: "Enregistrer les modifications" }).click();
  await expect(page.getByText("L'édition est enregistrée.")).toBeVisible();
}

/** The signed-in ambassador marks their student present and rates the day. */
export async function ambassadorMarksPresentAndReviews(page: Page, studentEmail: string, comment: string) {
  const card = () => page.locator("#mes-binomes .vmj-pair", { hasText: studentEmail });
  await card().getByRole("button", { name: "Présent" }).click();
  await expect(card().locator(".vmj-presence")).toHaveText("présent");
  await expect(card().getByRole("button", { name: "Présent" }), "le bouton pressé garde le focus").toBeFocused();
  await card().getByLabel("Note (1 à 5)").selectOption("5");
  await card().getByLabel("Commentaire").fill(comment);
  await card().getByRole("button", { name: "Envoyer mon avis" }).click();
  await expect(page.getByText("Merci pour votre avis")).toBeVisible();
}

/** The signed-in student rates the day. */
export async function studentReviews(page: Page, comment: string) {
  const pair = page.locator("#mon-binome");
  await pair.getByLabel("Note (1 à 5)").selectOption("4");
  await pair.getByLabel("Commentaire").fill(comment);
  await pair.getByRole("button", { name: "Envoyer mon avis" }).click();
  await expect(page.getByText("Merci pour votre avis")).toBeVisible();
}

