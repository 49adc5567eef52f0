"""SAM-style ViT image encoder (ViTDet backbone as used by SAM) with LoRA on attention qkv/proj.

State_dict keys match `segment_anything` ImageEncoderViT (image_encoder.patch_embed.proj.*,
pos_embed, blocks.i.{norm1,attn.qkv,attn.proj,attn.rel_pos_h,attn.rel_pos_w,norm2,mlp.lin1,mlp.lin2},
neck.{0,1,2,3}) so official checkpoints load by key in the `paper` configuration. The `small`
configuration may replace the 16x16 patch convolution by a 4-layer strided conv stem
(`vit_stem="conv"`, keys patch_embed.stem.*), which trains much faster from scratch on a CPU.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import LayerNorm2d, LoRALinear, MLPBlock
from .config import encoder_size


class PatchEmbed(nn.Module):
    def __init__(self, patch_size, in_chans, embed_dim, stem="patch"):
        super().__init__()
        self.stem_kind = stem
        if stem == "patch":
            self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size)
        elif stem == "conv":
            assert patch_size == 16
            c1, c2, c3 = embed_dim // 4, embed_dim // 2, embed_dim
            self.stem = nn.Sequential(
                nn.Conv2d(in_chans, c1, 3, 2, 1), LayerNorm2d(c1), nn.GELU(),
                nn.Conv2d(c1, c2, 3, 2, 1), LayerNorm2d(c2), nn.GELU(),
                nn.Conv2d(c2, c3, 3, 2, 1), LayerNorm2d(c3), nn.GELU(),
            )
            self.proj = nn.Conv2d(c3, embed_dim, kernel_size=2, stride=2)
        else:
            raise ValueError(stem)

    def forward(self, x):
        if self.stem_kind == "conv":
            x = self.stem(x)
        return self.proj(x).permute(0, 2, 3, 1)  # B H W C


def get_rel_pos(q_size, k_size, rel_pos):
    max_rel_dist = int(2 * max(q_size, k_size) - 1)
    if rel_pos.shape[0] != max_rel_dist:
        rel_pos = F.interpolate(rel_pos.reshape(1, rel_pos.shape[0], -1).permute(0, 2, 1),
                                size=max_rel_dist, mode="linear")
        rel_pos = rel_pos.reshape(-1, max_rel_dist).permute(1, 0)
    q_coords = torch.arange(q_size)[:, None] * max(k_size / q_size, 1.0)
    k_coords = torch.arange(k_size)[None, :] * max(q_size / k_size, 1.0)
    rel = (q_coords - k_coords) + (k_size - 1) * max(q_size / k_size, 1.0)
    return rel_pos[rel.long()]


class Attention(nn.Module):
    def __init__(self, dim, num_heads, use_rel_pos, input_size, lora_rank=0, lora_alpha=1.0):
        super().__init__()
        self.num_heads = num_heads
        head_dim = dim // num_heads
        self.scale = head_dim ** -0.5
        self.qkv = LoRALinear(dim, dim * 3, bias=True, rank=lora_rank, alpha=lora_alpha)
        self.proj = LoRALinear(dim, dim, rank=lora_rank, alpha=lora_alpha)
        self.use_rel_pos = use_rel_pos
        if use_rel_pos:
            self.rel_pos_h = nn.Parameter(torch.zeros(2 * input_size[0] - 1, head_dim))
            self.rel_pos_w = nn.Parameter(torch.zeros(2 * input_size[1] - 1, head_dim))

    def forward(self, x):
        B, H, W, _ = x.shape
        qkv = self.qkv(x).reshape(B, H * W, 3, self.num_heads, -1).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.reshape(3, B * self.num_heads, H * W, -1).unbind(0)
        attn = (q * self.scale) @ k.transpose(-2, -1)
        if self.use_rel_pos:
            Rh = get_rel_pos(H, H, self.rel_pos_h)  # [H, H, d]
            Rw = get_rel_pos(W, W, self.rel_pos_w)
            r_q = q.reshape(-1, H, W, q.shape[-1])
            rel_h = torch.einsum("bhwc,hkc->bhwk", r_q, Rh)
            rel_w = torch.einsum("bhwc,wkc->bhwk", r_q, Rw)
            attn = (attn.view(-1, H, W, H, W) + rel_h[:, :, :, :, None]
                    + rel_w[:, :, :, None, :]).view(-1, H * W, H * W)
        attn = attn.softmax(dim=-1)
        x = (attn @ v).view(B, self.num_heads, H, W, -1).permute(0, 2, 3, 1, 4).reshape(B, H, W, -1)
        return self.proj(x)


def window_partition(x, ws):
    B, H, W, C = x.shape
    ph, pw = (ws - H % ws) % ws, (ws - W % ws) % ws
    if ph or pw:
        x = F.pad(x, (0, 0, 0, pw, 0, ph))
    Hp, Wp = H + ph, W + pw
    x = x.view(B, Hp // ws, ws, Wp // ws, ws, C).permute(0, 1, 3, 2, 4, 5).reshape(-1, ws, ws, C)
    return x, (Hp, Wp)


def window_unpartition(x, ws, pad_hw, hw):
    Hp, Wp = pad_hw
    H, W = hw
    B = x.shape[0] // (Hp * Wp // ws // ws)
    x = x.view(B, Hp // ws, Wp // ws, ws, ws, -1).permute(0, 1, 3, 2, 4, 5).reshape(B, Hp, Wp, -1)
    return x[:, :H, :W, :]


class Block(nn.Module):
    def __init__(self, dim, num_heads, mlp_ratio, use_rel_pos, window_size, input_size,
                 lora_rank=0, lora_alpha=1.0):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.attn = Attention(dim, num_heads, use_rel_pos,
                              input_size if window_size == 0 else (window_size, window_size),
                              lora_rank, lora_alpha)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.mlp = MLPBlock(dim, int(dim * mlp_ratio))
        self.window_size = window_size

    def forward(self, x):
        shortcut = x
        x = self.norm1(x)
        if self.window_size > 0:
            H, W = x.shape[1], x.shape[2]
            x, pad_hw = window_partition(x, self.window_size)
        x = self.attn(x)
        if self.window_size > 0:
            x = window_unpartition(x, self.window_size, pad_hw, (H, W))
        x = shortcut + x
        return x + self.mlp(self.norm2(x))


class ImageEncoderViT(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        S, p, D = encoder_size(cfg), cfg["patch_size"], cfg["vit_embed_dim"]
        C = cfg["embed_channels"]
        self.img_size = S
        self.patch_embed = PatchEmbed(p, 3, D, cfg["vit_stem"])
        self.pos_embed = nn.Parameter(torch.zeros(1, S // p, S // p, D))
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        self.blocks = nn.ModuleList(
            Block(D, cfg["vit_heads"], cfg["vit_mlp_ratio"], cfg["vit_use_rel_pos"],
                  0 if i in cfg["vit_global_attn_indexes"] else cfg["vit_window_size"],
                  (S // p, S // p), cfg["lora_rank"], cfg["lora_alpha"])
            for i in range(cfg["vit_depth"]))
        self.neck = nn.Sequential(
            nn.Conv2d(D, C, kernel_size=1, bias=False), LayerNorm2d(C),
            nn.Conv2d(C, C, kernel_size=3, padding=1, bias=False), LayerNorm2d(C))

    def forward(self, x):
        x = self.patch_embed(x) + self.pos_embed
        for blk in self.blocks:
            x = blk(x)
        return self.neck(x.permute(0, 3, 1, 2))
