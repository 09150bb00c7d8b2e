import { expect, test, type Page } from "@playwright/test";
import { findEmail } from "./outbox";
import {
  ambassadorMarksPresentAndReviews, bookCoachingSession, completeStudentProfile, createCoachingSession, day, immersionDayIsToday,
  markCoachingPresent, PASSWORD, publishOffer, showBrowserErrors, signIn, signInAsOrganiser, signUp, studentReviews,
  waitForHydration, writeAndSubmitOffer,
} from "./steps";

// A whole edition, on a server with no edition at all (scripts/test.sh starts it for
// this file): the organiser creates the edition; an ambassador signs up with a State
// address, writes an offer with a four-step programme and submits it; the organiser
// publishes it and opens applications; the offer is in the catalogue; the ambassador
// books a coaching session and attends it; a student signs up and applies for the offer; the organiser
// closes applications, pairs and announces; both sides confirm; on the immersion day the
// ambassador marks attendance and both give feedback; the organiser ends and archives
// the edition, whose review stays readable.

const TITLE = "Vis mon job – édition de bout en bout";

/** The organiser's page of the edition (the only one on this server). */
async function openEdition(page: Page) {
  await page.goto("/organisation/editions");
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  await waitForHydration(page);
}

async function step(page: Page, action: string, status: string) {
  await openEdition(page);
  // A step that cannot be undone is confirmed by ticking its box first.
  const confirmation = page.getByText(/^Je confirme/);
  if (await confirmation.count()) await confirmation.click();
  await page.getByRole("button", { name: action }).click();
  await expect(page.locator("#calendrier h2")).toContainText(status);
}

