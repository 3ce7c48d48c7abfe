#!/usr/bin/env bash
# On a Linux machine with an NVIDIA GPU and an official PyTorch 2.7.1 CUDA 12.8 install: Latent Lab's training
# on the GPU (the same jar as on the CPU, its libtorch taken from that PyTorch through PYTORCH_LIBRARY_PATH)
# side by side with the course's PyTorch VAE on the same GPU (scripts/vae_reference_cuda.py, which imports
# the model and loss from the course's reference script). Prints one table; the target is under 1 s per
# 60,000-image epoch.
#
#   scripts/gpu-check.sh [--python python3] [--reference ../shared/bench/vae_reference.py] [--epochs 3]
#
# Needs: java 17, target/latent-lab.jar (mvn -B package -DskipTests), MNIST in data/mnist (any Latent Lab
# start fetches it), and a python whose torch is 2.7.1 with CUDA 12.8 (pip's torch==2.7.1 from the PyTorch
# project's cu128 wheel index, or the pytorch/pytorch:2.7.1-cuda12.8-cudnn9-runtime image).
set -euo pipefail
cd "$(dirname "$0")/.."

python=python3
reference=../shared/bench/vae_reference.py
epochs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --python) python="$2"; shift 2 ;;
    --reference) reference="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    *) echo "error: unknown argument $1 (--python, --reference, --epochs)" >&2; exit 2 ;;
  esac
done
[ "$epochs" -ge 2 ] 2>/dev/null || { echo "error: --epochs must be 2 or more (the first epoch warms up)" >&2; exit 2; }
[ -f target/latent-lab.jar ] || { echo "error: no target/latent-lab.jar: run mvn -B package -DskipTests first" >&2; exit 2; }
[ -f "$reference" ] || { echo "error: no course reference script at $reference (--reference)" >&2; exit 2; }
[ -f data/mnist/train-images-idx3-ubyte ] || { echo "error: no MNIST in data/mnist: start Latent Lab once (it fetches and checks it)" >&2; exit 2; }
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader \
  || echo "warning: no nvidia-smi: is the NVIDIA driver installed?" >&2

# which PyTorch this python has, and where its libtorch is (its real path: its CUDA libraries are found from there)
read -r torch_version torch_cuda libtorch < <("$python" -c "import os, torch; print(torch.__version__, torch.version.cuda, \
os.path.realpath(os.path.join(os.path.dirname(torch.__file__), 'lib')))")
echo "python's torch: $torch_version (CUDA $torch_cuda) in $libtorch"
if [ "${torch_version%%+*}" != "2.7.1" ] || [ "$torch_cuda" != "12.8" ]; then
  echo "error: Latent Lab's JNI is built for PyTorch 2.7.1 with CUDA 12.8 (DJL 0.36); this python has $torch_version" \
       "with CUDA $torch_cuda. Install torch==2.7.1 from the PyTorch project's cu128 wheel index in a venv and pass" \
       "--python that-venv/bin/python" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OPT_OUT_TRACKING=true
java="java -Dai.djl.offline=true -jar target/latent-lab.jar"

echo "Latent Lab: train --epochs $epochs on the GPU ..."
PYTORCH_LIBRARY_PATH="$libtorch" $java train --device gpu --epochs "$epochs" --seed 1 --models "$work/models" --quiet \
  | tee "$work/train.log" | grep -E "^Training on|^ +[0-9]+ " || { cat "$work/train.log"; exit 1; }
echo "Latent Lab: bench (decode latency) on the GPU ..."
PYTORCH_LIBRARY_PATH="$libtorch" $java bench --device gpu --json --batches 400 > "$work/bench.json"
echo "PyTorch: the course's VAE on the same GPU ..."
"$python" scripts/vae_reference_cuda.py --reference "$reference" --data data/mnist --epochs "$epochs" > "$work/ref.json"

"$python" - "$work" <<'PY'
import glob, json, statistics, sys
work = sys.argv[1]
ours = [json.loads(l) for l in open(glob.glob(work + "/models/*/metrics.jsonl")[0])]
bench = json.loads(open(work + "/bench.json").read().strip().splitlines()[-1])
ref = json.loads(open(work + "/ref.json").read().strip().splitlines()[-1])
warm_ours = ours[1:]  # the first epoch includes CUDA's start-up
warm_ref = ref["epochs"][1:]
rows = [
    ("seconds per 60,000-image epoch (median, warm)", statistics.median(e["seconds"] for e in warm_ours),
     statistics.median(e["epoch_s"] for e in warm_ref), "%.2f"),
    ("training images/s (median, warm epochs)", statistics.median(e["imagesPerSecond"] for e in warm_ours),
     statistics.median(e["images_per_s"] for e in warm_ref), "%.0f"),
    ("decode 1 vector to the host (ms, median)", bench["decode1Ms"], ref["decode_b1_median_ms"], "%.3f"),
    ("decode 64 vectors to the host (ms, median)", bench["decode64Ms"], ref["decode_b64_median_ms"], "%.3f"),
    ("test loss after the last epoch", ours[-1]["testBce"] + ours[-1]["testKld"], ref["epochs"][-1]["test_loss_mu"], "%.1f"),
]
print()
print("GPU: %s, torch %s, CUDA %s" % (ref["gpu"], ref["torch"], ref["cuda"]))
print("%-48s %14s %14s" % ("", "Latent Lab", "PyTorch"))
for name, a, b, fmt in rows:
    print("%-48s %14s %14s" % (name, fmt % a, fmt % b))
epoch = statistics.median(e["seconds"] for e in warm_ours)
print()
print("target: under 1 s per 60,000-image epoch: %s (%.2f s)" % ("met" if epoch < 1 else "NOT met", epoch))
PY
