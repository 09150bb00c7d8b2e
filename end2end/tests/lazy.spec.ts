import { expect, test, type Page } from "@playwright/test";

// The account pages and the spaces come in WASM chunks of their own, fetched only when
// one of their pages is shown: a visitor of the catalogue does not download them.

async function openCatalogue(page: Page, chunks: string[]) {
  page.on("request", (request) => {
    const name = new URL(request.url()).pathname;
    if (/\/pkg\/(split_|chunk_)/.test(name)) chunks.push(name);
  });
  await page.goto("/offres");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.waitForLoadState("networkidle");
}

test("le catalogue ne télécharge pas le code des espaces ; une navigation vers la connexion le charge", async ({ page }) => {
  const chunks: string[] = [];
  await openCatalogue(page, chunks);
  expect(chunks.filter((c) => /split___/.test(c))).toEqual([]);

  // Client-side navigation: same document, the login page's chunk fetched on the way.
  await page.evaluate(() => ((window as any).__sameDocument = true));
  await page.getByRole("link", { name: "Se connecter" }).first().click();
  await expect(page).toHaveURL(/\/connexion$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Se connecter");
  expect(chunks.some((c) => /split___login_route_view/.test(c))).toBe(true);
  expect(chunks.some((c) => /split___pairing_route_view|split___application_route_view/.test(c))).toBe(false);
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

  // The page works once there: a wrong password gets its French message.
  await page.getByLabel("Adresse électronique").fill("personne@exemple.fr");
  await page.getByLabel("Mot de passe").fill("pas le bon mot de passe");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByText("Adresse électronique ou mot de passe incorrect")).toBeVisible();
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
});

test("un morceau de code qui ne se télécharge pas donne un message et un lien pour recharger", async ({ page }) => {
  const chunks: string[] = [];
  await page.route(/\/pkg\/split___login_route_view/, (route) => route.abort("connectionfailed"));
  await openCatalogue(page, chunks);
  await page.getByRole("link", { name: "Se connecter" }).first().click();
  const alert = page.locator("#erreur-script");
  await expect(alert).toContainText("Une partie de la page n'a pas pu être chargée");
  await expect(alert.getByRole("link", { name: "Recharger la page" })).toBeVisible();

  // With the network back, reloading gives a working page again, and the link now leads
  // to the page.
  await page.unroute(/\/pkg\/split___login_route_view/);
  await Promise.all([
    page.waitForEvent("load"),
    alert.getByRole("link", { name: "Recharger la page" }).click(),
  ]);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(page.locator("#erreur-script")).toHaveCount(0);
  await page.getByRole("link", { name: "Se connecter" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Se connecter");
});
