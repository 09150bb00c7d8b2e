// Builds what the pages take from the DSFR, and nothing more:
// - target/style/vismonjob.css, the site's one stylesheet, which cargo-leptos serves
//   hashed from /pkg: the DSFR core, the DSFR components and icons the pages use (in the
//   DSFR's own order), then our rules from style/main.css;
// - public/dsfr/dsfr.module.js: the DSFR core script and the scripts of the components
//   that need one (the header's menu on a phone, the breadcrumb's fold), in one file.
// Fonts and icon files stay under /dsfr (copied by scripts/tools.sh).
//   node style/build.mjs
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const dist = "node_modules/@gouvfr/dsfr/dist";

// The components in the order of the DSFR's complete stylesheet (later ones override
// earlier ones). Add one here when a page starts using it.
const components = [
  "logo", "button", "breadcrumb", "form", "link", "callout", "pagination", "tag", "badge",
  "alert", "radio", "card", "checkbox", "input", "skiplink", "select", "modal", "navigation",
  "footer", "search", "table", "header",
];

// The icons the pages name (`fr-icon-…` classes); their glyphs are served from /dsfr/icons.
const icons = ["arrow-left-line", "arrow-right-line", "download-line", "filter-line"];

const read = (path) => readFileSync(`${dist}/${path}`, "utf8");
// Relative URLs of the DSFR files become absolute ones under /dsfr.
const rebase = (css) =>
  css.replaceAll(/url\((['"]?)(?:\.\.\/)+(fonts|icons)\//g, "url($1/dsfr/$2/");

const iconRules = read("utility/icons/icons.main.min.css")
  .match(/[^{}]+\{[^}]*\}/g)
  .filter((rule) => icons.some((icon) => rule.startsWith(`.fr-icon-${icon}:`)));
if (iconRules.length !== icons.length) {
  throw new Error(`icônes introuvables dans le DSFR : ${icons.join(", ")}`);
}

const parts = [
  read("core/core.main.min.css"),
  ...components.map((name) => read(`component/${name}/${name}.main.min.css`)),
  iconRules.join("\n"),
  readFileSync("style/main.css", "utf8"),
];
mkdirSync("target/style", { recursive: true });
writeFileSync("target/style/vismonjob.css", parts.map(rebase).join("\n"));

// Each component script declares top-level constants: a block of its own keeps them apart.
const scripts = ["modal", "navigation", "header", "breadcrumb"];
const script = [
  read("core/core.module.min.js"),
  ...scripts.map((name) => `{\n${read(`component/${name}/${name}.module.min.js`)}\n}`),
]
  .map((code) => code.replace(/^\/\/# sourceMappingURL=.*$/m, ""))
  .join("\n");
mkdirSync("public/dsfr", { recursive: true });
writeFileSync("public/dsfr/dsfr.module.js", script);
