#!/usr/bin/python3
"""The PyTorch side of one figure the course's reference script does not time: encoding the 10,000 MNIST
test images (batches of 1,000, no gradients, mu to host memory), median of N repeats after one untimed.
Uses the VAE class of the reference script itself (imported from the path given), so the model is the
course's own. Prints one JSON line. Called by `latent-lab bench --side-by-side`."""
import argparse
import importlib.util
import json
import os
import statistics
import time

import torch

ap = argparse.ArgumentParser()
ap.add_argument("--reference", required=True)
ap.add_argument("--data", default="data/mnist")
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--repeats", type=int, default=5)
args = ap.parse_args()

spec = importlib.util.spec_from_file_location("vae_reference", args.reference)
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)

torch.set_num_threads(args.threads)
torch.manual_seed(0)
x_test = torch.from_numpy(reference.load_idx_images(os.path.join(args.data, "t10k-images-idx3-ubyte")).astype("float32") / 255.0)
model = reference.VAE(2)
model.eval()
times = []
with torch.no_grad():
    for r in range(args.repeats + 1):
        t0 = time.perf_counter()
        for i in range(0, x_test.shape[0], 1000):
            mu, logvar = model.encode(x_test[i:i + 1000])
            mu.numpy()
        if r > 0:
            times.append(time.perf_counter() - t0)
print(json.dumps({"encode_test_median_ms": statistics.median(times) * 1e3, "torch": torch.__version__}))
