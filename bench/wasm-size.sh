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
echo
node bench/first-visit.mjs "http://127.0.0.1:$port" / /offres "/offres/$offer"