test("une édition de bout en bout : de la première offre au dernier avis", async ({ page }) => {
  test.setTimeout(300_000);
  showBrowserErrors(page);
  const stamp = Date.now();
  const ambassador = { role: "ambassadeur" as const, firstName: "Claire", lastName: "Martin", email: `claire-${stamp}@numerique.gouv.fr` };
  const student = { role: "etudiant" as const, firstName: "Inès", lastName: "Moreau", email: `ines-${stamp}@exemple.fr` };
  const offerTitle = "Une journée avec l'équipe produit";
  const location = "Visioconférence de l'équipe du programme";

  // The organiser creates the edition: today is in the ambassadors' and students' windows.
  await signInAsOrganiser(page);
  await page.getByRole("link", { name: "Éditions et calendrier" }).click();
  await page.getByRole("link", { name: "Créer une édition" }).click();
  await waitForHydration(page);
  await page.locator("#champ-title").fill(TITLE);
  for (const [field, offset] of [["ambassadors_open_on", -1], ["ambassadors_close_on", 5], ["applications_open_on", -1],
    ["applications_close_on", 10], ["pairing_on", 11], ["announcement_on", 12], ["immersion_on", 20]] as const) {
    await page.locator(`#champ-${field}`).fill(day(offset));
  }
  await page.getByRole("button", { name: "Créer l'édition" }).click();
  await expect(page).toHaveURL(/\/organisation\/editions\/\d+\?edition=enregistree$/);
  await expect(page.locator("#calendrier h2")).toContainText("En préparation");
  await createCoachingSession(page, location);
  await page.goto("/");
  await expect(page.locator("#edition-titre")).toHaveText(TITLE);

  // The ambassador's offer, validated by the organiser, who then opens applications.
  await signUp(page, ambassador, /\/ambassadeur$/);
  const offerId = await writeAndSubmitOffer(page, offerTitle);
  await publishOffer(page, offerId, offerTitle, ambassador.email);
  await step(page, "Ouvrir les candidatures", "Candidatures ouvertes");

  // In the public catalogue at once.
  await page.context().clearCookies();
  await page.goto("/offres");
  await expect(page.locator(".fr-card__title a")).toHaveText([offerTitle]);

  // The ambassador books the coaching session; the organiser marks them present.
  await signIn(page, ambassador.email, PASSWORD, /\/ambassadeur$/);
  await bookCoachingSession(page, location);
  await signInAsOrganiser(page);
  await markCoachingPresent(page, location, ambassador.email);

  // A student applies for the offer.
  await signUp(page, student, /\/candidature$/);
  await page.getByRole("link", { name: "Compléter mon profil" }).click();
  await completeStudentProfile(page, { school: "Université Paris Cité", level: "4", curriculum: "Master informatique", commune: "Paris", radiusKm: "30" });
  await page.goto(`/offres/${offerId}`);
  await waitForHydration(page);
  await page.getByRole("button", { name: "Ajouter à mes vœux" }).click();
  await expect(page.locator("#etat-voeu")).toHaveText("Dans mes vœux, rang 1");
  await page.goto("/candidature");
  await waitForHydration(page);
  await page.getByRole("textbox", { name: /^Motivation/ }).fill("Je veux voir comment une équipe produit de l'État travaille.");
  await page.getByText(/J'accepte que mon profil/).click();
  await page.getByRole("button", { name: "Envoyer ma candidature" }).click();
  await expect(page.locator("#statut-candidature")).toHaveText("Envoyée");

  // Applications closed, the pair formed and announced.
  await signInAsOrganiser(page);
  await step(page, "Clore les candidatures", "Candidatures closes");
  await page.goto("/organisation/binomes");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Calcul stable" }).click();
  await page.locator("#calculs tbody tr").first().getByRole("button", { name: /^Appliquer/ }).click();
  await expect(page.locator("#titre-binomes")).toHaveText("Binômes (1)");
  await expect(page.locator("#binomes tbody tr")).toContainText([`${student.firstName} ${student.lastName}`]);
  await page.getByText(/^Je confirme l'annonce/).click();
  await page.getByRole("button", { name: "Annoncer les binômes" }).click();
  await expect(page.locator("#binomes-annonces")).toHaveText("Binômes annoncés");
  await findEmail((t) => t.includes(`To: ${student.email}`) && t.includes(offerTitle), "annonce étudiant");
  await findEmail((t) => t.includes(`To: ${ambassador.email}`) && t.includes(student.firstName), "annonce ambassadeur");

  // Each side sees the other and confirms.
  await page.context().clearCookies();
  await signIn(page, student.email, PASSWORD, /\/candidature$/);
  const pair = page.locator("#mon-binome");
  await expect(pair).toContainText(ambassador.firstName);
  await expect(pair).toContainText("20 avenue de Ségur");
  await expect(pair.locator(".vmj-programme li")).toHaveCount(4);
  await pair.getByRole("button", { name: "Confirmer le binôme" }).click();
  await expect(page.locator("#mon-binome .vmj-pair__state")).toHaveText("Vous avez confirmé ; en attente de l'autre côté.");
  await page.context().clearCookies();
  await signIn(page, ambassador.email, PASSWORD, /\/ambassadeur$/);
  const card = () => page.locator("#mes-binomes .vmj-pair", { hasText: student.email });
  await expect(card()).toContainText("Université Paris Cité");
  await expect(card()).toContainText("une équipe produit de l'État");
  await card().getByRole("button", { name: "Confirmer le binôme" }).click();
  await expect(card().locator(".vmj-pair__state")).toHaveText("Confirmé des deux côtés.");

  // The immersion day: attendance and feedback from both sides.
  await signInAsOrganiser(page);
  await openEdition(page);
  await immersionDayIsToday(page);
  await page.context().clearCookies();
  await signIn(page, ambassador.email, PASSWORD, /\/ambassadeur$/);
  await ambassadorMarksPresentAndReviews(page, student.email, "Une étudiante curieuse et très impliquée.");
  await page.context().clearCookies();
  await signIn(page, student.email, PASSWORD, /\/candidature$/);
  await studentReviews(page, "Une journée qui donne envie de rejoindre l'État.");

  // The organiser ends and archives the edition; its review stays readable.
  await signInAsOrganiser(page);
  await step(page, "Terminer l'édition", "Terminée");
  await step(page, "Archiver l'édition", "Archivée");
  await expect(page.getByRole("button", { name: /Ouvrir les candidatures|Archiver/ })).toHaveCount(0);
  const figures = page.locator("#bilan-chiffres");
  for (const [label, figure] of [["Offres publiées", "1"], ["Binômes", "1"], ["Binômes confirmés des deux côtés", "1"],
    ["Étudiants présents", "1"], ["Avis reçus", "2"], ["Ambassadeurs coachés", "1"]]) {
    await expect(figures.locator("tr", { has: page.getByRole("rowheader", { name: label, exact: true }) }).locator("td")).toHaveText(figure);
  }
  const reviewed = page.locator("#bilan-binomes tbody tr");
  await expect(reviewed).toHaveCount(1);
  await expect(reviewed.locator("td")).toHaveText([
    `${student.firstName} ${student.lastName}`, `${offerTitle} (n° ${offerId})`, `${ambassador.firstName} ${ambassador.lastName}`,
    "Des deux côtés", "Présent", "4/5", "5/5",
  ]);
  await expect(page.locator("#bilan-coaching")).toContainText(location);
  await expect(page.locator("#avis")).toContainText("Une étudiante curieuse et très impliquée.");
  await expect(page.locator("#avis")).toContainText("Une journée qui donne envie de rejoindre l'État.");

  // The archived edition has left the public site.
  await page.context().clearCookies();
  await page.goto("/");
  await expect(page.getByText("Aucune édition n'est ouverte pour le moment.")).toBeVisible();
});
