import { expect, test, type Locator, type Page } from "@playwright/test";
import { linkFor } from "./outbox";
import { PASSWORD, showBrowserErrors, signUp, waitForHydration } from "./steps";

// Keyboard only: Tab, Shift+Tab, Enter and Space move and act, and typed text goes where
// the focus is; no click. Every stop must show the DSFR focus ring. Runs on the demo
// edition while its applications are open (before pairing.spec.ts).

/** Whether the focused element (or, for a DSFR radio or checkbox, its label's box)
 *  draws a focus ring. */
async function focusRingShown(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const ring = (style: CSSStyleDeclaration) => style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return false;
    // A card's link draws its ring around the whole card, on its ::before.
    if ([null, "::before", "::after"].some((part) => ring(getComputedStyle(element, part)))) return true;
    const label = element.id ? document.querySelector(`label[for="${element.id}"]`) : null;
    return !!label && (ring(getComputedStyle(label, "::before")) || ring(getComputedStyle(label)));
  });
}

/** Presses Tab (Shift+Tab with `back`) until `target` has the focus (none if it has). */
async function tabTo(page: Page, target: Locator, back = false) {
  await expect(target).toBeAttached();
  if (await target.evaluate((element) => element === document.activeElement)) {
    expect(await focusRingShown(page), `anneau de focus sur ${target}`).toBe(true);
    return;
  }
  for (let presses = 0; presses < 150; presses++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    if (await target.evaluate((element) => element === document.activeElement)) {
      expect(await focusRingShown(page), `anneau de focus sur ${target}`).toBe(true);
      return;
    }
  }
  throw new Error(`${target} n'est pas atteint au clavier`);
}

/** Tabs to a field and types into it (a select takes the start of an option's text). */
async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
}

/** Tabs to a time field and types a morning time (hh:mm) digit by digit; where the
 *  browser shows a 12-hour clock, its AM/PM part is answered "A". */
async function typeMorningTime(page: Page, field: Locator, time: string) {
  await tabTo(page, field);
  for (const digit of time.replace(":", "")) await page.keyboard.press(digit);
  if ((await field.inputValue()) === "") await page.keyboard.press("A");
  await expect(field).toHaveValue(time);
}

/** Tabs to a select and moves through its options with the arrow keys until `value`. */
async function chooseWithArrows(page: Page, select: Locator, value: string) {
  await tabTo(page, select);
  for (let presses = 0; presses < 200; presses++) {
    if ((await select.inputValue()) === value) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`${value} introuvable dans ${select}`);
}

