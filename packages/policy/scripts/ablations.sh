#!/usr/bin/env bash
# Trains the three ablation models (no camera, no lidar, no language) on the same data and budget.
# usage: packages/policy/scripts/ablations.sh DATA_DIR MAX_SECONDS
set -euo pipefail
data=${1:-artifacts/policy-data/train}
secs=${2:-600}
for a in camera lidar language; do
  npx tsx packages/policy/scripts/pipeline.ts --skip-record --data "$data" --out "models/ablation_no_${a}.onnx" --name "ablation_no_${a}" --ablate "$a" --epochs 40 --max-seconds "$secs"
done
