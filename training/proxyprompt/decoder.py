"""SAM-style prompt encoder pieces and two-way-transformer mask decoder.

Keys follow `segment_anything` (prompt_encoder.pe_layer.positional_encoding_gaussian_matrix,
prompt_encoder.no_mask_embed, prompt_encoder.point_embeddings.i, mask_decoder.transformer.layers.i.
{self_attn,cross_attn_token_to_image,cross_attn_image_to_token}.{q,k,v,out}_proj, norm1..4, mlp.lin1/2,
final_attn_token_to_image, norm_final_attn, iou_token, mask_tokens, output_upscaling.{0,1,3},
output_hypernetworks_mlps.i.layers.j, iou_prediction_head.layers.j). The proxy prompt tokens take the
place of SAM's sparse (box) embeddings; the dense prompt is the no-mask embedding. Click (point) prompts
are SAM's: positional encoding of the point plus a learned positive / negative / not-a-point embedding,
concatenated after the proxy prompt tokens (issue 21; none = exactly the proxy-prompt-only output).
LoRA (optional) sits on the decoder attention projections.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import MLP, LayerNorm2d, LoRALinear, MLPBlock


class PositionEmbeddingRandom(nn.Module):
    def __init__(self, num_pos_feats, scale=1.0):
        super().__init__()
        self.register_buffer("positional_encoding_gaussian_matrix", scale * torch.randn((2, num_pos_feats)))

    def dense(self, h, w):
        ys = (torch.arange(h, dtype=torch.float32) + 0.5) / h
        xs = (torch.arange(w, dtype=torch.float32) + 0.5) / w
        coords = torch.stack([xs[None, :].expand(h, w), ys[:, None].expand(h, w)], dim=-1)
        coords = (2 * coords - 1) @ self.positional_encoding_gaussian_matrix * (2 * math.pi)
        pe = torch.cat([torch.sin(coords), torch.cos(coords)], dim=-1)
        return pe.permute(2, 0, 1).unsqueeze(0)  # [1, C, h, w]

    def with_coords(self, coords):
        """SAM's forward_with_coords: coords [..., 2] (x, y) in [0, 1] -> [..., C]."""
        coords = (2 * coords - 1) @ self.positional_encoding_gaussian_matrix * (2 * math.pi)
        return torch.cat([torch.sin(coords), torch.cos(coords)], dim=-1)


