#!/usr/bin/env bash
# Trains the three ablation models (no camera, no lidar, no language) on the same data and epoch budget as
# the shipped model (an epoch budget, not a time one, so that running them side by side is still fair).
# usage: packages/learn/scripts/ablations.sh DATA_DIR [EXTRA_DIRS] [EPOCHS (the shipped model's trained epochs)] [VERSION]
set -euo pipefail
data=${1:-artifacts/policy-data/train1500}
extra=${2:-artifacts/policy-data/tour0,artifacts/policy-data/tour1}
epochs=${3:-11}
for a in camera lidar language; do
  npx tsx packages/learn/scripts/pipeline.ts --skip-record --data "$data" --extra-data "$extra" --out "models/ablation_no_${a}.onnx" --name "ablation_no_${a}" --ablate "$a" --epochs "$epochs" --max-seconds 4000 --version "${4:-3.0.0}"
done
