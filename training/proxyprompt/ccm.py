"""Contextual Colorization Module: four dual (reverse) cross-attention blocks, then the proxy prompt."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import MLPBlock


class XAttention(nn.Module):
    """Attention with q/k/v projected to a lower width (dim / downsample_rate), SAM-style keys."""

    def __init__(self, dim, heads, downsample_rate=1):
        super().__init__()
        inner = dim // downsample_rate
        self.heads = heads
        self.q_proj = nn.Linear(dim, inner)
        self.k_proj = nn.Linear(dim, inner)
        self.v_proj = nn.Linear(dim, inner)
        self.out_proj = nn.Linear(inner, dim)

    def _split(self, x):
        b, n, c = x.shape
        return x.reshape(b, n, self.heads, c // self.heads).transpose(1, 2)

    def forward(self, q, k, v):
        q, k, v = self._split(self.q_proj(q)), self._split(self.k_proj(k)), self._split(self.v_proj(v))
        attn = torch.softmax(q @ k.transpose(-1, -2) / (q.shape[-1] ** 0.5), dim=-1)
        out = (attn @ v).transpose(1, 2)
        return self.out_proj(out.reshape(out.shape[0], out.shape[1], -1))


class DualCrossBlock(nn.Module):
    """F_t <- F_t + CA(q=F_t, kv=E); F_t <- F_t + FFN(F_t); E <- E + CA(q=E, kv=F_t); E <- E + FFN(E).
    Pre-norm residuals; the target positional encoding is added to queries and keys (both token
    sets live on the target grid)."""

    def __init__(self, dim, heads, downsample, mlp_ratio):
        super().__init__()
        self.norm_t1, self.norm_c1 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn_t = XAttention(dim, heads, downsample)
        self.norm_t2 = nn.LayerNorm(dim)
        self.ffn_t = MLPBlock(dim, int(dim * mlp_ratio))
        self.norm_c3, self.norm_t3 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn_c = XAttention(dim, heads, downsample)
        self.norm_c4 = nn.LayerNorm(dim)
        self.ffn_c = MLPBlock(dim, int(dim * mlp_ratio))

    def forward(self, t, c, pe):
        tn, cn = self.norm_t1(t), self.norm_c1(c)
        t = t + self.attn_t(tn + pe, cn + pe, cn)
        t = t + self.ffn_t(self.norm_t2(t))
        cn, tn = self.norm_c3(c), self.norm_t3(t)
        c = c + self.attn_c(cn + pe, tn + pe, tn)
        c = c + self.ffn_c(self.norm_c4(c))
        return t, c


class CCM(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        C = cfg["embed_channels"]
        self.blocks = nn.ModuleList(
            DualCrossBlock(C, cfg["ccm_heads"], cfg["ccm_downsample"], cfg["ccm_mlp_ratio"])
            for _ in range(cfg["ccm_depth"]))
        self.pool = cfg["prompt_pool"]
        self.norm_out = nn.LayerNorm(C)
        self.prompt_proj = nn.Linear(C, C)  # proxy prompt projection to the decoder width

    def forward(self, F_t, E_ctx, pe):
        """F_t [1, C, h, w]; E_ctx [N, hw, C]; pe [1, C, h, w] -> proxy prompt [N, T, C]."""
        _, C, h, w = F_t.shape
        N = E_ctx.shape[0]
        pe_tok = pe.flatten(2).transpose(1, 2)                       # [1, hw, C]
        t = F_t.flatten(2).transpose(1, 2).expand(N, -1, -1)         # F_t repeated N times
        c = E_ctx
        for blk in self.blocks:
            t, c = blk(t, c, pe_tok)
        c = c + pe_tok
        if self.pool > 1:
            g = c.transpose(1, 2).reshape(N, C, h, w)
            g = F.avg_pool2d(g, self.pool)
            c = g.flatten(2).transpose(1, 2)
        return self.prompt_proj(self.norm_out(c))
