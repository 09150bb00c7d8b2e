#!/usr/bin/env bash
# Criterion measurements of the pairing engine (statistics over 10 runs each):
#   stable and optimal on 5,000 students × 500 offers, stable on 50,000 × 5,000.
#   bash bench/matching-criterion.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
mkdir -p bench/results
small=bench/results/instance-5000x500.json
large=bench/results/instance-50000x5000.json
[ -f "$small" ] || python3 bench/matching_instance.py --students 5000 --offers 500 --capacity 10 > "$small"
[ -f "$large" ] || python3 bench/matching_instance.py --students 50000 --offers 5000 --capacity 10 > "$large"
MATCHING_INSTANCE="$PWD/$small" cargo bench -p app --bench matching -- --noplot
MATCHING_INSTANCE="$PWD/$large" MATCHING_ALGORITHMS=stable cargo bench -p app --bench matching -- --noplot
