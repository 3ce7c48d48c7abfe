"""Writes the two TorchScript modules Latent Lab runs through DJL, for what DJL cannot express.

DJL's PyTorch engine has no transposed-convolution operator (nor col2im), but it runs TorchScript
modules, and libtorch (which DJL bundles) has both. Neither module holds weights: every tensor, weights
included, is an argument, so the weights stay in Latent Lab's own tensors and autograd runs through the
modules like through any other operation.

- conv_transpose2d_stride2.pt: torch.conv_transpose2d with the course decoder's stride-2 settings
  (kernel 3, stride 2, padding 1, output padding 1). Training's decoder (CourseVae) uses it.
- frozen_decoder.pt: the whole course decoder, latent codes to pixels, in one call, for the explorer's
  frozen weights (FrozenDecoder). One call instead of a dozen DJL operations, and for a single code a
  formulation that suits batch 1: each transposed convolution as one matrix product (the weight,
  transposed, times the input) and col2im (fold), which libtorch's own operator does not use.

Run from the repository root with any PyTorch >= 1.13 (the committed files were written by 1.13):

    python3 core/src/main/python/export_torchscript.py
"""
import torch
import torch.nn.functional as F

MODULES = "core/src/main/resources/latentlab/model/"


class ConvTranspose2dStride2(torch.nn.Module):
    def forward(self, x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        return torch.conv_transpose2d(x, weight, bias, stride=2, padding=1, output_padding=1)


class FrozenDecoder(torch.nn.Module):
    """Codes (N, d) -> pixels (N, 1, 28, 28) in [0, 1], from the state dict's decoder weights.

    Same function as the course decoder (SEED-MODEL.md): Linear(d->3136), ReLU, ConvTranspose2d(64->64,
    k3 s2 p1 op1), ReLU, ConvTranspose2d(64->32, same), ReLU, ConvTranspose2d(32->1, k3 s1 p1), Sigmoid.
    For inference only (its ReLUs and sigmoid work in place).
    """

    def forward(self, z: torch.Tensor, fc_w: torch.Tensor, fc_b: torch.Tensor,
                deconv1_w: torch.Tensor, deconv1_b: torch.Tensor,
                deconv2_w: torch.Tensor, deconv2_b: torch.Tensor,
                deconv3_w: torch.Tensor, deconv3_b: torch.Tensor) -> torch.Tensor:
        n = z.size(0)
        # The last layer has one output channel, a shape oneDNN runs slowly: its nine taps as a
        # (9, 32) matrix times the 32 channels, then col2im, at every batch size.
        taps3 = deconv3_w.reshape(32, 9).t()
        if n == 1:
            # ConvTranspose2d(k3, s2, p1, op1) of (in, H, W) = col2im(weight(in, out*9)^T @ x(in, H*W))
            h = torch.addmv(fc_b, fc_w, z.view(-1)).relu_().view(64, 49)
            cols = torch.mm(deconv1_w.view(64, 576).t(), h).unsqueeze(0)
            h = F.fold(cols, (14, 14), 3, padding=1, stride=2).add_(deconv1_b.view(1, 64, 1, 1)).relu_()
            cols = torch.mm(deconv2_w.view(64, 288).t(), h.view(64, 196)).unsqueeze(0)
            h = F.fold(cols, (28, 28), 3, padding=1, stride=2).add_(deconv2_b.view(1, 32, 1, 1)).relu_()
            cols = torch.mm(taps3, h.view(32, 784)).unsqueeze(0)
        else:
            h = F.linear(z, fc_w, fc_b).relu_().view(n, 64, 7, 7)
            h = torch.conv_transpose2d(h, deconv1_w, deconv1_b, stride=2, padding=1, output_padding=1).relu_()
            h = torch.conv_transpose2d(h, deconv2_w, deconv2_b, stride=2, padding=1, output_padding=1).relu_()
            cols = torch.matmul(taps3, h.reshape(n, 32, 784))
        return F.fold(cols, (28, 28), 3, padding=1).add_(deconv3_b.view(1, 1, 1, 1)).sigmoid_()


def reference_decoder(z, fc_w, fc_b, deconv1_w, deconv1_b, deconv2_w, deconv2_b, deconv3_w, deconv3_b):
    h = torch.relu(F.linear(z, fc_w, fc_b)).view(z.size(0), 64, 7, 7)
    h = torch.relu(F.conv_transpose2d(h, deconv1_w, deconv1_b, stride=2, padding=1, output_padding=1))
    h = torch.relu(F.conv_transpose2d(h, deconv2_w, deconv2_b, stride=2, padding=1, output_padding=1))
    return torch.sigmoid(F.conv_transpose2d(h, deconv3_w, deconv3_b, stride=1, padding=1))


if __name__ == "__main__":
    torch.jit.script(ConvTranspose2dStride2()).save(MODULES + "conv_transpose2d_stride2.pt")
    decoder = torch.jit.script(FrozenDecoder())
    generator = torch.Generator().manual_seed(0)
    weights = [torch.rand(shape, generator=generator) * 0.2 - 0.1 for shape in
               [(3136, 2), (3136,), (64, 64, 3, 3), (64,), (64, 32, 3, 3), (32,), (32, 1, 3, 3), (1,)]]
    with torch.no_grad():
        for n in (1, 2, 64):
            z = torch.randn(n, 2, generator=generator)
            error = (decoder(z, *weights) - reference_decoder(z, *weights)).abs().max().item()
            assert error < 1e-6, f"frozen decoder differs from the course decoder by {error} at batch {n}"
    decoder.save(MODULES + "frozen_decoder.pt")
    print("wrote", MODULES + "conv_transpose2d_stride2.pt", "and", MODULES + "frozen_decoder.pt")
