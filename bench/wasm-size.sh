#!/usr/bin/env bash
# What the browser downloads: the release build's files as served (brotli 11, precompressed
# by the build), then a first visit of /, /offres and an offer page in Chromium, counted
# from the network (WASM + JS, CSS, fonts, requests), and the chunks a client-side
# navigation fetches.
#   bash bench/wasm-size.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
install_rust_tools
install_npm_packages
install_chromium
install_playwright
build_style
cargo leptos build --release --split --precompress > /dev/null

kb() { python3 -c "print(f'{$1 / 1024:.1f}'.replace('.', ','))"; }
echo "| fichier | brut | brotli (servi) |"
echo "|---|---|---|"
for file in target/site/pkg/*.wasm target/site/pkg/*.js; do
  name=$(basename "$file" | sed -E 's/\.[A-Za-z0-9_-]{22}\././')
  printf '| %s | %s Ko | %s Ko |\n' "$name" "$(kb "$(wc -c < "$file")")" "$(kb "$(wc -c < "$file.br")")"
done

start_demo_server "$CARGO_TARGET_DIR/release/vismonjob"
offer=$(curl -fs "$SERVER_URL/offres" | grep -o 'href="/offres/[0-9]*"' | head -1 | grep -o '[0-9]*')
echo
node bench/first-visit.mjs "$SERVER_URL" / /offres "/offres/$offer"
