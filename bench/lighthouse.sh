#!/usr/bin/env bash
# Lighthouse 13, mobile (its default throttling), against the release server on a fresh
# demo database: performance and accessibility of /, /offres and an offer page.
#   bash bench/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
install_rust_tools
install_npm_packages
install_chromium
build_style
cargo leptos build --release --split --precompress > /dev/null

work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
bin="$CARGO_TARGET_DIR/release/vismonjob"
export DATABASE_URL="sqlite:$work/bench.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
  OUTBOX_DIR="$work/outbox" RUST_LOG=warn
"$bin" seed > /dev/null
"$bin" serve &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done
offer=$(curl -fs "http://127.0.0.1:$port/offres" | grep -o 'href="/offres/[0-9]*"' | head -1 | grep -o '[0-9]*')

echo "| page | performance | accessibilité | FCP | LCP | TBT |"
echo "|---|---|---|---|---|---|"
for path in / /offres "/offres/$offer"; do
  CHROME_PATH=/usr/bin/chromium npx --yes lighthouse@13 "http://127.0.0.1:$port$path" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --only-categories=performance,accessibility --output=json --output-path="$work/report.json" > /dev/null 2>&1
  python3 - "$path" "$work/report.json" <<'PY'
import json, sys
path, report = sys.argv[1], json.load(open(sys.argv[2]))
score = lambda c: round(report["categories"][c]["score"] * 100)
audit = lambda a: report["audits"][a]["displayValue"].replace("\u00a0", " ")
print(f"| `{path}` | {score('performance')} | {score('accessibility')} | "
      f"{audit('first-contentful-paint')} | {audit('largest-contentful-paint')} | {audit('total-blocking-time')} |")
PY
done
