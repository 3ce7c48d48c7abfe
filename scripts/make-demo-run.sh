#!/usr/bin/env bash
# Rebuilds the demo run that ships in the jar (core/src/main/resources/demo/): the default model trained by
# the project's own `train`, 3 epochs of all 60,000 images, seed 1 — the command below, nothing else. Kept:
# config.json, metrics.jsonl, outcome.txt, each epoch's pictures and weights (no checkpoints: the demo is
# explored, not resumed); demo.txt holds the command; SHA256SUMS lists every file, checked before install.
# Run from the repository root after `mvn -B -q package -DskipTests`; then rebuild the jar.
set -euo pipefail
cd "$(dirname "$0")/.."
COMMAND="train --epochs 3 --seed 1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
OPT_OUT_TRACKING=true java -Dai.djl.offline=true -jar target/latent-lab.jar $COMMAND --models "$work" --quiet
run=$(cd "$work" && ls -d [0-9]*)
dest=core/src/main/resources/demo
rm -rf "$dest"
mkdir -p "$dest/$run"
cp -r "$work/$run/config.json" "$work/$run/metrics.jsonl" "$work/$run/outcome.txt" "$work/$run/images" "$work/$run/weights" "$dest/$run/"
echo "$COMMAND" > "$dest/$run/demo.txt"
(cd "$dest" && find "$run" -type f | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
du -sh "$dest"
