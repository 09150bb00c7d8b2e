# Shared by scripts/run.sh and scripts/test.sh: installs what the build needs, skipping
# whatever is already there. Sourced, not executed.

say() { printf '\n==> %s\n' "$*"; }

# One target folder for every checkout of the project on this machine: builds are long.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/vismonjob-target}"
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

CARGO_LEPTOS_VERSION=0.3.10

install_rust_tools() {
  if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
    say "Cible wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "cargo-leptos $CARGO_LEPTOS_VERSION (une dizaine de minutes, une seule fois)"
    cargo install "cargo-leptos@$CARGO_LEPTOS_VERSION" --locked --debug --features no_downloads
  fi
  # wasm-bindgen's CLI must match the wasm-bindgen crate of Cargo.lock exactly.
  local wanted
  wanted=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wanted\$"; then
    say "wasm-bindgen-cli $wanted"
    cargo install wasm-bindgen-cli --version "$wanted"
  fi
}

CARGO_DENY_VERSION=0.20.2

# Only the test command needs it (supply-chain checks).
install_cargo_deny() {
  if ! cargo deny --version 2>/dev/null | grep -q "$CARGO_DENY_VERSION"; then
    say "cargo-deny $CARGO_DENY_VERSION (une dizaine de minutes, une seule fois)"
    cargo install "cargo-deny@$CARGO_DENY_VERSION" --locked
  fi
}

install_npm_packages() {
  if [ ! -f node_modules/@gouvfr/dsfr/dist/dsfr.min.css ] || [ ! -x node_modules/.bin/wasm-opt ] \
     || [ package.json -nt node_modules/.package-lock.json ]; then
    say "Paquets npm : DSFR et binaryen (wasm-opt)"
    # The DSFR's install script expects a project created with its own generator.
    npm install --no-audit --no-fund --ignore-scripts
  fi
  # Fonts, icons and favicon of the DSFR are served from public/dsfr (ignored by git);
  # its styles and scripts are cut down to what the pages use by style/build.mjs.
  local dist=node_modules/@gouvfr/dsfr/dist
  if [ ! -d public/dsfr/fonts ] || [ "$dist/dsfr.min.css" -nt public/dsfr/fonts ]; then
    rm -rf public/dsfr && mkdir -p public/dsfr
    cp -r "$dist/fonts" "$dist/icons" "$dist/favicon" public/dsfr/
    touch public/dsfr/fonts
  fi
}

# The stylesheet and the DSFR script (see style/build.mjs); before every build.
build_style() {
  node style/build.mjs
}

install_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "Chromium (paquet Debian)"
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && apt-get install -y -qq chromium
    else
      sudo apt-get update -qq && sudo apt-get install -y -qq chromium
    fi
  fi
}

install_playwright() {
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package.json -nt end2end/node_modules/.package-lock.json ]; then
    say "Playwright (sans navigateur téléchargé : Chromium de Debian)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund)
  fi
}

# Starts `$1 serve` on a free port against a fresh demo database in a temporary folder,
# stopped and removed when the calling script exits; sets SERVER_URL.
start_demo_server() {
  local bin=$1 port
  DEMO_DIR=$(mktemp -d)
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  export DATABASE_URL="sqlite:$DEMO_DIR/demo.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    LEPTOS_SITE_ROOT=target/site OUTBOX_DIR="$DEMO_DIR/outbox" RUST_LOG=warn
  "$bin" seed > /dev/null
  "$bin" serve > "$DEMO_DIR/server.log" 2>&1 &
  DEMO_SERVER=$!
  trap 'kill $DEMO_SERVER 2>/dev/null || true; rm -rf "$DEMO_DIR"' EXIT
  SERVER_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -fs "$SERVER_URL/healthz" > /dev/null && break; sleep 0.1; done
}
