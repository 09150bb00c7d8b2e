#!/usr/bin/env bash
# Runs every test of the project:
#   1. format and lints (rustfmt, clippy on the server and browser feature sets);
#   2. unit and integration tests: SQLite always, PostgreSQL too when TEST_DATABASE_URL
#      names a server (e.g. postgres://postgres@127.0.0.1:5432/postgres);
#   3. end-to-end tests in Chromium (Debian package) against the real server, seeded
#      with the demo edition, with and without JavaScript.
# Installs whatever it needs that is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

install_rust_tools
install_npm_packages
install_chromium
install_playwright

say "Formatage et lints"
cargo fmt --all -- --check
cargo clippy -p app -p vismonjob --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

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
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Every test browser comes from 127.0.0.1 and the organiser signs in a dozen times: the
# limits of sign-in attempts are raised here (their own tests are in server/tests).
export DATABASE_URL="sqlite:$work/e2e.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site \
  OUTBOX_DIR="$work/outbox" RATE_LIMIT_PER_ADDRESS=1000 RATE_LIMIT_PER_EMAIL=100
"$CARGO_TARGET_DIR/debug/vismonjob" seed
# The organiser of the end-to-end tests (see end2end/tests/pairing.spec.ts).
echo "mot de passe de l'organisation" | "$CARGO_TARGET_DIR/debug/vismonjob" user create --role organiser \
  --email organisation@exemple.fr --first-name Dominique --last-name Organisatrice
"$CARGO_TARGET_DIR/debug/vismonjob" serve > "$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break
  sleep 0.1
done
if ! (cd end2end && BASE_URL="http://127.0.0.1:$port" npx playwright test); then
  echo "--- journal du serveur ---"
  tail -n 50 "$work/server.log"
  exit 1
fi
