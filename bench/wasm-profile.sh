#!/usr/bin/env bash
# Where the bytes of the main WASM module (what the first visit downloads) come from:
# twiggy on the module as split by `cargo leptos build --release --split`, before
# wasm-opt, while it still has its function names; grouped by crate (bench/wasm-crates.py).
#
#   bash bench/wasm-profile.sh
#
# Uses the release build left by bench/wasm-size.sh (or builds it); installs twiggy.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh

module="$CARGO_TARGET_DIR/front/wasm32-unknown-unknown/wasm-release/frontend_split.wasm"
command -v twiggy > /dev/null || cargo install twiggy --locked
if [ ! -f "$module" ]; then
  install_rust_tools
  install_npm_packages
  build_style
  cargo leptos build --release --split --precompress
fi
twiggy top -n 1000000 --format csv "$module" | python3 bench/wasm-crates.py
