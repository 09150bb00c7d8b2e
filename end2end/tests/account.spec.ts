import { expect, test } from "@playwright/test";
import * as fs from "node:fs";
import { PASSWORD, showBrowserErrors, signIn, signUp, waitForHydration } from "./steps";



// "Mon compte": a student changes their password, sees their open sessions, downloads
// their data and signs out everywhere.
test("mon compte : mot de passe, sessions, données, déconnexion partout", async ({ page, browser }) => {
  showBrowserErrors(page);
  const email = `compte-${Date.now()}@exemple.fr`;
  await signUp(page, { role: "etudiant", firstName: "Alix", lastName: "Compte", email }, /\/candidature$/);
  // A second browser signed in too: it must end with the password change.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, email, PASSWORD, /\/candidature$/);

  await page.getByRole("link", { name: "Mon compte" }).click();
  await expect(page).toHaveURL(/\/compte$/);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "Mon compte" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await expect(page.getByText("Cet appareil")).toHaveCount(1);

  // A wrong current password: the message is on its field.
  const newPassword = "une phrase de passe toute neuve";
  await page.getByLabel("Mot de passe actuel").fill("pas le bon mot de passe");
  await page.getByLabel("Nouveau mot de passe").fill(newPassword);
  await page.getByRole("button", { name: "Changer de mot de passe" }).click();
  await expect(page.locator("#champ-current_password-message")).toHaveText("Mot de passe actuel incorrect.");
  await page.getByLabel("Mot de passe actuel").fill(PASSWORD);
  await page.getByLabel("Nouveau mot de passe").fill(newPassword);
  await page.getByRole("button", { name: "Changer de mot de passe" }).click();
  await expect(page).toHaveURL(/\/compte\?mot-de-passe=modifie$/);
  await expect(page.getByText("Votre mot de passe est modifié")).toBeVisible();
  await otherPage.goto("/candidature");
  await expect(otherPage).toHaveURL(/\/connexion\?suivant=/);
  await other.close();

  // The data, as a JSON file.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /Télécharger mes données/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("vismonjob-mes-donnees.json");
  const data = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
  expect(data.compte[0].email).toBe(email);
  expect(data.compte[0].password_hash).toBeUndefined();
  expect(data.journal.map((entry: { action: string }) => entry.action)).toContain("mot_de_passe_modifie");

  await page.getByRole("button", { name: "Se déconnecter partout" }).click();
  await expect(page).toHaveURL(/\/connexion\?deconnexion=partout$/);
  await expect(page.getByText("Toutes vos sessions sont fermées")).toBeVisible();
  await signIn(page, email, newPassword, /\/candidature$/);
});

// A student deletes their account from "Mon compte" (without JavaScript: a plain form):
// the password is asked for, then the account is gone and cannot sign in again.
test.describe("sans JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("supprimer son compte", async ({ page }) => {
    const email = `suppression-${Date.now()}@exemple.fr`;
    await signUp(page, { role: "etudiant", firstName: "Sacha", lastName: "Départ", email }, /\/candidature$/, false);
    await page.goto("/compte");
    await expect(page.getByRole("link", { name: "Comment vos données sont traitées" })).toHaveAttribute("href", "/donnees-personnelles");
    const confirm = page.getByLabel(/^Mot de passe\s*Pour confirmer/);
    const definitive = "Je comprends que la suppression de mon compte est définitive.";
    // The box is required: the browser sends nothing until it is ticked (the server
    // refuses a form without it too, server/tests/personal_data.rs).
    await expect(page.getByLabel(definitive)).toHaveAttribute("required", "");
    await confirm.fill("pas le bon mot de passe");
    await page.getByText(definitive).click();
    await page.getByRole("button", { name: "Supprimer définitivement mon compte" }).click();
    await expect(page).toHaveURL(/\/compte$/);
    await expect(page.locator("#champ-password-message")).toHaveText("Mot de passe incorrect.");
    await page.getByLabel(/^Mot de passe\s*Pour confirmer/).fill(PASSWORD);
    await page.getByText(definitive).click();
    await page.getByRole("button", { name: "Supprimer définitivement mon compte" }).click();
    await expect(page).toHaveURL(/\/connexion\?compte=supprime$/);
    await expect(page.getByText("Votre compte est supprimé")).toBeVisible();
    await page.getByLabel("Adresse électronique").fill(email);
    await page.getByLabel("Mot de passe").fill(PASSWORD);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await expect(page.locator("#champ-password-message")).toContainText("incorrect");
    await page.goto("/donnees-personnelles");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Données personnelles");
    await expect(page.getByText("un an", { exact: true })).toBeVisible();
  });
});
