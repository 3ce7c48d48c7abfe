"""Loads a Latent Lab safetensors export into the course's VAE (its architecture as SEED-MODEL.md gives it)
and prints the test loss the course's way: z = mu, BCE (sum) and KLD per image over the 10,000 test digits.

usage: course_vae_test_loss.py WEIGHTS.safetensors MNIST_DIR LATENT

Debian's python3-torch has no safetensors package, so the file is read here in a few lines (an 8-byte
little-endian header length, a JSON header, then the raw tensors); with `pip install safetensors` a student
writes instead: vae.load_state_dict(safetensors.torch.load_file("….safetensors")).
"""
import json
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F


class VAE(nn.Module):
    def __init__(self, latent_dim=2):
        super().__init__()
        self.enc_conv1 = nn.Conv2d(1, 32, kernel_size=3, stride=2, padding=1)
        self.enc_conv2 = nn.Conv2d(32, 64, kernel_size=3, stride=2, padding=1)
        self.enc_fc = nn.Linear(64 * 7 * 7, 16)
        self.fc_mu = nn.Linear(16, latent_dim)
        self.fc_logvar = nn.Linear(16, latent_dim)
        self.dec_fc = nn.Linear(latent_dim, 64 * 7 * 7)
        self.dec_deconv1 = nn.ConvTranspose2d(64, 64, kernel_size=3, stride=2, padding=1, output_padding=1)
        self.dec_deconv2 = nn.ConvTranspose2d(64, 32, kernel_size=3, stride=2, padding=1, output_padding=1)
        self.dec_deconv3 = nn.ConvTranspose2d(32, 1, kernel_size=3, padding=1)

    def encode(self, x):
        h = F.relu(self.enc_conv1(x))
        h = F.relu(self.enc_conv2(h))
        h = F.relu(self.enc_fc(torch.flatten(h, 1)))
        return self.fc_mu(h), self.fc_logvar(h)

    def decode(self, z):
        h = F.relu(self.dec_fc(z)).view(-1, 64, 7, 7)
        h = F.relu(self.dec_deconv1(h))
        h = F.relu(self.dec_deconv2(h))
        return torch.sigmoid(self.dec_deconv3(h))


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + size])
    body = data[8 + size:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", (name, info["dtype"])
        start, end = info["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(body[start:end]), dtype=torch.float32).reshape(info["shape"])
    return tensors


def test_images(folder):
    with open(folder + "/t10k-images-idx3-ubyte", "rb") as f:
        raw = f.read()
    magic, count, rows, cols = struct.unpack(">IIII", raw[:16])
    assert magic == 2051
    pixels = torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8).reshape(count, 1, rows, cols)
    return pixels.float() / 255.0


def main():
    weights, folder, latent = sys.argv[1], sys.argv[2], int(sys.argv[3])
    vae = VAE(latent_dim=latent)
    vae.load_state_dict(load_safetensors(weights))  # strict: every name and shape must match the course's
    vae.eval()
    x = test_images(folder)
    bce = kld = 0.0
    with torch.no_grad():
        for i in range(0, x.shape[0], 1000):
            xb = x[i:i + 1000]
            mu, logvar = vae.encode(xb)
            recon = vae.decode(mu)
            bce += F.binary_cross_entropy(recon, xb, reduction="sum").item()
            kld += (-0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())).item()
    n = x.shape[0]
    print(json.dumps({"testBce": bce / n, "testKld": kld / n}))


if __name__ == "__main__":
    main()
