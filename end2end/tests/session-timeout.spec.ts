import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { showBrowserErrors, signUp, waitForHydration } from "./steps";

// On a server whose sessions end after one minute without activity (SESSION_IDLE_MINUTES=1,
// started by scripts/test.sh): the warning comes half a minute before the end, takes the
// focus, and "Rester connecté" (pressed with the keyboard) keeps the session open; left
// unanswered, the session ends and the page says so, with a link back to the same page
// once signed in again (RGAA 13.1).

test("la session prévient avant de se fermer et se prolonge d'une touche", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  showBrowserErrors(page);
  const email = `session-${Date.now()}@exemple.fr`;
  await signUp(page, { role: "etudiant", firstName: "Lou", lastName: "Minute", email }, /\/candidature$/);
  // A page with a query: the link after the end comes back to it whole.
  await page.goto("/profil?depuis=session");
  await waitForHydration(page);
  const field = page.getByLabel("École ou université");
  await field.focus();

  const warning = page.getByRole("alertdialog", { name: /Votre session se ferme dans moins d'une minute/ });
  await expect(warning).toBeVisible({ timeout: 45_000 });
  const stay = warning.getByRole("button", { name: "Rester connecté" });
  await expect(stay).toBeFocused();
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  expect(axe.violations.map((v) => `${v.id} : ${v.help}`)).toEqual([]);
  await testInfo.attach("avertissement de fin de session – 1280 px", { body: await page.screenshot(), contentType: "image/png" });
  await page.keyboard.press("Enter");
  await expect(warning).toBeHidden();
  await expect(field, "la saisie reprend où elle était").toBeFocused();

  // Extended: the session outlives the first minute, then ends unanswered.
  await expect(warning).toBeVisible({ timeout: 45_000 });
  const ended = page.getByRole("alertdialog", { name: "Votre session est fermée" });
  await expect(ended).toBeVisible({ timeout: 45_000 });
  await expect(ended.getByRole("link", { name: "Se reconnecter" })).toBeFocused();
  await page.setViewportSize({ width: 320, height: 640 });
  await testInfo.attach("session fermée – 320 px", { body: await page.screenshot(), contentType: "image/png" });
  // The warning is outside the header's tools, which a phone folds into the menu.
  await ended.getByRole("link", { name: "Se reconnecter" }).click();
  await expect(page).toHaveURL(/\/connexion\?suivant=%2Fprofil%3Fdepuis%3Dsession$/);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/profil");
  await expect(page.getByRole("link", { name: "Se connecter" }).first()).toBeVisible();
});
