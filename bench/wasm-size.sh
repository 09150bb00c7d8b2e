#!/usr/bin/env bash
# Size of the WASM and JS shipped to the browser (release build): raw, gzip -9, brotli -q 11.
#   bash bench/wasm-size.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
command -v brotli > /dev/null || { apt-get update -qq && apt-get install -y -qq brotli; }
install_rust_tools
install_npm_packages
cargo leptos build --release > /dev/null
total_raw=0 total_gz=0 total_br=0
echo "| fichier | brut | gzip | brotli |"
echo "|---|---|---|---|"
for file in target/site/pkg/vismonjob.wasm target/site/pkg/vismonjob.js; do
  raw=$(wc -c < "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  br=$(brotli -q 11 -c "$file" | wc -c)
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz)) total_br=$((total_br + br))
  printf '| %s | %d Ko | %d Ko | %d Ko |\n' "$(basename "$file")" $((raw / 1024)) $((gz / 1024)) $((br / 1024))
done
printf '| **total** | %d Ko | %d Ko | **%d Ko** |\n' $((total_raw / 1024)) $((total_gz / 1024)) $((total_br / 1024))
