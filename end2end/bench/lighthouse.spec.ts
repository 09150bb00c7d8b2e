import { expect, test, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { completeStudentProfile, signInAsOrganiser, signUp, waitForHydration } from "../tests/steps";

// Lighthouse on pages behind a sign-in: a student with a profile and three wishes on
// /candidature, the organiser on /organisation. The browser signs in, then Lighthouse
// (mobile profile) loads the page with the same session cookie. Each result is a row of
// the table bench/lighthouse.sh prints (LIGHTHOUSE_ROWS names the file).

async function lighthouseRow(page: Page, pathname: string) {
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lighthouse-")), "report.json");
  execFileSync("npx", ["--yes", "lighthouse@13", new URL(pathname, page.url()).href, "--quiet",
    "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    "--only-categories=performance,accessibility", "--output=json", `--output-path=${report}`,
    `--extra-headers=${JSON.stringify({ Cookie: cookie })}`],
  { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" }, stdio: "ignore" });
  const result = JSON.parse(fs.readFileSync(report, "utf8"));
  // Signed in for real: the page is the one asked for, not the sign-in page.
  expect(new URL(result.finalDisplayedUrl).pathname).toBe(pathname);
  const score = (category: string) => Math.round(result.categories[category].score * 100);
  const audit = (id: string) => String(result.audits[id].displayValue).replace(/\u00a0/g, " ");
  const failing = Object.values(result.audits as Record<string, { score: number | null; id: string }>)
    .filter((a) => result.categories.accessibility.auditRefs.some((r: { id: string }) => r.id === a.id) && a.score === 0)
    .map((a) => a.id);
  const row = `| \`${pathname}\` (connecté) | ${score("performance")} | ${score("accessibility")} | ` +
    `${audit("first-contentful-paint")} | ${audit("largest-contentful-paint")} | ${audit("total-blocking-time")} |` +
    (failing.length ? ` ${failing.join(", ")}` : "");
  if (process.env.LIGHTHOUSE_ROWS) fs.appendFileSync(process.env.LIGHTHOUSE_ROWS, row + "\n");
  console.log(row);
}

test("la candidature d'un étudiant et l'accueil de l'organisation", async ({ page }) => {
  test.setTimeout(300_000);
  const email = `mesure-${Date.now()}@exemple.fr`;
  await signUp(page, { role: "etudiant", firstName: "Lina", lastName: "Mesure", email }, /\/candidature$/);
  await page.goto("/profil");
  await completeStudentProfile(page, { school: "IUT de Lannion", level: "3", curriculum: "BUT informatique", commune: "Rennes", radiusKm: "900" });
  await page.goto("/offres");
  const offers = (await page.locator(".fr-card__title a").evaluateAll((links) =>
    links.map((a) => a.getAttribute("href")))).slice(0, 3) as string[];
  for (const [index, offer] of offers.entries()) {
    await page.goto(offer);
    await waitForHydration(page);
    await page.getByRole("button", { name: "Ajouter à mes vœux" }).click();
    await expect(page.locator("#etat-voeu")).toHaveText(`Dans mes vœux, rang ${index + 1}`);
  }
  await lighthouseRow(page, "/candidature");

  await signInAsOrganiser(page);
  await lighthouseRow(page, "/organisation");
});
