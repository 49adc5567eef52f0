"""ProxyPromptModel: image encoder + CSM (Vim, Bridge Unit, Selective Map) + CCM + SAM mask decoder,
split into the four stages of the ONNX contract (shared/design/MODEL.md)."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .ccm import CCM
from .clicks import ClickRefine, click_config
from .config import derived, get_config
from .csm import BridgeUnit, MaskDetail, SelectiveMap
from .decoder import HighResStem, HighResUNetStem, MaskDecoder, PromptEncoder
from .image_encoder import ImageEncoderViT
from .vim import VisionMamba

SAM_PREFIXES = ("image_encoder.", "prompt_encoder.", "mask_decoder.")


class ProxyPromptModel(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = dict(cfg)
        C = cfg["embed_channels"]
        self.image_encoder = ImageEncoderViT(cfg)
        self.ds = cfg.get("encoder_downsample", 1)
        self.prompt_encoder = PromptEncoder(C, derived(cfg)["h"])
        self.mask_decoder = MaskDecoder(cfg)
        hr = cfg.get("hr_channels", 0)
        stem = HighResUNetStem if cfg.get("hr_stem", "shallow") == "unet" else HighResStem
        self.hr_stem = stem(hr) if hr else None
        # PPG (trained from scratch)
        self.vim = VisionMamba(cfg, in_chans=4)
        self.bridge = BridgeUnit(C, cfg["vim_dim"], cfg["cbam_reduction"])
        md = cfg.get("mask_detail", 0)
        self.mask_detail = MaskDetail(C, md) if md else None
        self.selective_map = SelectiveMap(C)
        self.ccm = CCM(cfg)
        # click prompts (issue 21): SAM's point tokens + a click-conditioned refinement of the logits
        cc = click_config(cfg)
        self.click_refine = ClickRefine(C, hr, cc["width"], cc["sigmas"]) if cc else None

    # ---- the four stages of the contract ----
    @property
    def has_hr(self):
        return self.hr_stem is not None

    def _down(self, x):
        return F.avg_pool2d(x, self.ds) if self.ds > 1 else x

    def encode_image(self, image):                       # [B,3,S,S] -> [B,C,h,w]
        return self.image_encoder(self._down(image))

    def encode_hr(self, image):                          # [B,3,S,S] -> [B,hr,S/2,S/2]
        return self.hr_stem(image)

    def encode_support(self, support_embedding, support_image, support_masks):
        """[K,C,h,w], [K,3,S,S], [K,N,S,S] -> object_features [K,N,hw,C]."""
        K, N = support_masks.shape[0], support_masks.shape[1]
        # pooled before the objects are stacked (same numbers as pooling the stack, 1/ds^2 the copying)
        img = self._down(support_image).unsqueeze(1).expand(-1, N, -1, -1, -1)
        x = torch.cat([img, self._down(support_masks).unsqueeze(2)], dim=2).flatten(0, 1)  # [K*N, 4, s, s]
        v = self.vim(x)
        v = v.reshape(K, N, v.shape[1], v.shape[2], v.shape[3])
        p = self.cfg["patch_size"] * self.ds
        m = F.avg_pool2d(support_masks, p).unsqueeze(2)                         # [K, N, 1, h, w]
        g = self.bridge(support_embedding, v, m)
        if self.mask_detail is not None:
            g = g + self.mask_detail(support_image, support_masks, p // 8)
        return g

    def generate_prompt(self, target_embedding, support_embedding, object_features):
        """[1,C,h,w], [K,C,h,w], [K,N,hw,C] -> proxy_prompt [N,T,C]."""
        e_ctx = self.selective_map(target_embedding, support_embedding, object_features)
        return self.ccm(target_embedding, e_ctx, self.prompt_encoder.get_dense_pe())

    @property
    def has_clicks(self):
        return self.click_refine is not None

    def decode(self, target_embedding, proxy_prompt, target_hr=None, point_coords=None, point_labels=None):
        """[1,C,h,w], [N,T,C] (+ [1,hr,S/2,S/2]) -> mask_logits [N,1,m,m] (m = mask_size), iou [N,1].
        A click model also takes point_coords [N,P,2] (x, y in input pixels of the S x S square) and
        point_labels [N,P] (1 positive, 0 negative, -1 padding); P = 0 (or no points) gives exactly the
        output without clicks."""
        pe, dense = self.prompt_encoder.get_dense_pe(), self.prompt_encoder.dense_no_mask()
        if point_coords is None or not self.has_clicks:
            return self.mask_decoder(target_embedding, pe, proxy_prompt, dense, target_hr)
        tokens = self.prompt_encoder.embed_points(point_coords, point_labels, self.cfg["input_size"])
        masks, iou, (mask_tok, up) = self.mask_decoder(target_embedding, pe, proxy_prompt, dense, target_hr,
                                                       point_tokens=tokens, with_state=True)
        masks = self.click_refine(masks, point_coords, point_labels, self.cfg["input_size"], mask_tok, up,
                                  target_hr)
        return masks, iou

    def forward(self, target_image, support_image, support_masks):
        """One target [1,3,S,S], K supports with N masks each -> logits [N,1,m,m], iou [N,1]."""
        emb = self.encode_image(torch.cat([target_image, support_image], 0))
        t_emb, s_emb = emb[:1], emb[1:]
        g = self.encode_support(s_emb, support_image, support_masks)
        pp = self.generate_prompt(t_emb, s_emb, g)
        return self.decode(t_emb, pp, self.encode_hr(target_image) if self.has_hr else None)

    # ---- official SAM weights ----
    def load_sam_state_dict(self, sd, strict=True):
        """Load an official SAM checkpoint (keys image_encoder.*, prompt_encoder.*, mask_decoder.*).
        With strict=True every SAM key of this model must be present with the same shape and the
        checkpoint may not hold unknown keys; LoRA adapters and the PPG modules are left untouched.
        Freezes the SAM base weights (paper: only LoRA + PPG are trained). Returns loaded key list."""
        own = {k: v for k, v in self.state_dict().items() if k.startswith(SAM_PREFIXES) and "lora_" not in k}
        missing = sorted(set(own) - set(sd))
        unexpected = sorted(k for k in sd if k not in own)
        bad_shape = sorted(k for k in sd if k in own and tuple(sd[k].shape) != tuple(own[k].shape))
        if strict and (missing or unexpected or bad_shape):
            raise KeyError(f"SAM state_dict mismatch: missing={missing[:5]}.. ({len(missing)}), "
                           f"unexpected={unexpected[:5]}.. ({len(unexpected)}), shape={bad_shape[:5]}")
        load = {k: v for k, v in sd.items() if k in own and k not in bad_shape}
        self.load_state_dict(load, strict=False)
        for name, p in self.named_parameters():
            if name in load:
                p.requires_grad_(False)
        return sorted(load)


def build_model(config="small", **overrides):
    cfg = config if isinstance(config, dict) else get_config(config, **overrides)
    return ProxyPromptModel(cfg)


def model_info(cfg):
    d = derived(cfg)
    return dict(input_size=cfg["input_size"], embedding_channels=cfg["embed_channels"],
                embedding_size=d["h"], prompt_tokens=d["tokens"], mask_size=d["mask_size"],
                encoder_downsample=cfg.get("encoder_downsample", 1), hr_channels=d["hr_channels"])
