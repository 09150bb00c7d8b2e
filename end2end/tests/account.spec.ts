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