test("au clavier seul : inscription, profil, trois vœux et envoi de la candidature", async ({ page }) => {
  test.setTimeout(180_000);
  showBrowserErrors(page);
  await page.goto("/");
  await waitForHydration(page);

  // The first stop is the skip link; it leads to the content.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Contenu" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#contenu")).toBeFocused();

  await tabTo(page, page.getByRole("link", { name: "Créer un compte" }).first(), true);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/inscription$/);
  await waitForHydration(page);
  const email = `clavier-${Date.now()}@exemple.fr`;
  await tabTo(page, page.locator("#role-etudiant"));
  await expect(page.locator("#role-etudiant")).toBeChecked();
  await typeInto(page, page.getByLabel("Prénom"), "Maël");
  await typeInto(page, page.getByLabel("Nom", { exact: true }), "Clavier");
  await typeInto(page, page.getByLabel("Adresse électronique"), email);
  await typeInto(page, page.getByLabel("Mot de passe"), PASSWORD);
  await tabTo(page, page.getByRole("button", { name: "Créer mon compte" }));
  await page.keyboard.press("Space");
  await expect(page).toHaveURL(/\/inscription\/confirmation$/);

  // The link of the e-mail, then the confirmation and the sign-in.
  await page.goto(await linkFor(email, "verification"));
  await waitForHydration(page);
  await tabTo(page, page.getByRole("button", { name: "Confirmer mon adresse" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/connexion\?adresse=confirmee$/);
  await waitForHydration(page);
  await typeInto(page, page.getByLabel("Adresse électronique"), email);
  await typeInto(page, page.getByLabel("Mot de passe"), PASSWORD);
  await page.keyboard.press("Shift+Tab");
  await expect(page.getByLabel("Adresse électronique")).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/candidature$/);
  await waitForHydration(page);

  await tabTo(page, page.getByRole("link", { name: "Compléter mon profil" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/profil$/);
  await waitForHydration(page);
  await typeInto(page, page.getByLabel("École ou université"), "Université de Rennes");
  await chooseWithArrows(page, page.getByLabel("Niveau d'études"), "5");
  await typeInto(page, page.getByLabel("Formation"), "Master informatique");
  await typeInto(page, page.getByLabel("Commune où vous habitez"), "Rennes");
  await typeInto(page, page.getByLabel("Distance que vous pouvez parcourir (km)"), "900");
  await tabTo(page, page.getByRole("button", { name: "Enregistrer mon profil" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/candidature\?profil=enregistre$/);

  // Three wishes, each from the catalogue: the offer's title, then its button.
  for (const rank of [1, 2, 3]) {
    await waitForHydration(page);
    await tabTo(page, page.getByRole("link", { name: "Offres d'accueil", exact: true }).first());
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/offres$/);
    await waitForHydration(page);
    await tabTo(page, page.locator(".fr-card__title a").nth(rank - 1));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/offres\/\d+$/);
    await waitForHydration(page);
    await tabTo(page, page.getByRole("button", { name: "Ajouter à mes vœux" }));
    await page.keyboard.press("Space");
    await expect(page.locator("#etat-voeu")).toHaveText(`Dans mes vœux, rang ${rank}`);
  }

  await tabTo(page, page.getByRole("link", { name: "Voir ma candidature" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/candidature$/);
  await waitForHydration(page);
  await expect(page.locator("#liste-voeux > li")).toHaveCount(3);
  // The third wish moved up: drawn again at rank 2, its "Monter" keeps the focus.
  const wishes = page.locator("#liste-voeux > li");
  const third = await wishes.nth(2).locator("a").innerText();
  await tabTo(page, wishes.nth(2).getByRole("button", { name: /^Monter/ }));
  await page.keyboard.press("Enter");
  await expect(wishes.nth(1)).toContainText(third);
  await expect(wishes.nth(1).getByRole("button", { name: /^Monter/ })).toBeFocused();
  await typeInto(page, page.getByRole("textbox", { name: /^Motivation/ }), "Découvrir la sécurité des systèmes de l'État.");
  await tabTo(page, page.locator("#champ-consent"));
  await page.keyboard.press("Space");
  await expect(page.locator("#champ-consent")).toBeChecked();
  await tabTo(page, page.getByRole("button", { name: "Envoyer ma candidature" }));
  await page.keyboard.press("Enter");
  await expect(page.locator("#statut-candidature")).toHaveText("Envoyée");
});

test("au clavier seul : l'éditeur d'offre de l'ambassadeur, de la fiche au programme", async ({ page }) => {
  test.setTimeout(180_000);
  showBrowserErrors(page);
  const email = `clavier-ambassadrice-${Date.now()}@numerique.gouv.fr`;
  await signUp(page, { role: "ambassadeur", firstName: "Nora", lastName: "Clavier", email }, /\/ambassadeur$/);
  await waitForHydration(page);
  await tabTo(page, page.getByRole("link", { name: "Mon profil" }));
  await page.keyboard.press("Enter");
  await waitForHydration(page);
  await typeInto(page, page.getByLabel("Fonction"), "Architecte des systèmes d'information");
  await chooseWithArrows(page, page.getByLabel("Administration"), "dinum");
  await typeInto(page, page.getByLabel("Présentation"), "J'accompagne les ministères dans la conception de leurs systèmes.");
  await tabTo(page, page.getByRole("button", { name: "Enregistrer mon profil" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText("Votre profil est enregistré.")).toBeVisible();

  await page.goto("/ambassadeur");
  await waitForHydration(page);
  await tabTo(page, page.getByRole("link", { name: "Proposer une offre d'accueil" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/ambassadeur\/offres\/nouvelle$/);
  await waitForHydration(page);
  await chooseWithArrows(page, page.getByLabel("Métier", { exact: true }), "architecte-si");
  await typeInto(page, page.getByLabel("Intitulé"), "Une journée avec l'architecture de l'État");
  await typeInto(page, page.getByLabel("Commune du lieu d'accueil"), "Paris");
  await typeInto(page, page.locator("#champ-address"), "20 avenue de Ségur");
  await chooseWithArrows(page, page.getByLabel("Nombre d'étudiants accueillis"), "2");
  await tabTo(page, page.locator("#champ-level_5"));
  await page.keyboard.press("Space");
  await expect(page.locator("#champ-level_5")).toBeChecked();
  await typeInto(page, page.locator("#champ-description"),
    "Vous suivrez une revue d'architecture, un atelier avec une équipe produit et la préparation d'un comité.");
  await tabTo(page, page.getByRole("button", { name: "Enregistrer le brouillon" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/ambassadeur\/offres\/\d+\?offre=enregistree$/);
  await expect(page.getByText("Votre offre est enregistrée.")).toBeVisible();

  // The programme: two steps typed, the second moved up, then the offer submitted.
  for (const [time, title] of [["10:00", "Revue d'architecture"], ["09:00", "Accueil de l'équipe"]]) {
    await waitForHydration(page);
    await typeMorningTime(page, page.locator("#etape-starts_at"), time);
    await typeInto(page, page.locator("#etape-title"), title);
    await tabTo(page, page.getByRole("button", { name: "Ajouter l'étape" }));
    await page.keyboard.press("Enter");
    await expect(page.locator("#etapes")).toContainText(title);
    // The form is drawn again, empty: the focus is back on its first field.
    await expect(page.locator("#etape-starts_at")).toBeFocused();
  }
  await tabTo(page, page.getByRole("button", { name: "Monter : Accueil de l'équipe" }), true);
  await page.keyboard.press("Space");
  await expect(page.locator("#etapes > li").first()).toContainText("Accueil de l'équipe");
  // First now, the step has no "Monter": the focus is on its "Descendre".
  await expect(page.getByRole("button", { name: "Descendre : Accueil de l'équipe" })).toBeFocused();
  await tabTo(page, page.getByRole("button", { name: "Soumettre à validation" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText("Votre offre est soumise à validation")).toBeVisible();
  await expect(page.locator("#titre-etat")).toContainText("En attente de validation");
});
