"""`paper` config: SAM ViT-B shapes; an official-SAM-style state_dict loads by key (strict on SAM parts).

The expected keys/shapes below are written out independently from SAM's published ViT-B architecture
(embed 768, depth 12, 12 heads, window 14, global attention in blocks 2/5/8/11, neck 256, two-way
transformer depth 2 with MLP 2048, 3+1 mask tokens), not read back from our model."""
import pytest
import torch

from proxyprompt.config import get_config
from proxyprompt.model import ProxyPromptModel


def sam_vit_b_shapes():
    E, D, C, mlp = 768, 12, 256, 2048
    sh = {"image_encoder.pos_embed": (1, 64, 64, E),
          "image_encoder.patch_embed.proj.weight": (E, 3, 16, 16), "image_encoder.patch_embed.proj.bias": (E,)}
    for i in range(D):
        p = f"image_encoder.blocks.{i}."
        rel = 127 if i in (2, 5, 8, 11) else 27
        sh.update({p + "norm1.weight": (E,), p + "norm1.bias": (E,), p + "attn.qkv.weight": (3 * E, E),
                   p + "attn.qkv.bias": (3 * E,), p + "attn.proj.weight": (E, E), p + "attn.proj.bias": (E,),
                   p + "attn.rel_pos_h": (rel, 64), p + "attn.rel_pos_w": (rel, 64),
                   p + "norm2.weight": (E,), p + "norm2.bias": (E,), p + "mlp.lin1.weight": (4 * E, E),
                   p + "mlp.lin1.bias": (4 * E,), p + "mlp.lin2.weight": (E, 4 * E), p + "mlp.lin2.bias": (E,)})
    sh.update({"image_encoder.neck.0.weight": (C, E, 1, 1), "image_encoder.neck.1.weight": (C,),
               "image_encoder.neck.1.bias": (C,), "image_encoder.neck.2.weight": (C, C, 3, 3),
               "image_encoder.neck.3.weight": (C,), "image_encoder.neck.3.bias": (C,)})
    pe = "prompt_encoder."
    sh.update({pe + "pe_layer.positional_encoding_gaussian_matrix": (2, C // 2),
               pe + "not_a_point_embed.weight": (1, C), pe + "no_mask_embed.weight": (1, C),
               pe + "mask_downscaling.0.weight": (4, 1, 2, 2), pe + "mask_downscaling.0.bias": (4,),
               pe + "mask_downscaling.1.weight": (4,), pe + "mask_downscaling.1.bias": (4,),
               pe + "mask_downscaling.3.weight": (16, 4, 2, 2), pe + "mask_downscaling.3.bias": (16,),
               pe + "mask_downscaling.4.weight": (16,), pe + "mask_downscaling.4.bias": (16,),
               pe + "mask_downscaling.6.weight": (C, 16, 1, 1), pe + "mask_downscaling.6.bias": (C,)})
    for i in range(4):
        sh[pe + f"point_embeddings.{i}.weight"] = (1, C)
    md = "mask_decoder."

    def attn(p, inner):
        return {p + "q_proj.weight": (inner, C), p + "q_proj.bias": (inner,), p + "k_proj.weight": (inner, C),
                p + "k_proj.bias": (inner,), p + "v_proj.weight": (inner, C), p + "v_proj.bias": (inner,),
                p + "out_proj.weight": (C, inner), p + "out_proj.bias": (C,)}
    for l in range(2):
        p = md + f"transformer.layers.{l}."
        sh.update(attn(p + "self_attn.", C))
        sh.update(attn(p + "cross_attn_token_to_image.", C // 2))
        sh.update(attn(p + "cross_attn_image_to_token.", C // 2))
        for n in range(1, 5):
            sh[p + f"norm{n}.weight"] = (C,)
            sh[p + f"norm{n}.bias"] = (C,)
        sh.update({p + "mlp.lin1.weight": (mlp, C), p + "mlp.lin1.bias": (mlp,),
                   p + "mlp.lin2.weight": (C, mlp), p + "mlp.lin2.bias": (C,)})
    sh.update(attn(md + "transformer.final_attn_token_to_image.", C // 2))
    sh.update({md + "transformer.norm_final_attn.weight": (C,), md + "transformer.norm_final_attn.bias": (C,),
               md + "iou_token.weight": (1, C), md + "mask_tokens.weight": (4, C),
               md + "output_upscaling.0.weight": (C, C // 4, 2, 2), md + "output_upscaling.0.bias": (C // 4,),
               md + "output_upscaling.1.weight": (C // 4,), md + "output_upscaling.1.bias": (C // 4,),
               md + "output_upscaling.3.weight": (C // 4, C // 8, 2, 2), md + "output_upscaling.3.bias": (C // 8,)})
    for i in range(4):
        p = md + f"output_hypernetworks_mlps.{i}.layers."
        sh.update({p + "0.weight": (C, C), p + "0.bias": (C,), p + "1.weight": (C, C), p + "1.bias": (C,),
                   p + "2.weight": (C // 8, C), p + "2.bias": (C // 8,)})
    p = md + "iou_prediction_head.layers."
    sh.update({p + "0.weight": (256, C), p + "0.bias": (256,), p + "1.weight": (256, 256), p + "1.bias": (256,),
               p + "2.weight": (4, 256), p + "2.bias": (4,)})
    return sh


@pytest.fixture(scope="module")
def paper_model():
    torch.manual_seed(0)
    return ProxyPromptModel(get_config("paper"))


def test_paper_config_shapes():
    cfg = get_config("paper")
    assert (cfg["input_size"], cfg["vit_embed_dim"], cfg["vit_depth"], cfg["embed_channels"]) == (1024, 768, 12, 256)
    assert (cfg["vim_dim"], cfg["patch_size"]) == (192, 16)
    h = get_config("paper_h")
    assert (h["vit_embed_dim"], h["vit_depth"], h["vit_heads"], h["vit_global_attn_indexes"]) == \
        (1280, 32, 16, (7, 15, 23, 31))


def test_loads_sam_vit_b_state_dict(paper_model):
    shapes = sam_vit_b_shapes()
    g = torch.Generator().manual_seed(1)
    sd = {k: torch.randn(*s, generator=g) * 0.02 for k, s in shapes.items()}
    loaded = paper_model.load_sam_state_dict(sd, strict=True)
    assert set(loaded) == set(shapes)
    msd = paper_model.state_dict()
    for k in ("image_encoder.blocks.0.attn.qkv.weight", "image_encoder.neck.0.weight",
              "mask_decoder.transformer.layers.0.self_attn.q_proj.weight", "prompt_encoder.no_mask_embed.weight"):
        assert torch.equal(msd[k], sd[k])
    # SAM base weights frozen, LoRA adapters and PPG trainable (paper Sec. 4)
    params = dict(paper_model.named_parameters())
    assert not params["image_encoder.blocks.0.attn.qkv.weight"].requires_grad
    assert params["image_encoder.blocks.0.attn.qkv.lora_A"].requires_grad
    assert params["vim.patch_embed.weight"].requires_grad


def test_strict_rejects_wrong_keys(paper_model):
    shapes = sam_vit_b_shapes()
    sd = {k: torch.zeros(*s) for k, s in shapes.items()}
    sd.pop("image_encoder.neck.0.weight")
    with pytest.raises(KeyError):
        paper_model.load_sam_state_dict(sd, strict=True)
    sd2 = {k: torch.zeros(*s) for k, s in shapes.items()}
    sd2["image_encoder.blocks.0.attn.rel_pos_h"] = torch.zeros(127, 64)
    with pytest.raises(KeyError):
        paper_model.load_sam_state_dict(sd2, strict=True)


def test_paper_image_encoder_runs_at_reduced_size(paper_model):
    """Light forward: ViT-B blocks with window attention and interpolated rel-pos at 256 px."""
    enc = paper_model.image_encoder
    x = torch.randn(1, 16, 16, 768)
    with torch.no_grad():
        for blk in list(enc.blocks)[:3]:
            x = blk(x)
        out = enc.neck(x.permute(0, 3, 1, 2))
    assert out.shape == (1, 256, 16, 16) and torch.isfinite(out).all()
