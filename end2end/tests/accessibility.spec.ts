import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { ORGANISER, showBrowserErrors, signIn, signInAsOrganiser, signUp, waitForHydration } from "./steps";

// Every page as each role sees it, at 1280 px and at 320 px: axe-core finds no violation
// of any impact (WCAG 2.1 A and AA and axe's best practices, heading order among them),
// nothing scrolls sideways at 320 px, every DSFR icon a page names has its glyph, no
// stylesheet, script, font or icon fails to load, and a screenshot of the page at both
// widths goes to the test report (playwright-report/).

const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 320, height: 640 },
];
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

/** What failed to load beside the page itself (the page may be a 404 on purpose) and
 *  the server functions (a form sent with faults is refused on purpose). */
function watchResources(page: Page): string[] {
  const failed: string[] = [];
  page.on("response", (response) => {
    const asset = response.request().resourceType() !== "document" && !new URL(response.url()).pathname.startsWith("/api/");
    if (response.status() >= 400 && asset) failed.push(response.url());
  });
  page.on("requestfailed", (request) => {
    if (request.resourceType() !== "document" && request.resourceType() !== "eventsource") failed.push(request.url());
  });
  return failed;
}

/** Sends the page's form as a browser without form validation would (the server's
 *  messages, not the browser's, are then shown). */
async function sendUnchecked(page: Page, button: string) {
  await page.evaluate(() => document.querySelectorAll("form").forEach((form) => (form.noValidate = true)));
  await page.getByRole("button", { name: button }).click();
  await expect(page.locator(".fr-alert--error")).toBeVisible();
}

/** Checks the page as it stands (after a form was sent with errors, say). */
async function checkCurrent(page: Page, testInfo: TestInfo, name: string) {
  // The live dashboard keeps a stream open: the network is never idle there.
  await page.waitForLoadState("networkidle", { timeout: 3_000 }).catch(() => {});
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    const violations = results.violations.map(
      (v) => `${v.id} (${v.impact}) : ${v.help} – ${v.nodes.map((n) => n.target.join(" ")).join(" ; ")}`,
    );
    expect(violations, `${name} à ${size.width} px`).toEqual([]);
    if (size.width === 320) {
      const sideways = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(sideways, `${name} défile de côté à 320 px`).toBeLessThanOrEqual(0);
    }
    await testInfo.attach(`${name} – ${size.width} px`, {
      body: await page.screenshot({ fullPage: true }),
      contentType: "image/png",
    });
  }
  await page.setViewportSize(WIDTHS[0]);
  // An icon class without its rule draws a plain square: its ::before has no mask.
  const iconsWithoutGlyph = await page.evaluate(() =>
    [...document.querySelectorAll("[class*='fr-icon-']")]
      .filter((el) => !getComputedStyle(el, "::before").maskImage.includes("url("))
      .map((el) => el.className),
  );
  expect(iconsWithoutGlyph, `${name} : icônes sans dessin`).toEqual([]);
}

async function checkPage(page: Page, testInfo: TestInfo, path: string) {
  await page.goto(path);
  await waitForHydration(page);
  await checkCurrent(page, testInfo, path);
}

/** The address of the first link in `scope` whose address matches `pattern`. */
async function firstLink(page: Page, scope: string, pattern: RegExp): Promise<string> {
  const hrefs = await page.locator(`${scope} a[href]`).evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `un lien ${pattern} dans ${scope}`).toBeTruthy();
  return href!;
}

test.describe.configure({ timeout: 240_000 });

test("pages publiques et pages de compte", async ({ page }, testInfo) => {
  showBrowserErrors(page);
  const failed = watchResources(page);
  for (const path of ["/", "/metiers", "/administrations", "/offres", "/accessibilite", "/mentions-legales", "/plan-du-site",
    "/donnees-personnelles", "/inscription", "/inscription/confirmation", "/connexion", "/mot-de-passe-oublie",
    "/reinitialisation?jeton=inconnu", "/verification?jeton=inconnu", "/page-qui-n-existe-pas"]) {
    await checkPage(page, testInfo, path);
  }
  await page.goto("/metiers");
  await checkPage(page, testInfo, await firstLink(page, "main", /^\/metiers\/[a-z0-9-]+$/));
  await page.goto("/administrations");
  await checkPage(page, testInfo, await firstLink(page, "main", /^\/administrations\/[a-z0-9-]+$/));
  await page.goto("/offres");
  await checkPage(page, testInfo, await firstLink(page, "main", /^\/offres\/\d+$/));
  await checkPage(page, testInfo, "/offres?metier=inconnu&region=53&commune=Rennes&rayon=50&tri=distance");

  // The site map leads to pages that exist.
  await page.goto("/plan-du-site");
  const mapped = await page.locator("main a[href^='/']").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  expect(mapped.length).toBeGreaterThan(20);
  for (const href of mapped) expect((await page.request.get(href)).status(), href).not.toBe(404);

  // A form sent with faults: each message is beside its field.
  await page.goto("/inscription");
  await waitForHydration(page);
  await sendUnchecked(page, "Créer mon compte");
  await checkCurrent(page, testInfo, "/inscription (erreurs)");
  expect(failed).toEqual([]);
});

