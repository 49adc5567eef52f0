"""Small building blocks shared by the modules (state_dict names follow SAM where SAM has them)."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


# ONNX export writes a few operations in forms ONNX Runtime runs faster (same numbers within float32
# rounding); False exports the earlier, literal forms (training/bench_ort.py --baseline).
EXPORT_FAST_FORMS = True


def exporting():
    return torch.onnx.is_in_onnx_export() or torch.jit.is_tracing()


def softplus(x):
    """F.softplus; exported as relu(x) + log(1 + exp(-|x|)) (elementwise ops ONNX Runtime vectorises,
    where its Softplus kernel is ~4x slower); equal to within 1e-7 absolute."""
    if EXPORT_FAST_FORMS and exporting():
        return F.relu(x) + torch.log(1 + torch.exp(-x.abs()))
    return F.softplus(x)


class LayerNorm2d(nn.Module):
    """LayerNorm over the channel axis of a [B, C, H, W] tensor (SAM's LayerNorm2d keys).

    Exported as Transpose -> LayerNormalization -> Transpose (one fused kernel) instead of the nine
    elementwise/reduce nodes the literal formula traces to; same statistics (biased variance, eps)."""

    def __init__(self, num_channels, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(num_channels))
        self.bias = nn.Parameter(torch.zeros(num_channels))
        self.eps = eps

    def forward(self, x):
        if EXPORT_FAST_FORMS and exporting():
            y = F.layer_norm(x.permute(0, 2, 3, 1), self.weight.shape, self.weight, self.bias, self.eps)
            return y.permute(0, 3, 1, 2)
        u = x.mean(1, keepdim=True)
        s = (x - u).pow(2).mean(1, keepdim=True)
        x = (x - u) / torch.sqrt(s + self.eps)
        return self.weight[:, None, None] * x + self.bias[:, None, None]


class RMSNorm(nn.Module):
    def __init__(self, dim, eps=1e-5):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class MLPBlock(nn.Module):
    """lin1 -> GELU -> lin2 (SAM keys mlp.lin1 / mlp.lin2)."""

    def __init__(self, embedding_dim, mlp_dim, act=nn.GELU):
        super().__init__()
        self.lin1 = nn.Linear(embedding_dim, mlp_dim)
        self.lin2 = nn.Linear(mlp_dim, embedding_dim)
        self.act = act()

    def forward(self, x):
        return self.lin2(self.act(self.lin1(x)))


class MLP(nn.Module):
    """SAM decoder MLP (keys layers.0..n-1), ReLU between layers."""

    def __init__(self, input_dim, hidden_dim, output_dim, num_layers, sigmoid_output=False):
        super().__init__()
        dims_in = [input_dim] + [hidden_dim] * (num_layers - 1)
        dims_out = [hidden_dim] * (num_layers - 1) + [output_dim]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims_in, dims_out))
        self.num_layers = num_layers
        self.sigmoid_output = sigmoid_output

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = F.relu(layer(x)) if i < self.num_layers - 1 else layer(x)
        return torch.sigmoid(x) if self.sigmoid_output else x


class LoRALinear(nn.Linear):
    """nn.Linear plus a low-rank update W + (alpha/r) B A (Hu et al. 2021).

    The base parameters keep nn.Linear's names (`weight`, `bias`), so official SAM state_dicts load
    by key; the adapter adds `lora_A` [r, in] and `lora_B` [out, r] (B zero-initialised, so a fresh
    adapter leaves the base layer unchanged)."""

    def __init__(self, in_features, out_features, bias=True, rank=0, alpha=1.0):
        super().__init__(in_features, out_features, bias=bias)
        self.rank = rank
        if rank > 0:
            self.lora_A = nn.Parameter(torch.empty(rank, in_features))
            self.lora_B = nn.Parameter(torch.zeros(out_features, rank))
            nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
            self.scaling = alpha / rank
        self.merged = False

    def forward(self, x):
        y = F.linear(x, self.weight, self.bias)
        if self.rank > 0 and not self.merged:
            y = y + F.linear(F.linear(x, self.lora_A), self.lora_B) * self.scaling
        return y

    @torch.no_grad()
    def merge(self):
        """Fold the adapter into the base weight (used for export)."""
        if self.rank > 0 and not self.merged:
            self.weight += (self.lora_B @ self.lora_A) * self.scaling
            self.merged = True


def lora_parameters(module):
    return [p for n, p in module.named_parameters() if "lora_" in n]


def merge_all_lora(module):
    for m in module.modules():
        if isinstance(m, LoRALinear):
            m.merge()
