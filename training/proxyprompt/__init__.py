"""ProxyPrompt: Proxy Prompt Generator (PPG) in front of a SAM-style mask decoder.

Module map (paper Sec. 3, restated with shapes in shared/design/MODEL.md):
  image_encoder.py  SAM-style ViT (+ neck, LoRA on attention qkv/proj)
  vim.py            Vision Mamba encoder with a stable chunked selective scan
  csm.py            Contextual Selective Module: Bridge Unit (CBAM + 2 ResBlocks), Selective Map
  ccm.py            Contextual Colorization Module (dual cross attention) + proxy prompt projection
  decoder.py        SAM-style prompt encoder parts (PE, no-mask embedding) and two-way mask decoder
  model.py          ProxyPromptModel: the four exported stages
"""
from .config import CONFIGS, get_config  # noqa: F401
from .model import ProxyPromptModel, build_model  # noqa: F401