class PromptEncoder(nn.Module):
    """The PPG uses the positional encoding and the no-mask embedding; clicks use the point embeddings
    (0 negative, 1 positive) and not_a_point_embed as SAM does; the box / mask-downscaling parameters
    exist so SAM checkpoints load with strict key checking."""

    def __init__(self, C, grid):
        super().__init__()
        self.grid = grid
        self.pe_layer = PositionEmbeddingRandom(C // 2)
        self.point_embeddings = nn.ModuleList(nn.Embedding(1, C) for _ in range(4))
        self.not_a_point_embed = nn.Embedding(1, C)
        self.mask_downscaling = nn.Sequential(
            nn.Conv2d(1, 4, 2, 2), LayerNorm2d(4), nn.GELU(),
            nn.Conv2d(4, 16, 2, 2), LayerNorm2d(16), nn.GELU(), nn.Conv2d(16, C, 1))
        self.no_mask_embed = nn.Embedding(1, C)

    def get_dense_pe(self):
        return self.pe_layer.dense(self.grid, self.grid)

    def dense_no_mask(self):
        return self.no_mask_embed.weight.reshape(1, -1, 1, 1).expand(1, -1, self.grid, self.grid)

    def embed_points(self, coords, labels, input_size):
        """SAM's _embed_points without its box padding: coords [N, P, 2] (x, y) in input pixels of the
        padded S x S square (a pixel's centre is coords + 0.5), labels [N, P] (1 positive, 0 negative,
        -1 not a point) -> tokens [N, P, C]. Written with arithmetic masks so it exports with any P,
        P = 0 included."""
        pe = self.pe_layer.with_coords((coords + 0.5) / input_size)
        lab = labels.unsqueeze(-1)
        pad = (lab == -1).to(pe.dtype)
        return (pe * (1 - pad) + pad * self.not_a_point_embed.weight
                + (lab == 0).to(pe.dtype) * self.point_embeddings[0].weight
                + (lab == 1).to(pe.dtype) * self.point_embeddings[1].weight)


class DecAttention(nn.Module):
    def __init__(self, dim, heads, downsample_rate=1, lora_rank=0, lora_alpha=1.0):
        super().__init__()
        inner = dim // downsample_rate
        self.heads = heads
        self.q_proj = LoRALinear(dim, inner, rank=lora_rank, alpha=lora_alpha)
        self.k_proj = LoRALinear(dim, inner, rank=lora_rank, alpha=lora_alpha)
        self.v_proj = LoRALinear(dim, inner, rank=lora_rank, alpha=lora_alpha)
        self.out_proj = LoRALinear(inner, dim, rank=lora_rank, alpha=lora_alpha)

    def _split(self, x):
        b, n, c = x.shape
        return x.reshape(b, n, self.heads, c // self.heads).transpose(1, 2)

    def forward(self, q, k, v):
        q, k, v = self._split(self.q_proj(q)), self._split(self.k_proj(k)), self._split(self.v_proj(v))
        attn = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1]), dim=-1)
        out = (attn @ v).transpose(1, 2)
        return self.out_proj(out.reshape(out.shape[0], out.shape[1], -1))


class TwoWayAttentionBlock(nn.Module):
    def __init__(self, dim, heads, mlp_dim, skip_first_layer_pe, r, a):
        super().__init__()
        self.self_attn = DecAttention(dim, heads, 1, r, a)
        self.norm1 = nn.LayerNorm(dim)
        self.cross_attn_token_to_image = DecAttention(dim, heads, 2, r, a)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = MLPBlock(dim, mlp_dim, nn.ReLU)
        self.norm3 = nn.LayerNorm(dim)
        self.norm4 = nn.LayerNorm(dim)
        self.cross_attn_image_to_token = DecAttention(dim, heads, 2, r, a)
        self.skip_first_layer_pe = skip_first_layer_pe

    def forward(self, queries, keys, query_pe, key_pe):
        if self.skip_first_layer_pe:
            queries = self.self_attn(queries, queries, queries)
        else:
            q = queries + query_pe
            queries = queries + self.self_attn(q, q, queries)
        queries = self.norm1(queries)
        q, k = queries + query_pe, keys + key_pe
        queries = self.norm2(queries + self.cross_attn_token_to_image(q, k, keys))
        queries = self.norm3(queries + self.mlp(queries))
        q, k = queries + query_pe, keys + key_pe
        keys = self.norm4(keys + self.cross_attn_image_to_token(k, q, queries))
        return queries, keys


class TwoWayTransformer(nn.Module):
    def __init__(self, depth, dim, heads, mlp_dim, r=0, a=1.0):
        super().__init__()
        self.layers = nn.ModuleList(
            TwoWayAttentionBlock(dim, heads, mlp_dim, i == 0, r, a) for i in range(depth))
        self.final_attn_token_to_image = DecAttention(dim, heads, 2, r, a)
        self.norm_final_attn = nn.LayerNorm(dim)

    def forward(self, image_embedding, image_pe, point_embedding):
        keys = image_embedding.flatten(2).permute(0, 2, 1)
        key_pe = image_pe.flatten(2).permute(0, 2, 1)
        queries = point_embedding
        for layer in self.layers:
            queries, keys = layer(queries, keys, point_embedding, key_pe)
        q, k = queries + point_embedding, keys + key_pe
        queries = self.norm_final_attn(queries + self.final_attn_token_to_image(q, k, keys))
        return queries, keys


class MaskDecoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        C = cfg["embed_channels"]
        r = cfg["lora_rank"] if cfg["lora_decoder"] else 0
        self.transformer = TwoWayTransformer(cfg["dec_depth"], C, cfg["dec_heads"], cfg["dec_mlp_dim"],
                                             r, cfg["lora_alpha"])
        self.num_mask_tokens = cfg["dec_num_multimask"] + 1
        self.iou_token = nn.Embedding(1, C)
        self.mask_tokens = nn.Embedding(self.num_mask_tokens, C)
        self.output_upscaling = nn.Sequential(
            nn.ConvTranspose2d(C, C // 4, 2, 2), LayerNorm2d(C // 4), nn.GELU(),
            nn.ConvTranspose2d(C // 4, C // 8, 2, 2), nn.GELU())
        self.output_hypernetworks_mlps = nn.ModuleList(
            MLP(C, C, C // 8, 3) for _ in range(self.num_mask_tokens))
        self.iou_prediction_head = MLP(C, cfg["dec_iou_hidden"], self.num_mask_tokens, 3)
        hr = cfg.get("hr_channels", 0)
        self.hr_refine = HighResRefine(C, hr) if hr else None

    def forward(self, image_embeddings, image_pe, sparse, dense, hr_features=None, point_tokens=None,
                with_state=False):
        """image_embeddings [1, C, h, w] (or [N, ...], one image per object, in training); sparse
        [N, T, C]; dense [1, C, h, w]; hr_features [1, hr, S/2, S/2] when the model has the
        high-resolution path; point_tokens [N, P, C] (clicks, P may be 0) after the proxy prompt.
        Returns single-mask output (SAM's multimask_output=False): logits [N, 1, 4h, 4w] (or
        [N, 1, S/2, S/2] with hr_features), iou [N, 1]; with_state adds (mask token [N, C],
        upscaled features [N, C/8, 4h, 4w]) for the click refinement."""
        N = sparse.shape[0]
        out_tok = torch.cat([self.iou_token.weight, self.mask_tokens.weight], 0)
        parts = [out_tok.unsqueeze(0).expand(N, -1, -1), sparse]
        if point_tokens is not None:
            parts.append(point_tokens)
        tokens = torch.cat(parts, dim=1)
        src = (image_embeddings + dense).expand(N, -1, -1, -1)
        pos = image_pe.expand(N, -1, -1, -1)
        b, c, h, w = src.shape
        hs, src = self.transformer(src, pos, tokens)
        iou_tok = hs[:, 0, :]
        mask_tok0 = hs[:, 1, :]
        up = self.output_upscaling(src.transpose(1, 2).reshape(b, c, h, w))
        hyper = self.output_hypernetworks_mlps[0](mask_tok0)          # [N, C/8]
        bb, cc, hh, ww = up.shape
        masks = (hyper.unsqueeze(1) @ up.reshape(bb, cc, hh * ww)).reshape(bb, 1, hh, ww)
        if self.hr_refine is not None:
            masks = self.hr_refine(up, masks, hr_features, mask_tok0)
        iou = self.iou_prediction_head(iou_tok)[:, 0:1]
        if with_state:
            return masks, iou, (mask_tok0, up)
        return masks, iou


class HighResStem(nn.Module):
    """Image-side part of the high-resolution path: the full-size image -> hr_features at S/2.
    Not in SAM; exists because 64x64 logits cannot draw 1-3 px wide vessels."""

    def __init__(self, hr_channels):
        super().__init__()
        self.layers = nn.Sequential(nn.Conv2d(3, 16, 3, 2, 1), nn.GELU(),
                                    nn.Conv2d(16, hr_channels, 3, 1, 1), nn.GELU())

    def forward(self, image):           # [B, 3, S, S] -> [B, hr, S/2, S/2]
        return self.layers(image)


class HighResUNetStem(nn.Module):
    """Multi-scale image-side high-resolution path (config hr_stem="unet"): a three-level encoder
    (S/2, S/4, S/8) and a decoder back to S/2 with skips. Its receptive field (~40 px at S) spans
    a vessel and its surroundings, which the two-convolution stem (7 px) cannot; the work is
    object-agnostic, so it runs once per image and is cached with the embedding."""

    def __init__(self, hr_channels, widths=(16, 24, 32)):
        super().__init__()
        a, b, c = widths

        def block(i, o, stride=1):
            return nn.Sequential(nn.Conv2d(i, o, 3, stride, 1), nn.GELU())
        self.e1 = nn.Sequential(block(3, a, 2), block(a, a))         # S/2
        self.e2 = nn.Sequential(block(a, b, 2), block(b, b))         # S/4
        self.e3 = nn.Sequential(block(b, c, 2), block(c, c))         # S/8
        self.d2 = block(b + c, b)                                    # S/4
        self.d1 = block(a + b, a)                                    # S/2
        self.out = nn.Sequential(nn.Conv2d(a, hr_channels, 1), nn.GELU())

    def forward(self, image):           # [B, 3, S, S] -> [B, hr, S/2, S/2]
        x1 = self.e1(image)
        x2 = self.e2(x1)
        x3 = self.e3(x2)
        y2 = self.d2(torch.cat([x2, F.interpolate(x3, size=x2.shape[-2:], mode="bilinear",
                                                  align_corners=False)], 1))
        y1 = self.d1(torch.cat([x1, F.interpolate(y2, size=x1.shape[-2:], mode="bilinear",
                                                  align_corners=False)], 1))
        return self.out(y1)


class HighResRefine(nn.Module):
    """Decoder-side part: fuses the decoder's upscaled object features and coarse logits with the
    target's hr_features and adds a fine correction, conditioned on the mask token by a second
    hypernetwork. The correction starts at zero, so a warm-started model begins exactly at its
    coarse (upsampled) logits."""

    def __init__(self, C, hr_channels, width=24, fine=16):
        super().__init__()
        up_c = C // 8
        self.hr_down = nn.Sequential(nn.Conv2d(hr_channels, width, 3, 2, 1), nn.GELU())
        self.fuse4 = nn.Sequential(nn.Conv2d(up_c + 1 + width, width, 3, 1, 1), nn.GELU(),
                                   nn.Conv2d(width, fine, 3, 1, 1), nn.GELU())
        self.reduce = nn.Conv2d(fine, hr_channels, 1)
        self.fuse2 = nn.Sequential(nn.Conv2d(2 * hr_channels, fine, 3, 1, 1), nn.GELU())
        self.hyper = MLP(C, C, fine, 3)
        nn.init.zeros_(self.hyper.layers[-1].weight)
        nn.init.zeros_(self.hyper.layers[-1].bias)

    def forward(self, up, coarse, hr, mask_token):
        """up [N, C/8, u, u], coarse [N, 1, u, u], hr [1, hr, S/2, S/2], mask_token [N, C]
        -> logits [N, 1, S/2, S/2]."""
        N = up.shape[0]
        h4 = self.hr_down(hr)
        s4 = (h4.shape[-2], h4.shape[-1])
        s2 = (hr.shape[-2], hr.shape[-1])
        x = torch.cat([F.interpolate(up, size=s4, mode="bilinear", align_corners=False),
                       F.interpolate(coarse, size=s4, mode="bilinear", align_corners=False),
                       h4.expand(N, -1, -1, -1)], 1)
        x = self.fuse4(x)
        x = F.interpolate(self.reduce(x), size=s2, mode="bilinear", align_corners=False)
        x = self.fuse2(torch.cat([x, hr.expand(N, -1, -1, -1)], 1))
        w = self.hyper(mask_token)
        fine = (w.unsqueeze(1) @ x.flatten(2)).reshape(N, 1, s2[0], s2[1])
        return F.interpolate(coarse, size=s2, mode="bilinear", align_corners=False) + fine
