import { expect, test, type Page } from "@playwright/test";

// Browse the catalogue as a student would: home → offers → filter by job and région →
// open an offer. Run once with JavaScript (hydrated, client-side navigation) and once
// without (plain HTML forms and links).

const cardTitles = (page: Page) => page.locator(".fr-card__title a").allInnerTexts();

async function waitForHydration(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
}

/** The job and région of the first offer listed, as shown on its card. */
async function firstCardCriteria(page: Page) {
  const card = page.locator(".vmj-offer-card").first();
  const job = (await card.locator(".fr-tag").first().innerText()).trim();
  const region = (await card.locator(".vmj-region").innerText()).trim();
  return { job, region };
}

async function browseFilterAndOpen(page: Page, javascript: boolean) {
  await page.goto("/");
  if (javascript) await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vis mon job");
  await page.getByRole("link", { name: "Voir les offres d'accueil" }).click();
  await expect(page).toHaveURL(/\/offres$/);
  await expect(page.locator("#resultats")).toContainText("offres");
  const { job, region } = await firstCardCriteria(page);

  if (javascript) {
    await waitForHydration(page);
    // Survives client-side navigation, not a full page load.
    await page.evaluate(() => ((window as any).__sameDocument = true));
  }
  await page.getByLabel("Métier").selectOption({ label: job });
  await page.getByLabel("Région").selectOption({ label: region });
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page).toHaveURL(/metier=[a-z-]+/);
  await expect(page).toHaveURL(/region=\d+/);

  const cards = page.locator(".vmj-offer-card");
  await expect(cards.first()).toBeVisible();
  const count = await cards.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    await expect(cards.nth(i).locator(".fr-tag").first()).toHaveText(job);
    await expect(cards.nth(i).locator(".vmj-region")).toHaveText(region);
  }
  await expect(page.locator("#resultats")).toContainText(count === 1 ? "1 offre" : `${count} offres`);
  // The form shows the filters back.
  await expect(page.getByLabel("Métier").locator("option:checked")).toHaveText(job);
  if (javascript) {
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
  }

  const filteredUrl = page.url();
  const titles = await cardTitles(page);
  const first = titles[0];
  await page.getByRole("link", { name: first }).click();
  await expect(page).toHaveURL(/\/offres\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(first);
  await expect(page.getByRole("heading", { name: "Programme de la journée" })).toBeVisible();
  await expect(page.locator(".vmj-programme li").first()).toContainText("Accueil");
  await expect(page.getByText(/places? restantes? sur \d+|Complet/)).toBeVisible();
  return { filteredUrl, titles };
}

test.describe("avec JavaScript", () => {
  test("parcourir, filtrer par métier et région, ouvrir une offre", async ({ page }) => {
    await browseFilterAndOpen(page, true);
  });

  test("un lien de recherche ouvert directement montre les mêmes résultats", async ({ page, browser }) => {
    const { filteredUrl, titles } = await browseFilterAndOpen(page, true);
    const fresh = await browser.newPage();
    await fresh.goto(filteredUrl);
    expect(await cardTitles(fresh)).toEqual(titles);
    await waitForHydration(fresh);
    expect(await cardTitles(fresh)).toEqual(titles);
    await fresh.close();
  });

  test("la recherche par commune propose des communes et trie par distance", async ({ page }) => {
    await page.goto("/offres");
    await waitForHydration(page);
    await page.getByLabel("Autour de la commune").fill("Renne");
    await expect(page.locator("#communes-suggerees option").first()).toHaveAttribute("value", "Rennes (35)");
    await page.getByLabel("Autour de la commune").fill("Rennes (35)");
    await page.getByLabel("Distance maximale").selectOption("500");
    await page.getByRole("button", { name: "Rechercher" }).click();
    await expect(page.locator("#resultats")).toContainText("à moins de 500 km de Rennes (35)");
    const details = await page.locator(".fr-card__desc").allInnerTexts();
    const km = details.map((d) => Number(/à (\d+) km/.exec(d)?.[1]));
    expect(km.length).toBeGreaterThan(0);
    expect(km).toEqual([...km].sort((a, b) => a - b));
    expect(Math.max(...km)).toBeLessThanOrEqual(500);
  });
});

test.describe("sans JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("parcourir, filtrer par métier et région, ouvrir une offre", async ({ page }) => {
    await browseFilterAndOpen(page, false);
  });

  test("un lien de recherche ouvert directement montre les mêmes résultats", async ({ page, browser }) => {
    const { filteredUrl, titles } = await browseFilterAndOpen(page, false);
    const fresh = await browser.newPage({ javaScriptEnabled: false });
    await fresh.goto(filteredUrl);
    expect(await cardTitles(fresh)).toEqual(titles);
    await fresh.close();
  });

  test("une valeur de filtre invalide est signalée en français, sans erreur", async ({ page }) => {
    const response = await page.goto("/offres?rayon=abc&metier=inconnu");
    expect(response?.status()).toBe(200);
    await expect(page.locator("#filtres-ignores")).toContainText("La distance doit être un nombre");
    await expect(page.locator("#filtres-ignores")).toContainText("Le métier « inconnu » n'existe pas");
  });

  test("une page inconnue répond 404 avec un message", async ({ page }) => {
    const response = await page.goto("/offres/999999");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page non trouvée");
  });
});
