"""Model configurations. `small` trains on a 2-core CPU; `paper` has SAM ViT-B/H + Vim-Tiny shapes."""
import copy

_BASE = dict(
    input_size=256,
    patch_size=16,
    encoder_downsample=1,    # ViT and Vim see the input average-pooled by this factor (h = S / (16 * it))
    hr_channels=0,           # >0: high-resolution refinement path, mask logits at S/2 (see README)
    hr_stem="shallow",       # image side of that path: "shallow" (two convolutions) or "unet" (multi-scale)
    # image encoder (SAM ViT)
    vit_embed_dim=128,
    vit_depth=4,
    vit_heads=4,
    vit_mlp_ratio=4.0,
    vit_window_size=0,
    vit_global_attn_indexes=(),
    vit_use_rel_pos=True,
    vit_stem="conv",          # "patch" = SAM's 16x16 patch conv; "conv" = 4 stride-2 convs (small only)
    embed_channels=96,       # C: neck output channels = decoder width
    lora_rank=4,
    lora_alpha=4.0,
    lora_decoder=True,
    # Vision Mamba (CSM step 1)
    vim_dim=64,
    vim_depth=2,
    vim_d_state=8,
    vim_expand=2,
    vim_d_conv=4,
    vim_chunk=8,
    # Bridge unit
    cbam_reduction=4,
    # CCM
    ccm_depth=4,
    ccm_heads=4,
    ccm_downsample=2,
    ccm_mlp_ratio=4.0,
    prompt_pool=1,           # T = (h/prompt_pool)^2
    # mask decoder
    dec_depth=2,
    dec_heads=4,
    dec_mlp_dim=384,
    dec_num_multimask=3,
    dec_iou_hidden=96,
)

CONFIGS = {
    # S = 768 so thin vessels are resolved; the ViT and Vim still run on 256 px (encoder_downsample 3)
    # and a high-resolution path with the multi-scale stem (hr_features at S/2) refines the logits to S/2.
    "small": dict(_BASE, input_size=768, encoder_downsample=3, hr_channels=8, hr_stem="unet"),
    # the same network at S = 1024 (ViT/Vim on the 4x-pooled image): phase 7 tried it; held-out vessels did not
    # improve, so it is not shipped (training/README.md)
    # issue 14: `small` plus the fine mask descriptor in the support encoder (csm.MaskDetail), so a large
    # cup and its disc give different object features
    "small_md": dict(_BASE, input_size=768, encoder_downsample=3, hr_channels=8, hr_stem="unet", mask_detail=64),
    "small1024": dict(_BASE, input_size=1024, encoder_downsample=4, hr_channels=8, hr_stem="unet"),
    # the same network at S = 512 (ViT/Vim on the 2x-pooled image): phase 5 trained it at this size
    "small512": dict(_BASE, input_size=512, encoder_downsample=2, hr_channels=8, hr_stem="unet"),
    # the shipped model before the multi-scale high-resolution stem (two convolutions, 8 channels)
    "small_shallow": dict(_BASE, input_size=512, encoder_downsample=2, hr_channels=8),
    # the first stage of the shipped model (S = 256, no high-resolution path; retrain.sh phase 1)
    "small256": dict(_BASE),
    "tiny": dict(_BASE, input_size=128, encoder_downsample=2, hr_channels=4, vit_embed_dim=32, vit_depth=1, vit_heads=2, embed_channels=32,
                 vim_dim=16, vim_depth=1, vim_d_state=4, vim_chunk=2, ccm_depth=1, ccm_heads=2,
                 dec_depth=1, dec_heads=2, dec_mlp_dim=64, dec_iou_hidden=32, lora_rank=2),
    # SAM ViT-B (sam_vit_b_01ec64.pth shapes) + Vim-Tiny (dim 192, depth 24, d_state 16)
    "paper": dict(_BASE, input_size=1024, vit_embed_dim=768, vit_depth=12, vit_heads=12,
                  vit_window_size=14, vit_global_attn_indexes=(2, 5, 8, 11), vit_stem="patch",
                  embed_channels=256, lora_rank=8, lora_alpha=8.0,
                  vim_dim=192, vim_depth=24, vim_d_state=16, vim_chunk=32,
                  cbam_reduction=16, ccm_heads=8, prompt_pool=4,
                  dec_depth=2, dec_heads=8, dec_mlp_dim=2048, dec_iou_hidden=256),
    # SAM ViT-H (sam_vit_h_4b8939.pth shapes) + Vim-Tiny
    "paper_h": None,
}
CONFIGS["paper_h"] = dict(CONFIGS["paper"], vit_embed_dim=1280, vit_depth=32, vit_heads=16,
                          vit_global_attn_indexes=(7, 15, 23, 31))
CONFIGS["paper_b"] = dict(CONFIGS["paper"])


def get_config(name, **overrides):
    if name not in CONFIGS:
        raise KeyError(f"unknown config {name!r}; known: {sorted(CONFIGS)}")
    cfg = copy.deepcopy(CONFIGS[name])
    cfg.update(overrides)
    cfg["name"] = name
    return cfg


def encoder_size(cfg):
    """Side of the square the ViT and the Vim run on."""
    return cfg["input_size"] // cfg.get("encoder_downsample", 1)


def derived(cfg):
    h = encoder_size(cfg) // cfg["patch_size"]
    t_side = h // cfg["prompt_pool"]
    hr = cfg.get("hr_channels", 0)
    S = cfg["input_size"]
    return dict(h=h, hw=h * h, tokens=t_side * t_side, mask_size=S // 2 if hr else 4 * h,
                hr_channels=hr, hr_size=S // 2 if hr else 0)
