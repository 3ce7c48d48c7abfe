"""Writes web/model/decoder.onnx: the course decoder as an ONNX graph for the browser (ONNX Runtime Web).

The graph holds no weights: each tensor of the decoder is an input named by its PyTorch state-dict name
(dec_fc.weight, dec_fc.bias, dec_deconv1.weight, ...), next to the codes `z` (n x d). The page fetches an
epoch's decoder.safetensors, hands its tensors over as they are, and swaps to the next epoch's tensors
without building anything again. The batch size n and the latent size d are free, so one graph serves
every run. Layers as in ../shared/SEED-MODEL.md: Linear(d->3136), ReLU, reshape to 64x7x7,
ConvTranspose2d(64->64, k3, s2, p1, op1), ReLU, ConvTranspose2d(64->32, same), ReLU,
ConvTranspose2d(32->1, k3, s1, p1), Sigmoid; output `x` (n x 1 x 28 x 28).

Run from the repository root with PyTorch >= 1.13 (the committed file was written by Debian's 1.13):

    python3 core/src/main/python/export_onnx_decoder.py
"""
import torch
import torch.nn.functional as F

NAMES = ["dec_fc.weight", "dec_fc.bias", "dec_deconv1.weight", "dec_deconv1.bias",
         "dec_deconv2.weight", "dec_deconv2.bias", "dec_deconv3.weight", "dec_deconv3.bias"]
SHAPES = [(3136, 2), (3136,), (64, 64, 3, 3), (64,), (64, 32, 3, 3), (32,), (32, 1, 3, 3), (1,)]


class Decoder(torch.nn.Module):
    def forward(self, z, fc_w, fc_b, w1, b1, w2, b2, w3, b3):
        h = F.relu(F.linear(z, fc_w, fc_b)).reshape(-1, 64, 7, 7)
        h = F.relu(F.conv_transpose2d(h, w1, b1, stride=2, padding=1, output_padding=1))
        h = F.relu(F.conv_transpose2d(h, w2, b2, stride=2, padding=1, output_padding=1))
        return torch.sigmoid(F.conv_transpose2d(h, w3, b3, stride=1, padding=1))


if __name__ == "__main__":
    example = (torch.zeros(1, 2),) + tuple(torch.zeros(*s) for s in SHAPES)
    torch.onnx.export(Decoder(), example, "web/model/decoder.onnx", input_names=["z"] + NAMES, output_names=["x"],
                      dynamic_axes={"z": {0: "n", 1: "d"}, "dec_fc.weight": {1: "d"}, "x": {0: "n"}},
                      opset_version=13)
    print("wrote web/model/decoder.onnx")