test("espace étudiant", async ({ page }, testInfo) => {
  showBrowserErrors(page);
  const failed = watchResources(page);
  const email = `a11y-etudiant-${Date.now()}@exemple.fr`;
  await signUp(page, { role: "etudiant", firstName: "Inès", lastName: "Clavier", email }, /\/candidature$/);
  for (const path of ["/candidature", "/profil", "/compte"]) await checkPage(page, testInfo, path);
  await page.goto("/offres");
  await checkPage(page, testInfo, await firstLink(page, "main", /^\/offres\/\d+$/));

  // The profile sent empty: its faults, each on its field.
  await page.goto("/profil");
  await waitForHydration(page);
  await sendUnchecked(page, "Enregistrer mon profil");
  await checkCurrent(page, testInfo, "/profil (erreurs)");
  expect(failed).toEqual([]);
});

test("espace ambassadeur", async ({ page }, testInfo) => {
  showBrowserErrors(page);
  const failed = watchResources(page);
  const email = `a11y-ambassadeur-${Date.now()}@numerique.gouv.fr`;
  await signUp(page, { role: "ambassadeur", firstName: "Yanis", lastName: "Clavier", email }, /\/ambassadeur$/);
  for (const path of ["/ambassadeur", "/ambassadeur/profil", "/ambassadeur/coaching", "/ambassadeur/offres/nouvelle"]) {
    await checkPage(page, testInfo, path);
  }
  await sendUnchecked(page, "Enregistrer le brouillon");
  await checkCurrent(page, testInfo, "/ambassadeur/offres/nouvelle (erreurs)");
  expect(failed).toEqual([]);
});

test("espace organisation", async ({ page }, testInfo) => {
  showBrowserErrors(page);
  const failed = watchResources(page);
  await signIn(page, ORGANISER.email, ORGANISER.password, /\/connexion\/code$/);
  await waitForHydration(page);
  await checkCurrent(page, testInfo, "/connexion/code");

  await signInAsOrganiser(page);
  for (const path of ["/organisation", "/organisation/binomes", "/organisation/editions", "/organisation/editions/nouvelle",
    "/organisation/statistiques", "/organisation/statistiques?carte=candidats", "/organisation/courriels",
    "/organisation/courriels/modeles", "/organisation/journal", "/organisation/coaching", "/organisation/offres",
    "/compte", "/compte/codes-de-secours"]) {
    await checkPage(page, testInfo, path);
  }
  await page.goto("/organisation/editions");
  await checkPage(page, testInfo, await firstLink(page, "#editions", /^\/organisation\/editions\/\d+$/));
  await page.goto("/organisation/offres");
  const queued = await page.locator("main a[href^='/organisation/offres/']").count();
  if (queued > 0) await checkPage(page, testInfo, await firstLink(page, "main", /^\/organisation\/offres\/\d+$/));
  expect(failed).toEqual([]);
});

test("sur un téléphone, le catalogue montre des offres dès le premier écran ; les filtres sont derrière « Filtrer »", async ({ browser }) => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ viewport: { width: 320, height: 568 }, javaScriptEnabled });
    const page = await context.newPage();
    await page.goto("/offres?region=11&metier=designer");
    await waitForHydration(page, javaScriptEnabled);
    const filter = page.locator("summary", { hasText: "Filtrer" });
    await expect(filter).toHaveText("Filtrer (2 filtres actifs)");
    await expect(page.getByLabel("Région")).toBeHidden();
    const firstOffer = page.locator(".fr-card__title a").first();
    await expect(firstOffer).toBeVisible();
    const box = await firstOffer.boundingBox();
    expect(box!.y + box!.height, "le titre de la première offre tient dans le premier écran").toBeLessThan(568);

    // Opened, the filters show what is applied; the search runs as on a wide screen.
    await filter.click();
    await expect(page.getByLabel("Région")).toHaveValue("11");
    await page.getByLabel("Métier").selectOption("");
    await page.getByRole("button", { name: "Rechercher" }).click();
    await expect(page).toHaveURL(/\/offres\?.*region=11/);
    await expect(page.locator("summary", { hasText: "Filtrer" })).toHaveText("Filtrer (1 filtre actif)");
    await context.close();
  }
});
