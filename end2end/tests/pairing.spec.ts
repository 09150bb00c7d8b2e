import { expect, test, type Page } from "@playwright/test";
import { findEmail, linkFor } from "./outbox";

// The organiser forms the pairs of the demo edition: runs both algorithms, compares
// them, applies one, locks a pair and announces; then a paired student sees their
// ambassador and that ambassador sees the student. The organiser account is created by
// scripts/test.sh with the command line; demo students and ambassadors have no password
// and choose one through "Mot de passe oublié", as a real user would.

const ORGANISER = { email: "organisation@exemple.fr", password: "mot de passe de l'organisation" };

const PASSWORD = "une phrase de passe solide";

async function signIn(page: Page, email: string, password: string, home: RegExp, javascript = true) {
  await page.goto("/connexion");
  if (javascript) await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Adresse électronique").fill(email);
  await page.getByLabel("Mot de passe").fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(home);
}

/** Chooses a password with the link e-mailed by "Mot de passe oublié", then signs in. */
async function choosePasswordAndSignIn(page: Page, email: string, home: RegExp) {
  await page.context().clearCookies();
  await page.goto("/mot-de-passe-oublie");
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.getByLabel("Adresse électronique").fill(email);
  await page.getByRole("button", { name: "Recevoir le lien" }).click();
  await expect(page).toHaveURL(/envoye=1/);
  await page.goto(await linkFor(email, "reinitialisation"));
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
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
    await signIn(page, ORGANISER.email, ORGANISER.password, /\/organisation$/, false);
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
  await signIn(page, ORGANISER.email, ORGANISER.password, /\/organisation$/);
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
  await expect(compared.nth(0).locator("meter").first()).toBeVisible();

  await runs.nth(0).getByRole("button", { name: /^Appliquer/ }).click();
  const pairs = page.locator("#binomes tbody tr");
  const total = await matched(0);
  await expect(page.locator("#titre-binomes")).toHaveText(`Binômes (${total})`);
  await expect(pairs).toHaveCount(Math.min(total, 50)); // 50 per page

  const first = pairs.first();
  const student = (await first.locator("td").first().innerText()).trim();
  await first.getByRole("button", { name: `Verrouiller le binôme de ${student}` }).click();
  await expect(first.getByRole("button", { name: `Déverrouiller le binôme de ${student}` })).toBeVisible();

  // Announced only once applications are closed, from the edition's page.
  await expect(page.getByRole("button", { name: "Annoncer les binômes" })).toHaveCount(0);
  await page.getByRole("link", { name: "la page de l'édition" }).click();
  await page.locator("#editions tr", { hasText: "Candidatures ouvertes" }).getByRole("link").click();
  await page.getByRole("button", { name: "Clore les candidatures" }).click();
  await expect(page.locator("#calendrier")).toContainText("Candidatures closes");
  await page.goto("/organisation/binomes");
  await expect(page.locator("#statut-edition")).toHaveText("Candidatures closes");

  await page.getByRole("button", { name: "Annoncer les binômes" }).click();
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

  // The immersion day comes (the organiser moves the calendar to today).
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await page.context().clearCookies();
  await signIn(page, ORGANISER.email, ORGANISER.password, /\/organisation$/);
  await page.getByRole("link", { name: "Éditions et calendrier" }).click();
  await page.locator("#editions tr", { hasText: "Binômes annoncés" }).getByRole("link").click();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  for (const [field, offset] of [["ambassadors_open_on", -40], ["ambassadors_close_on", -3], ["applications_open_on", -30],
    ["applications_close_on", -3], ["pairing_on", -2], ["announcement_on", -1], ["immersion_on", 0]] as const) {
    await page.locator(`#champ-${field}`).fill(day(offset));
  }
  await page.getByRole("button", { name: "Enregistrer les modifications" }).click();
  await expect(page.getByText("L'édition est enregistrée.")).toBeVisible();

  // The ambassador marks the student present and gives feedback; the student too.
  await page.context().clearCookies();
  await signIn(page, ambassadorEmail, PASSWORD, /\/ambassadeur$/);
  const today = page.locator("#mes-binomes .vmj-pair", { hasText: studentEmail });
  await today.getByRole("button", { name: "Présent" }).click();
  await expect(page.locator("#mes-binomes .vmj-pair", { hasText: studentEmail }).locator(".vmj-presence")).toHaveText("présent");
  const again = page.locator("#mes-binomes .vmj-pair", { hasText: studentEmail });
  await again.getByLabel("Note (1 à 5)").selectOption("5");
  await again.getByLabel("Commentaire").fill("Une étudiante curieuse et très impliquée.");
  await again.getByRole("button", { name: "Envoyer mon avis" }).click();
  await expect(page.getByText("Merci pour votre avis")).toBeVisible();
  await page.context().clearCookies();
  await signIn(page, studentEmail, PASSWORD, /\/candidature$/);
  await page.locator("#mon-binome").getByLabel("Note (1 à 5)").selectOption("4");
  await page.locator("#mon-binome").getByLabel("Commentaire").fill("Une journée qui donne envie de rejoindre l'État.");
  await page.locator("#mon-binome").getByRole("button", { name: "Envoyer mon avis" }).click();
  await expect(page.getByText("Merci pour votre avis")).toBeVisible();

  // The organisers read both.
  await page.context().clearCookies();
  await signIn(page, ORGANISER.email, ORGANISER.password, /\/organisation$/);
  await page.goto("/organisation/binomes");
  await expect(page.locator("#avis")).toContainText("Une étudiante curieuse et très impliquée.");
  await expect(page.locator("#avis")).toContainText("Une journée qui donne envie de rejoindre l'État.");
});
