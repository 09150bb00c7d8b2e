import { expect, test, type Page } from "@playwright/test";
import { findEmail, linkFor } from "./outbox";
import { PASSWORD, signIn, signInAsOrganiser, waitForHydration } from "./steps";

// The organiser forms the pairs of the demo edition: runs both algorithms, compares
// them, applies one, locks a pair and announces; then a paired student sees their
// ambassador and that ambassador sees the student, and both confirm (what follows, to
// the last feedback, is in edition-complete.spec.ts). Demo students and ambassadors
// have no password and choose one through "Mot de passe oublié", as a real user would.

/** Chooses a password with the link e-mailed by "Mot de passe oublié", then signs in. */
async function choosePasswordAndSignIn(page: Page, email: string, home: RegExp) {
  await page.context().clearCookies();
  await page.goto("/mot-de-passe-oublie");
  await waitForHydration(page);
  await page.getByLabel("Adresse électronique").fill(email);
  await page.getByRole("button", { name: "Recevoir le lien" }).click();
  await expect(page).toHaveURL(/envoye=1/);
  await page.goto(await linkFor(email, "reinitialisation"));
  await waitForHydration(page);
  await page.getByLabel("Nouveau mot de passe").fill(PASSWORD);
  await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
  await expect(page).toHaveURL(/\/connexion/);
  await signIn(page, email, PASSWORD, home);
}

/** Runs the stable then the optimal algorithm; returns the rows of kept runs (newest first). */
async function runBoth(page: Page) {
  const runs = page.locator("#calculs tbody tr");
  // The workspace is shown once loaded (its code and its data may still be on the way).
  await expect(page.getByRole("heading", { name: "Calculs conservés" })).toBeVisible();
  const before = await runs.count();
  await page.getByRole("button", { name: "Calcul stable" }).click();
  await expect(runs).toHaveCount(before + 1);
  await page.getByRole("button", { name: "Calcul optimal" }).click();
  await expect(runs).toHaveCount(before + 2);
  return runs;
}

test.describe("sans JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  // Every form of the workspace is a plain HTML form: the organiser can run, compare,
  // apply, lock and unlock without JavaScript (this test leaves nothing locked nor
  // announced, for the test that follows).
  test("lancer, comparer, appliquer, verrouiller et déverrouiller sans JavaScript", async ({ page }) => {
    test.setTimeout(120_000);
    await signInAsOrganiser(page, false);
    await page.goto("/organisation/binomes");

    const runs = await runBoth(page);
    const runId = async (row: number) => /n° (\d+)/.exec(await runs.nth(row).locator("th").innerText())![1];
    const optimal = await runId(0);
    const stable = await runId(1);

    // Choose the order of the comparison: stable on the left this time.
    await page.getByLabel("Calcul de gauche").selectOption(stable);
    await page.getByLabel("Calcul de droite").selectOption(optimal);
    await page.getByRole("button", { name: "Comparer" }).click();
    await expect(page).toHaveURL(new RegExp(`a=${stable}&b=${optimal}`));
    const compared = page.locator("#comparaison article");
    await expect(compared.nth(0).getByRole("heading")).toHaveText(`Calcul n° ${stable} – stable`);
    await expect(compared.nth(1).getByRole("heading")).toHaveText(`Calcul n° ${optimal} – optimal`);

    await page.getByRole("button", { name: `Appliquer le calcul n° ${optimal}` }).click();
    const pairs = page.locator("#binomes tbody tr");
    await expect(pairs.first()).toBeVisible();
    // Narrow the list to one student by name (a plain GET form).
    const name = (await pairs.first().locator("td").first().innerText()).trim();
    await page.getByLabel("Chercher un étudiant ou une offre").fill(name);
    await page.getByRole("button", { name: "Chercher" }).click();
    await expect(page).toHaveURL(/q=/);
    for (const row of await pairs.all()) {
      await expect(row.locator("td").first()).toContainText(name);
    }

    // Two demo students may share a name: act within the first row.
    await pairs.first().getByRole("button", { name: /^Verrouiller le binôme de / }).click();
    await pairs.first().getByRole("button", { name: /^Déverrouiller le binôme de / }).click();
    await expect(pairs.first().getByRole("button", { name: /^Verrouiller le binôme de / })).toBeVisible();
  });
});

