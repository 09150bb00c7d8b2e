#!/usr/bin/env bash
# Lighthouse 13, mobile (its default throttling), against the release server on a fresh
# demo database: performance and accessibility of /, /offres and an offer page, then of
# /candidature (a student with three wishes) and /organisation, signed in by a browser
# journey (end2end/bench/lighthouse.spec.ts).
#   bash bench/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
install_rust_tools
install_npm_packages
install_chromium
install_playwright
build_style
cargo leptos build --release --split --precompress > /dev/null

start_demo_server "$CARGO_TARGET_DIR/release/vismonjob"
offer=$(curl -fs "$SERVER_URL/offres" | grep -o 'href="/offres/[0-9]*"' | head -1 | grep -o '[0-9]*')

echo "| page | performance | accessibilité | FCP | LCP | TBT |"
echo "|---|---|---|---|---|---|"
for path in / /offres "/offres/$offer"; do
  CHROME_PATH=/usr/bin/chromium npx --yes lighthouse@13 "$SERVER_URL$path" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --only-categories=performance,accessibility --output=json --output-path="$DEMO_DIR/report.json" > /dev/null 2>&1
  python3 - "$path" "$DEMO_DIR/report.json" <<'PY'
import json, sys
path, report = sys.argv[1], json.load(open(sys.argv[2]))
score = lambda c: round(report["categories"][c]["score"] * 100)
audit = lambda a: report["audits"][a]["displayValue"].replace("\u00a0", " ")
print(f"| `{path}` | {score('performance')} | {score('accessibility')} | "
      f"{audit('first-contentful-paint')} | {audit('largest-contentful-paint')} | {audit('total-blocking-time')} |")
PY
done

# Behind a sign-in: the organiser of the journeys (second factor set up on the way).
echo "mot de passe de l'organisation" | "$CARGO_TARGET_DIR/release/vismonjob" user create --role organiser \
  --email organisation@exemple.fr --first-name Dominique --last-name Organisatrice > /dev/null
rows="$DEMO_DIR/rows.md"
(cd end2end && BASE_URL="$SERVER_URL" OUTBOX_DIR="$OUTBOX_DIR" LIGHTHOUSE_ROWS="$rows" \
  npx playwright test --config bench.config.ts > "$DEMO_DIR/journeys.log" 2>&1) || { cat "$DEMO_DIR/journeys.log"; exit 1; }
cat "$rows"
