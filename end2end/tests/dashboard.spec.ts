import { expect, test, type Page } from "@playwright/test";
import { completeStudentProfile, showBrowserErrors, signInAsOrganiser, signUp, waitForHydration } from "./steps";

// Two browsers at once: the organiser watches the live dashboard while a student, in
// another browser, sends an application; the dashboard shows the new count without a
// reload, within a second; she downloads a CSV file and previews the e-mails. Runs on the demo edition while its applications are still
// open: before pairing.spec.ts announces its pairs (the files run in alphabetical order).

async function studentsShown(page: Page): Promise<number> {
  const text = await page
    .locator(".vmj-key-figure", { hasText: "étudiants candidats" })
    .locator(".vmj-key-figure__value")
    .innerText();
  return Number(text.replace(/\D/g, ""));
}

test("le tableau de bord suit en direct une candidature envoyée dans un autre navigateur", async ({ browser }) => {
  test.setTimeout(120_000);
  const organiserContext = await browser.newContext();
  const organiser = await organiserContext.newPage();
  showBrowserErrors(organiser);
  await signInAsOrganiser(organiser);
  await organiser.getByRole("link", { name: "Statistiques en direct et exports" }).click();
  await expect(organiser).toHaveURL(/\/organisation\/statistiques$/);
  await waitForHydration(organiser);
  await expect(organiser.getByText("En direct", { exact: true })).toBeVisible();
  const before = await studentsShown(organiser);
  expect(before).toBeGreaterThan(0);
  // A data table opened, and the focus on it, stay so when the figures change.
  const mapData = organiser.locator("details", { hasText: "Données de la carte" });
  await mapData.locator("summary").click();
  await expect(mapData).toHaveAttribute("open", "");

  const studentContext = await browser.newContext();
  const student = await studentContext.newPage();
  showBrowserErrors(student);
  const email = `direct-${Date.now()}@exemple.fr`;
  await signUp(student, { role: "etudiant", firstName: "Lou", lastName: "Direct", email }, /\/candidature$/);
  await student.getByRole("link", { name: "Compléter mon profil" }).click();
  await completeStudentProfile(student, { school: "IUT de Lannion", level: "3", curriculum: "BUT informatique", commune: "Rennes", radiusKm: "300" });
  await student.goto("/offres");
  const offer = await student.locator(".fr-card__title a").first().getAttribute("href");
  await student.goto(offer as string);
  await waitForHydration(student);
  await student.getByRole("button", { name: "Ajouter à mes vœux" }).click();
  await expect(student.locator("#etat-voeu")).toHaveText("Dans mes vœux, rang 1");
  await student.goto("/candidature");
  await waitForHydration(student);
  await student.getByRole("textbox", { name: /^Motivation/ }).fill("Voir le numérique de l'État de près.");
  await student.getByText(/J'accepte que mon profil/).click();
  await student.getByRole("button", { name: "Envoyer ma candidature" }).click();
  await expect(student.locator("#statut-candidature")).toHaveText("Envoyée");

  // The organiser's page was not reloaded: the figure moves by itself within a second.
  await expect.poll(() => studentsShown(organiser), { timeout: 1_000, intervals: [50] }).toBe(before + 1);
  await expect(mapData).toHaveAttribute("open", "");
  await expect(mapData.locator("summary")).toBeFocused();
  await expect(organiser.getByText("En direct", { exact: true })).toBeVisible();

  // The students' file, downloaded from the dashboard, holds the new applicant.
  const downloading = organiser.waitForEvent("download");
  await organiser.getByRole("link", { name: "Étudiants candidats", exact: true }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(/^vismonjob-etudiants-edition-\d+\.csv$/);
  const csv = await file.createReadStream().then(async (stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  });
  expect(csv.startsWith("\uFEFF")).toBe(true);
  expect(csv).toContain("Lou;Direct;" + email);

  // Suspended, the page holds its figures while they change; resumed, it shows the newest.
  await organiser.goto("/organisation/statistiques");
  await waitForHydration(organiser);
  await organiser.getByRole("button", { name: "Suspendre la mise à jour en direct" }).click();
  await expect(organiser.getByText("Direct suspendu", { exact: true })).toBeVisible();
  await student.getByRole("button", { name: "Retirer ma candidature" }).click();
  await expect(student.locator("#statut-candidature")).not.toHaveText("Envoyée");
  await organiser.waitForTimeout(1_500);
  expect(await studentsShown(organiser)).toBe(before + 1);
  await organiser.getByRole("button", { name: "Reprendre la mise à jour en direct" }).click();
  await expect.poll(() => studentsShown(organiser), { timeout: 2_000, intervals: [50] }).toBe(before);
  await expect(organiser.getByText("En direct", { exact: true })).toBeVisible();

  // Every e-mail, previewed.
  await organiser.goto("/organisation/courriels");
  await organiser.getByRole("link", { name: "Voir les modèles de courriels" }).click();
  await expect(organiser.getByRole("heading", { name: "La veille de la journée (étudiant)" })).toBeVisible();
  await expect(organiser.getByText("Pièce jointe : invitation.ics").first()).toBeVisible();
  await organiserContext.close();
  await studentContext.close();
});
