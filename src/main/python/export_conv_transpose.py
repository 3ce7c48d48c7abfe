"""Writes the TorchScript module Latent Lab calls for PyTorch's own transposed convolution.

DJL's PyTorch engine has no transposed-convolution operator, but it runs TorchScript modules, and
libtorch (which DJL bundles) has one. This module holds no weights: it is torch.conv_transpose2d with
the course decoder's stride-2 settings (kernel 3, stride 2, padding 1, output padding 1), taking the
input, weight and bias as arguments, so the weights stay in Latent Lab's own tensors and autograd runs
through it like any other operation.

Run from the repository root with any PyTorch >= 1.13 (the committed file was written by 1.13.1):

    python3 src/main/python/export_conv_transpose.py
"""
import torch

OUTPUT = "src/main/resources/latentlab/model/conv_transpose2d_stride2.pt"


class ConvTranspose2dStride2(torch.nn.Module):
    def forward(self, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return torch.conv_transpose2d(x, weight, bias, stride=2, padding=1, output_padding=1)


if __name__ == "__main__":
    torch.jit.script(ConvTranspose2dStride2()).save(OUTPUT)
    print("wrote", OUTPUT)
