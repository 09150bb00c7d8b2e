import { expect, test, type Page } from "@playwright/test";

// The organiser forms the pairs of the demo edition: runs both algorithms, compares
// them, applies one, locks a pair and announces. The organiser account is created by
// scripts/test.sh with the command line.

const ORGANISER = { email: "organisation@exemple.fr", password: "mot de passe de l'organisation" };

async function signIn(page: Page) {
  await page.goto("/connexion");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Adresse électronique").fill(ORGANISER.email);
  await page.getByLabel("Mot de passe").fill(ORGANISER.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/organisation$/);
}

test("former, comparer, verrouiller et annoncer les binômes de l'édition de démonstration", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page);
  await page.getByRole("link", { name: "Former et annoncer les binômes" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Binômes");

  await page.getByRole("button", { name: "Calcul stable" }).click();
  await expect(page.locator("#calculs tbody tr")).toHaveCount(1);
  await page.getByRole("button", { name: "Calcul optimal" }).click();
  const runs = page.locator("#calculs tbody tr");
  await expect(runs).toHaveCount(2);
  // Side by side: the optimal run pairs at least as many students as the stable one.
  const matched = async (row: number) =>
    Number(/^(\d+) sur/.exec(await runs.nth(row).locator("td").first().innerText())?.[1]);
  await expect(runs.nth(0).locator("th")).toContainText("optimal");
  expect(await matched(0)).toBeGreaterThanOrEqual(await matched(1));
  expect(await matched(0)).toBeGreaterThan(0);

  await runs.nth(0).getByRole("button", { name: /^Appliquer/ }).click();
  const pairs = page.locator("#binomes tbody tr");
  await expect(pairs).toHaveCount(await matched(0));

  const first = pairs.first();
  const student = (await first.locator("td").first().innerText()).trim();
  await first.getByRole("button", { name: `Verrouiller le binôme de ${student}` }).click();
  await expect(page.getByRole("button", { name: `Déverrouiller le binôme de ${student}` })).toBeVisible();

  await page.getByRole("button", { name: "Annoncer les binômes" }).click();
  await expect(page.locator("#binomes-annonces")).toHaveText("Binômes annoncés");
  await expect(page.getByRole("button", { name: "Calcul stable" })).toHaveCount(0);
});
