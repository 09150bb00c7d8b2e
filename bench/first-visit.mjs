// What a browser downloads on a first visit (empty cache) of each page given: the files
// Chromium fetched, by kind, as they came over the wire (the server sends the brotli
// files the release build precompressed), with the request count.
// Then, from /offres, a client-side navigation to /connexion: the chunks it fetches.
//   node bench/first-visit.mjs http://127.0.0.1:3000 / /offres /offres/1
// (bench/wasm-size.sh starts a server and runs it.)
import { createRequire } from "node:module";

// Playwright is installed with the end-to-end tests.
const require = createRequire(new URL("../end2end/package.json", import.meta.url));
const { chromium } = require("@playwright/test");

const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic"],
});

/** Loads `path` in a fresh context until hydrated; returns the responses by kind. */
async function visit(path, then) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const files = [];
  page.on("requestfinished", async (request) => {
    const sizes = await request.sizes().catch(() => null);
    if (!sizes) return;
    const url = new URL(request.url());
    files.push({ path: url.pathname, bytes: sizes.responseBodySize + sizes.responseHeadersSize, body: sizes.responseBodySize, late: false });
  });
  await page.goto(base + path, { waitUntil: "load" });
  await page.locator("html[data-hydrated=true]").waitFor({ timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  const before = files.length;
  if (then) {
    await then(page);
    await page.waitForLoadState("networkidle");
  }
  await context.close();
  return { first: files.slice(0, before), after: files.slice(before) };
}

const kind = (p) =>
  /\.(wasm|js)$/.test(p) ? "wasm+js" : /\.css$/.test(p) ? "css" : /\.woff2?$/.test(p) ? "polices" : "autres";
const kb = (n) => (n / 1024).toFixed(1).replace(".", ",");

console.log("| page | WASM + JS | CSS | polices | autres | total | requêtes |");
console.log("|---|---|---|---|---|---|---|");
for (const path of paths) {
  const { first } = await visit(path);
  const sums = { "wasm+js": 0, css: 0, polices: 0, autres: 0 };
  for (const f of first) sums[kind(f.path)] += f.body;
  const total = Object.values(sums).reduce((a, b) => a + b, 0);
  console.log(`| \`${path}\` | **${kb(sums["wasm+js"])} Ko** | ${kb(sums.css)} Ko | ${kb(sums.polices)} Ko | ${kb(sums.autres)} Ko | ${kb(total)} Ko | ${first.length} |`);
  if (process.env.VERBOSE) for (const f of first) console.error(`   ${f.path} ${f.body}`);
}

const { after } = await visit("/offres", async (page) => {
  await page.getByRole("link", { name: "Se connecter" }).first().click();
  await page.getByRole("heading", { level: 1, name: "Se connecter" }).waitFor();
});
console.log();
console.log("Navigation côté client de `/offres` vers `/connexion` :");
const fetched = after.filter((f) => /\.(wasm|js)$/.test(f.path));
const size = fetched.reduce((sum, f) => sum + f.body, 0);
console.log(`${fetched.length} fichiers, ${kb(size)} Ko :`);
for (const f of fetched) console.log(`- ${f.path.replace(/\.[A-Za-z0-9_-]{22}\./, ".")} : ${kb(f.body)} Ko`);
await browser.close();
