import { expect, test, type Page } from "@playwright/test";
import { day, signInAsOrganiser, waitForHydration } from "./steps";

// An organiser creates an edition: a calendar out of order is refused field by field and
// nothing typed is lost; saved, it is in preparation; opening applications before the
// calendar says is refused with the reason. Once with JavaScript, once without. The
// demo edition stays the current one (it takes applications).

async function journey(page: Page, javascript: boolean) {
  test.setTimeout(120_000);
  const title = `Vis mon job – édition d'essai (${javascript ? "avec" : "sans"} JavaScript)`;
  await signInAsOrganiser(page, javascript);

  await page.getByRole("link", { name: "Éditions et calendrier" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Éditions");
  await page.getByRole("link", { name: "Créer une édition" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nouvelle édition");
  await waitForHydration(page, javascript);

  const dates: [string, number][] = [
    ["ambassadors_open_on", 30],
    ["ambassadors_close_on", 60],
    ["applications_open_on", 40],
    ["applications_close_on", 70],
    ["pairing_on", 75],
    ["announcement_on", 80],
    // Before the announcement: refused.
    ["immersion_on", 78],
  ];
  await page.locator("#champ-title").fill(title);
  for (const [field, offset] of dates) await page.locator(`#champ-${field}`).fill(day(offset));
  await page.locator("#champ-weight_wish_ranks").fill("100, 70, 40");
  await page.getByRole("button", { name: "Créer l'édition" }).click();
  await expect(page.locator("#champ-immersion_on-message")).toContainText("après l'annonce des binômes");
  await expect(page.locator("#champ-title")).toHaveValue(title);
  await expect(page.locator("#champ-weight_wish_ranks")).toHaveValue("100, 70, 40");
  await expect(page.locator("#champ-pairing_on")).toHaveValue(day(75));

  await page.locator("#champ-immersion_on").fill(day(95));
  await page.getByRole("button", { name: "Créer l'édition" }).click();
  await expect(page).toHaveURL(/\/organisation\/editions\/\d+\?edition=enregistree$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.locator("#calendrier")).toContainText("En préparation");
  await expect(page.locator("#champ-weight_wish_ranks")).toHaveValue("100, 70, 40");

  // The calendar opens applications in 40 days: not today.
  await waitForHydration(page, javascript);
  await page.getByRole("button", { name: "Ouvrir les candidatures" }).click();
  await expect(page.locator("#calendrier .fr-alert")).toContainText("avancez cette date");
  await expect(page.locator("#calendrier")).toContainText("En préparation");

  await page.getByRole("link", { name: "Éditions", exact: true }).click();
  await expect(page.locator("#editions")).toContainText(title);
  // The public site still shows the demo edition.
  await page.goto("/");
  await expect(page.locator("#edition-titre")).not.toHaveText(title);
}

test("créer une édition et suivre son calendrier", async ({ page }) => {
  await journey(page, true);
});

test.describe("sans JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("créer une édition sans JavaScript", async ({ page }) => {
    await journey(page, false);
  });
});
