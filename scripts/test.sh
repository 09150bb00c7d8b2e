#!/usr/bin/env bash
# Runs every test of the project:
#   1. format and lints (rustfmt, clippy on the server and browser feature sets), and the
#      supply chain (cargo deny: licences, duplicate versions, sources, and known
#      vulnerabilities when the RustSec database can be fetched);
#   2. unit and integration tests: SQLite always, PostgreSQL too when TEST_DATABASE_URL
#      names a server (e.g. postgres://postgres@127.0.0.1:5432/postgres);
#   3. end-to-end tests in Chromium (Debian package) against the real server, with and
#      without JavaScript: one server seeded with the demo edition, one with no edition
#      at all, where a whole edition is run from its creation.
# Installs whatever it needs that is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

install_rust_tools
install_cargo_deny
install_npm_packages
install_chromium
install_playwright

say "Formatage et lints"
cargo fmt --all -- --check
cargo clippy -p app -p vismonjob --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

say "Chaîne d'approvisionnement (cargo deny, deny.toml)"
cargo deny check bans licenses sources
# The advisories come from the RustSec database, a git repository on GitHub. Without
# access to it, the copy fetched last time is used, if any; without one, say so rather
# than pretend the check ran.
if cargo deny fetch db > /dev/null 2>&1; then
  cargo deny check advisories
elif compgen -G "${CARGO_HOME:-$HOME/.cargo}/advisory-dbs/*/crates" > /dev/null; then
  echo "Base RustSec injoignable : vérification sur la copie déjà téléchargée"
  cargo deny --offline check advisories
else
  echo "AVERTISSEMENT : base RustSec injoignable, vulnérabilités connues non vérifiées"
fi

say "Tests unitaires et d'intégration"
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "PostgreSQL : oui (TEST_DATABASE_URL)"
else
  echo "PostgreSQL : non (définir TEST_DATABASE_URL pour tester aussi PostgreSQL)"
fi
cargo test -p app -p vismonjob

say "Tests de bout en bout (Chromium)"
build_style
cargo leptos build --split
work=$(mktemp -d)
servers=()
trap 'kill "${servers[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
vismonjob="$CARGO_TARGET_DIR/debug/vismonjob"
# Every test browser comes from 127.0.0.1 and the organiser signs in a dozen times: the
# limits of sign-in attempts are raised here (their own tests are in server/tests).
export LEPTOS_SITE_ROOT=target/site RATE_LIMIT_PER_ADDRESS=1000 RATE_LIMIT_PER_EMAIL=100

# Starts a server named $1 on a free port against a new database prepared by
# `vismonjob $2` (seed: the demo edition; migrate: no edition at all), with the
# organisers of the end-to-end tests (see end2end/tests/steps.ts; the second one sets up
# her second factor in second-factor.spec.ts); sets $port.
start_e2e_server() {
  local name=$1 prepare=$2
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$work/$name"
  export DATABASE_URL="sqlite:$work/$name/e2e.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" OUTBOX_DIR="$work/$name/outbox"
  "$vismonjob" "$prepare" > /dev/null
  for email in organisation@exemple.fr nouvelle-organisatrice@exemple.fr; do
    echo "mot de passe de l'organisation" | "$vismonjob" user create --role organiser \
      --email "$email" --first-name Dominique --last-name Organisatrice > /dev/null
  done
  "$vismonjob" serve > "$work/$name/server.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && return
    sleep 0.1
  done
}
start_e2e_server fresh migrate
export FRESH_BASE_URL="http://127.0.0.1:$port" FRESH_OUTBOX_DIR="$OUTBOX_DIR"
SESSION_IDLE_MINUTES=1 start_e2e_server session migrate
export SESSION_BASE_URL="http://127.0.0.1:$port" SESSION_OUTBOX_DIR="$OUTBOX_DIR"
start_e2e_server demo seed
if ! (cd end2end && BASE_URL="http://127.0.0.1:$port" npx playwright test); then
  for name in demo fresh session; do
    echo "--- journal du serveur ($name) ---"
    tail -n 50 "$work/$name/server.log"
  done
  exit 1
fi
