import { expect, test } from "@playwright/test";
import { ORGANISER, showBrowserErrors, signIn, waitForHydration } from "./steps";
import { codeOfStep, currentStep } from "./totp";

// A new organiser's first sign-in: her password, then an authenticator app to set up
// (QR code or key), a wrong code refused, the right one, her ten recovery codes shown
// once; at the next sign-in (without JavaScript) a recovery code replaces the app.
// The organiser is created by scripts/test.sh, with the demo organiser's password.
const NEW_ORGANISER = "nouvelle-organisatrice@exemple.fr";

test("une organisatrice active la double authentification puis se connecte avec un code de secours", async ({ page, browser }) => {
  showBrowserErrors(page);
  await signIn(page, NEW_ORGANISER, ORGANISER.password, /\/connexion\/code$/);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Double authentification");
  await expect(page.getByRole("img", { name: /QR code à scanner/ })).toBeVisible();
  const key = (await page.locator("#cle-secrete").innerText()).replace(/\s/g, "");
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  const field = page.getByRole("textbox", { name: /^Code/ });
  await expect(field).toHaveAttribute("autocomplete", "one-time-code");

  // Nothing organiser-only before the code.
  const other = await browser.newContext();
  await other.addCookies(await page.context().cookies());
  const sneaking = await other.newPage();
  await sneaking.goto("/organisation");
  await expect(sneaking).toHaveURL(/\/connexion\?suivant=%2Forganisation$/);
  await other.close();

  const right = codeOfStep(key, currentStep());
  const wrong = right === "000000" ? "111111" : "000000";
  await field.fill(wrong);
  await page.getByRole("button", { name: "Activer et me connecter" }).click();
  await expect(page.locator("#champ-code-message")).toContainText("Ce code ne correspond pas");
  await field.fill(right);
  await page.getByRole("button", { name: "Activer et me connecter" }).click();
  await expect(page).toHaveURL(/\/compte\/codes-de-secours\?suivant=%2Forganisation$/);
  await expect(page.getByText("La double authentification est activée.")).toBeVisible();
  const codes = await page.locator(".vmj-recovery-codes code").allInnerTexts();
  expect(codes).toHaveLength(10);
  for (const code of codes) expect(code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
  await page.getByRole("link", { name: "J'ai noté mes codes : continuer" }).click();
  await expect(page).toHaveURL(/\/organisation$/);
  // Shown once only.
  await page.goto("/compte/codes-de-secours");
  await expect(page.getByText("Ces codes ont déjà été affichés")).toBeVisible();

  // Next time, without JavaScript: the code page asks for a code, a recovery code passes.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const again = await plain.newPage();
  await signIn(again, NEW_ORGANISER, ORGANISER.password, /\/connexion\/code$/, false);
  await expect(again.locator("#cle-secrete")).toHaveCount(0);
  await again.getByRole("textbox", { name: /^Code/ }).fill(right);
  await again.getByRole("button", { name: "Me connecter", exact: true }).click();
  await expect(again).toHaveURL(/\/connexion\/code$/);
  await expect(again.locator("#champ-code-message")).toContainText("ne sert qu'une fois");
  await again.getByRole("textbox", { name: /^Code/ }).fill(codes[0].toLowerCase());
  await again.getByRole("button", { name: "Me connecter", exact: true }).click();
  await expect(again).toHaveURL(/\/organisation$/);
  await plain.close();
});
