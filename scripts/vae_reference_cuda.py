"""The course's PyTorch VAE trained on a CUDA GPU, for scripts/gpu-check.sh to compare Latent Lab against.

The model and the loss are imported from the course's reference script (../shared/bench/vae_reference.py:
its VAE and loss_terms), never rewritten here; what differs from that CPU script is only the device: the
data set and the model live on the GPU, and the loop is the course's (Adam 1e-3, batch 128, .item() of the
losses each batch, as the course script does). Prints one JSON line with seconds per epoch, images/s and
decode latency (batch 1 and 64, to host memory), and the torch and CUDA versions it ran on.

  python scripts/vae_reference_cuda.py --reference ../shared/bench/vae_reference.py --data data/mnist --epochs 2
"""
import argparse
import importlib.util
import json
import os
import statistics
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reference", required=True, help="the course's vae_reference.py")
    ap.add_argument("--data", default="data/mnist")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--latent", type=int, default=2)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--decode-iters", type=int, default=500)
    args = ap.parse_args()
    if not torch.cuda.is_available():
        raise SystemExit("error: torch " + torch.__version__ + " sees no CUDA GPU")
    spec = importlib.util.spec_from_file_location("vae_reference", args.reference)
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)

    dev = torch.device("cuda")
    torch.manual_seed(0)
    x_train = torch.from_numpy(ref.load_idx_images(os.path.join(args.data, "train-images-idx3-ubyte")).astype("float32") / 255.0).to(dev)
    x_test = torch.from_numpy(ref.load_idx_images(os.path.join(args.data, "t10k-images-idx3-ubyte")).astype("float32") / 255.0).to(dev)
    model = ref.VAE(args.latent).to(dev)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    n = x_train.shape[0]
    epochs = []
    for epoch in range(1, args.epochs + 1):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        perm = torch.randperm(n, device=dev)
        bce_sum = kld_sum = 0.0
        for i in range(0, n, args.batch):
            xb = x_train[perm[i:i + args.batch]]
            recon, mu, logvar = model(xb)
            bce, kld = ref.loss_terms(recon, xb, mu, logvar)
            opt.zero_grad()
            (bce + kld).backward()
            opt.step()
            bce_sum += bce.item()
            kld_sum += kld.item()
        torch.cuda.synchronize()
        seconds = time.perf_counter() - t0
        te = ref.evaluate(model, x_test, use_mean=True)
        epochs.append({"epoch": epoch, "epoch_s": seconds, "images_per_s": n / seconds, "train_loss": (bce_sum + kld_sum) / n,
                       "test_loss_mu": sum(te)})
    model.eval()
    decode = {}
    with torch.no_grad():
        for bs in (1, 64):
            z = torch.randn(bs, args.latent, device=dev)
            for _ in range(50):
                model.decode(z).cpu()
            ts = []
            for _ in range(args.decode_iters):
                t0 = time.perf_counter()
                model.decode(z).cpu()
                ts.append(time.perf_counter() - t0)
            decode["decode_b%d_median_ms" % bs] = statistics.median(ts) * 1e3
    print(json.dumps({"torch": torch.__version__, "cuda": torch.version.cuda, "gpu": torch.cuda.get_device_name(0),
                      "epochs": epochs, **decode}))


if __name__ == "__main__":
    main()
