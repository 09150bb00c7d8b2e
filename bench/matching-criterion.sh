#!/usr/bin/env bash
# Criterion measurements of the pairing engine (statistics over 10 runs each):
#   stable and optimal on 5,000 students × 500 offers and on 50,000 × 5,000,
#   stable on 500,000 × 50,000.
#   bash bench/matching-criterion.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
mkdir -p bench/results
run() { # students offers algorithms
  local file="bench/results/instance-$1x$2.json"
  [ -f "$file" ] || python3 bench/matching_instance.py --students "$1" --offers "$2" --capacity 10 > "$file"
  MATCHING_INSTANCE="$PWD/$file" MATCHING_ALGORITHMS="$3" cargo bench -p app --bench matching -- --noplot
}
run 5000 500 stable,optimal
run 50000 5000 stable,optimal
run 500000 50000 stable
