"""Contextual Selective Module, steps 2 and 3: Bridge Unit and Selective Map."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import LayerNorm2d


class CBAMStack(nn.Module):
    """CBAM (Woo et al. 2018) over the stacked object channels [K, N, Cc, h, w].

    The channel count of the stack is N*Cc with N dynamic (1..max_objects), so the attention is
    written to be permutation-equivariant over objects: each object's channel descriptor is paired
    with the descriptor pooled over all objects (mean for the avg branch, max for the max branch)
    before the shared MLP; the spatial map of each object sees its own channel avg/max and the
    avg/max over the whole stack. Objects thereby "see" each other, as in the paper."""

    def __init__(self, channels, reduction=4, kernel_size=7):
        super().__init__()
        hidden = max(channels // reduction, 8)
        self.mlp = nn.Sequential(nn.Linear(2 * channels, hidden), nn.ReLU(), nn.Linear(hidden, channels))
        self.spatial = nn.Conv2d(4, 1, kernel_size, padding=kernel_size // 2)

    def forward(self, x):  # [K, N, Cc, h, w]
        K, N, Cc, h, w = x.shape
        avg = x.mean(dim=(3, 4))
        mx = x.amax(dim=(3, 4))
        avg_all = avg.mean(dim=1, keepdim=True).expand_as(avg)
        mx_all = mx.amax(dim=1, keepdim=True).expand_as(mx)
        ca = torch.sigmoid(self.mlp(torch.cat([avg, avg_all], -1)) + self.mlp(torch.cat([mx, mx_all], -1)))
        x = x * ca[..., None, None]
        s_avg = x.mean(dim=2, keepdim=True)                      # [K, N, 1, h, w]
        s_max = x.amax(dim=2, keepdim=True)
        st_avg = s_avg.mean(dim=1, keepdim=True).expand_as(s_avg)
        st_max = s_max.amax(dim=1, keepdim=True).expand_as(s_max)
        desc = torch.cat([s_avg, s_max, st_avg, st_max], dim=2).flatten(0, 1)  # [K*N, 4, h, w]
        sa = torch.sigmoid(self.spatial(desc)).reshape(K, N, 1, h, w)
        return x * sa


class ResBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.norm1 = LayerNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.norm2 = LayerNorm2d(cout)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x):
        y = F.gelu(self.norm1(self.conv1(x)))
        y = self.norm2(self.conv2(y))
        return F.gelu(y + self.skip(x))


class BridgeUnit(nn.Module):
    """[F_s^k ; F_s^k * m^{k,n} ; V^{k,n}] for all n -> CBAM across the stack -> two ResBlocks -> G [K, N, hw, C].

    m^{k,n} is the object mask averaged over each 16x16 patch. The masked copy of F_s is our
    addition to the paper's [F_s ; V]: without it, the from-scratch model learnt to ignore the
    mask (see training/README.md)."""

    def __init__(self, C, Cv, reduction):
        super().__init__()
        self.cbam = CBAMStack(2 * C + Cv, reduction)
        self.res1 = ResBlock(2 * C + Cv, C)
        self.res2 = ResBlock(C, C)

    def forward(self, F_s, V, m):  # F_s [K, C, h, w]; V [K, N, Cv, h, w]; m [K, N, 1, h, w]
        Fs = F_s.unsqueeze(1).expand(-1, V.shape[1], -1, -1, -1)
        x = torch.cat([Fs, Fs * m, V], dim=2)
        x = self.cbam(x)
        K, N, Cc, h, w = x.shape
        g = self.res2(self.res1(x.flatten(0, 1)))               # [K*N, C, h, w]
        g = g.reshape(K, N, g.shape[1], h * w).transpose(2, 3)  # [K, N, hw, C]
        return g


class MaskDetail(nn.Module):
    """Fine mask descriptor added to the Bridge Unit's object features (issue 14, deviation).

    The Vim and the Bridge Unit see an object's mask at the 16 x 16 token grid of the 256 px encoder
    input, where a large optic cup (vCDR 0.7-0.8) and its disc are nearly the same patch-averaged mask:
    the shipped model's object features for the two differed by 4 % on such a support (38-59 % on
    supports with smaller cups), so a cup drawn on a glaucomatous eye was taken for a disc. This
    branch looks at [image ; mask ; image * mask] average-pooled to 8h x 8h (128 x 128 for `small`),
    where a cup's edge inside the bright disc and the disc's own edge against the fundus are several
    pixels apart, through three stride-2 3x3 convolutions down to the token grid and a 1x1 projection
    to C that starts at zero, so a warm-started model begins exactly at the loaded one's output.
    Per object, so any N works; same graph inputs and outputs (support_encoder contract unchanged)."""

    def __init__(self, C, ch=64):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(7, ch // 2 - ch // 8, 3, stride=2, padding=1), nn.GELU(),
            nn.Conv2d(ch // 2 - ch // 8, ch * 3 // 4, 3, stride=2, padding=1), nn.GELU(),
            nn.Conv2d(ch * 3 // 4, ch, 3, stride=2, padding=1), nn.GELU())
        self.proj = nn.Conv2d(ch, C, 1)
        nn.init.zeros_(self.proj.weight)
        nn.init.zeros_(self.proj.bias)

    def forward(self, image, masks, f):  # [K,3,S,S], [K,N,S,S], pooling factor S/(8h) -> [K, N, h*h, C]
        K, N = masks.shape[0], masks.shape[1]
        img = F.avg_pool2d(image, f) if f > 1 else image
        m = F.avg_pool2d(masks, f) if f > 1 else masks
        img = img.unsqueeze(1).expand(-1, N, -1, -1, -1)
        m = m.unsqueeze(2)
        x = torch.cat([img, m, img * m], dim=2).flatten(0, 1)    # [K*N, 7, 8h, 8h]
        y = self.proj(self.net(x))                                # [K*N, C, h, h]
        return y.flatten(2).reshape(K, N, y.shape[1], -1).transpose(2, 3)


class SelectiveMap(nn.Module):
    """A = softmax(flat(F_t) flat(F_s)^T / sqrt(C)) over all K*hw support patches; E^n = A G^n.
    A learnable scalar log-temperature (init 0, i.e. exactly 1/sqrt(C)) lets training sharpen A."""

    def __init__(self, C):
        super().__init__()
        self.C = C
        self.log_tau = nn.Parameter(torch.zeros(()))

    def forward(self, F_t, F_s, G):  # [1, C, h, w], [K, C, h, w], [K, N, hw, C]
        C = F_t.shape[1]
        q = F_t.flatten(2).transpose(1, 2).reshape(-1, C)         # [hw, C]
        k = F_s.flatten(2).transpose(1, 2).reshape(-1, C)         # [K*hw, C]
        A = torch.softmax((q @ k.t()) * (torch.exp(self.log_tau) / math.sqrt(self.C)), dim=-1)
        Gn = G.transpose(0, 1).flatten(1, 2)                      # [N, K*hw, C]
        return A.unsqueeze(0) @ Gn                                # [N, hw, C]
