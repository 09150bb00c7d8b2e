#!/usr/bin/env bash
# Installs what is missing, builds in release mode, migrates and seeds the embedded
# database when it holds no edition, then serves http://127.0.0.1:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

install_rust_tools
install_npm_packages

say "Compilation (release)"
build_style
cargo leptos build --release --split --precompress

export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
say "Base de données : ${DATABASE_URL:-sqlite:data/vismonjob.db}"
"$CARGO_TARGET_DIR/release/vismonjob" seed
say "Vis mon job : http://${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
exec "$CARGO_TARGET_DIR/release/vismonjob" serve
