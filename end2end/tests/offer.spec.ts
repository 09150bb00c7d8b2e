import { expect, test, type Page } from "@playwright/test";
import {
  bookCoachingSession, createCoachingSession, markCoachingPresent, PASSWORD, publishOffer, showBrowserErrors, signIn,
  signInAsOrganiser, signUp, writeAndSubmitOffer,
} from "./steps";

// Without JavaScript, on the demo edition: an ambassador signs up with a State address
// (a personal one refused first), completes the profile, writes an offer with a
// four-step programme and submits it; an organiser publishes it; the offer is in the
// catalogue with only the access facts given; the ambassador books a coaching session
// and the organiser marks them present. With JavaScript, the same steps run in the
// whole edition's journey (edition-complete.spec.ts).

test.use({ javaScriptEnabled: false });

async function refusedWithAPersonalAddress(page: Page) {
  await page.goto("/inscription");
  await page.locator("label[for=role-ambassadeur]").click();
  await page.getByLabel("Prénom").fill("Claire");
  await page.getByLabel("Nom", { exact: true }).fill("Martin");
  await page.getByLabel("Adresse électronique").fill("claire@exemple.fr");
  await page.getByLabel("Mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.locator("#champ-email-message")).toContainText("gouv.fr");
  await expect(page.getByLabel("Prénom")).toHaveValue("Claire");
}

test("s'inscrire comme ambassadeur, écrire son offre, la faire valider, réserver son coaching", async ({ page }) => {
  test.setTimeout(180_000);
  showBrowserErrors(page);
  const email = `agent-html-${Date.now()}@numerique.gouv.fr`;
  const title = "Une journée avec l'équipe produit (sans JavaScript)";

  await refusedWithAPersonalAddress(page);
  await signUp(page, { role: "ambassadeur", firstName: "Claire", lastName: "Martin", email }, /\/ambassadeur$/, false);
  const offerId = await writeAndSubmitOffer(page, title, false);
  await publishOffer(page, offerId, title, email, false);

  // The new ambassador is not coached yet; the organiser opens a session.
  const location = `Visioconférence ${Date.now()}`;
  await page.goto("/organisation/coaching");
  await expect(page.locator("#sans-coaching")).toContainText(email);
  await createCoachingSession(page, location, false);

  // In the catalogue, with only the access facts the ambassador gave.
  await page.context().clearCookies();
  await page.goto(`/offres/${offerId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText("Locaux accessibles de plain-pied ou par ascenseur")).toBeVisible();
  await expect(page.getByText("Pièce d'identité demandée")).toHaveCount(0);

  await signIn(page, email, PASSWORD, /\/ambassadeur$/, false);
  await bookCoachingSession(page, location, false);

  // The organiser marks them present: they are coached.
  await signInAsOrganiser(page, false);
  await markCoachingPresent(page, location, email, false);
});