test("former, comparer, verrouiller et annoncer les binômes de l'édition de démonstration", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAsOrganiser(page);
  await page.getByRole("link", { name: "Former et annoncer les binômes" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Binômes");

  const runs = await runBoth(page);
  // Side by side: the optimal run pairs at least as many students as the stable one.
  const matched = async (row: number) =>
    Number(/^(\d+) sur/.exec(await runs.nth(row).locator("td").first().innerText())?.[1]);
  await expect(runs.nth(0).locator("th")).toContainText("optimal");
  expect(await matched(0)).toBeGreaterThanOrEqual(await matched(1));
  expect(await matched(0)).toBeGreaterThan(0);
  // Side by side with their charts (the two newest runs by default).
  const compared = page.locator("#comparaison article");
  await expect(compared).toHaveCount(2);
  await expect(compared.nth(0).getByRole("heading")).toContainText("optimal");
  await expect(compared.nth(1).getByRole("heading")).toContainText("stable");
  await expect(compared.nth(0).locator("figcaption")).toContainText([
    "Vœu obtenu",
    "Distance entre l'étudiant et son offre",
    "Places pourvues par métier",
    "Places pourvues par région",
    "Places pourvues par administration",
    "Étudiants sans binôme, par raison",
  ]);
  await expect(compared.nth(0).locator(".vmj-chart__svg").first()).toBeVisible();

  await runs.nth(0).getByRole("button", { name: /^Appliquer/ }).click();
  const pairs = page.locator("#binomes tbody tr");
  const total = await matched(0);
  await expect(page.locator("#titre-binomes")).toHaveText(`Binômes (${total})`);
  await expect(pairs).toHaveCount(Math.min(total, 50)); // 50 per page

  const first = pairs.first();
  const student = (await first.locator("td").first().innerText()).trim();
  await first.getByRole("button", { name: `Verrouiller le binôme de ${student}` }).click();
  await expect(first.getByRole("button", { name: `Déverrouiller le binôme de ${student}` })).toBeVisible();
  await expect(first.getByRole("button", { name: `Déverrouiller le binôme de ${student}` }), "le focus reste sur le verrou").toBeFocused();

  // Announced only once applications are closed, from the edition's page.
  await expect(page.getByRole("button", { name: "Annoncer les binômes" })).toHaveCount(0);
  await page.getByRole("link", { name: "la page de l'édition" }).click();
  await page.locator("#editions tr", { hasText: "Candidatures ouvertes" }).getByRole("link").click();
  await page.getByRole("button", { name: "Clore les candidatures" }).click();
  await expect(page.locator("#calendrier")).toContainText("Candidatures closes");
  await page.goto("/organisation/binomes");
  await expect(page.locator("#statut-edition")).toHaveText("Candidatures closes");

  // The announcement e-mails everyone: a box to tick first, which the browser requires.
  const announcement = page.getByRole("button", { name: "Annoncer les binômes" });
  await announcement.click();
  await expect(page.locator("#binomes-annonces")).toHaveCount(0);
  expect(await page.getByLabel(/^Je confirme l'annonce/).evaluate((box) => (box as HTMLInputElement).validity.valueMissing)).toBe(true);
  await page.getByText(/^Je confirme l'annonce/).click();
  await announcement.click();
  await expect(page.locator("#binomes-annonces")).toHaveText("Binômes annoncés");
  await expect(page.getByRole("button", { name: "Calcul stable" })).toHaveCount(0);

  // One announcement to a student, and the one to their ambassador.
  const toStudent = await findEmail((t) => t.includes("Votre journée d'immersion se passera auprès de"), "annonce étudiant");
  const studentEmail = /^To: (\S+)/m.exec(toStudent)![1];
  const [, studentFirstName, ambassadorFirstName, offerTitle] =
    /Bonjour ([^,]+),\s+Votre journée d'immersion se passera auprès de ([^:]+?) : « (.+?) »/.exec(toStudent)!;
  const toAmbassador = await findEmail(
    (t) => t.includes(`Bonjour ${ambassadorFirstName},`) && t.includes(`vous accompagnera pour « ${offerTitle} »`) &&
      t.includes(`${studentFirstName} `),
    "annonce ambassadeur",
  );
  const ambassadorEmail = /^To: (\S+)/m.exec(toAmbassador)![1];

  // The student sees their ambassador, the place and the programme, and confirms…
  await choosePasswordAndSignIn(page, studentEmail, /\/candidature$/);
  const pair = page.locator("#mon-binome");
  await expect(pair).toContainText(ambassadorFirstName);
  await expect(pair).toContainText(offerTitle);
  await expect(pair.locator(".vmj-programme li").first()).toBeVisible();
  await pair.getByRole("button", { name: "Confirmer le binôme" }).click();
  await expect(page.getByText("Votre confirmation est enregistrée")).toBeVisible();
  await expect(page.locator("#mon-binome .vmj-pair__state")).toHaveText("Vous avez confirmé ; en attente de l'autre côté.");

  // …and the ambassador sees the student (school, motivation, e-mail) and confirms too.
  await choosePasswordAndSignIn(page, ambassadorEmail, /\/ambassadeur$/);
  const card = page.locator("#mes-binomes .vmj-pair", { hasText: studentEmail });
  await expect(card).toContainText(studentFirstName);
  await expect(card).toContainText(offerTitle);
  await card.getByRole("button", { name: "Confirmer le binôme" }).click();
  await expect(page.locator("#mes-binomes .vmj-pair", { hasText: studentEmail }).locator(".vmj-pair__state"))
    .toHaveText("Confirmé des deux côtés.");
});
