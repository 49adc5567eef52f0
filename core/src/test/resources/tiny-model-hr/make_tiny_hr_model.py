#!/usr/bin/python3
"""Builds a tiny model folder of the EXTENDED ONNX contract (hr_features), for the Java engine's tests.

Not a trained model: its behaviour is known by construction, as in ../tiny-model/make_tiny_model.py, whose
quadrant rule it keeps. S=64, encoder_downsample 2 (the graphs pool the image 2x first), C=4, h=w=2, T=4,
hr_features 2 x 32 x 32, mask 32x32 (= S/2).
- image_encoder: image [B,3,64,64] -> embedding [B,4,2,2] (2x pool, 16x16 patch average, 1x1 conv) and
  hr_features [B,2,32,32] (2x pool, 1x1 conv).
- support_encoder: the fraction of each object mask inside each of the 4 embedding cells, broadcast over C.
- prompt_generator: those fractions averaged over the K supports.
- mask_decoder: target_embedding, target_hr_features, proxy_prompt -> each cell's fraction f becomes the logit
  4*(f-0.5), nearest-upsampled to 32x32; iou = mean fraction. The embedding and hr features enter with weight 0,
  so they are real inputs of the graph but the output is the quadrant rule.
Written with torch.onnx (this machine has PyTorch but not the onnx package).
Run: /usr/bin/python3 make_tiny_hr_model.py [OUT_DIR]   (default: the folder of this script)
"""
import hashlib
import json
import os
import sys

import torch
import torch.nn.functional as F

S, DS, C, H, T, HR, M = 64, 2, 4, 2, 4, 2, 32
OPSET = 17


class ImageEncoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(0)
        self.w = torch.nn.Parameter(torch.randn(C, 3, 1, 1, generator=g) * 0.5)
        self.w_hr = torch.nn.Parameter(torch.randn(HR, 3, 1, 1, generator=g) * 0.5)

    def forward(self, image):
        pooled = F.avg_pool2d(image, DS)
        embedding = F.conv2d(F.avg_pool2d(pooled, 16), self.w)
        hr_features = F.conv2d(pooled, self.w_hr)
        return embedding, hr_features


class SupportEncoder(torch.nn.Module):
    def forward(self, support_embedding, support_image, support_masks):
        k, n = support_masks.shape[0], support_masks.shape[1]
        frac = F.avg_pool2d(support_masks, S // H).reshape(k, n, H * H, 1)
        inert = (support_embedding.mean() + support_image.mean()) * 0.0
        return frac * torch.ones(1, 1, 1, C) + inert


class PromptGenerator(torch.nn.Module):
    def forward(self, target_embedding, support_embedding, object_features):
        inert = (target_embedding.mean() + support_embedding.mean()) * 0.0
        return object_features.mean(dim=0) + inert


class MaskDecoder(torch.nn.Module):
    def forward(self, target_embedding, target_hr_features, proxy_prompt):
        frac = proxy_prompt.mean(dim=2)
        low = (frac.reshape(-1, 1, H, H) - 0.5) * 4.0
        up = F.interpolate(low, scale_factor=M // H, mode="nearest")
        inert = (target_embedding.mean() + target_hr_features.mean()) * 0.0
        return up + inert, frac.mean(dim=1, keepdim=True)


def export(module, args, inputs, outputs, dynamic, path):
    torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=dynamic,
                      opset_version=OPSET, do_constant_folding=True)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main(out):
    os.makedirs(out, exist_ok=True)
    k, n = 2, 2
    emb = torch.randn(1, C, H, H)
    graphs = {
        "image_encoder": (ImageEncoder(), (torch.randn(1, 3, S, S),), ["image"], ["embedding", "hr_features"],
                          {"image": {0: "B"}, "embedding": {0: "B"}, "hr_features": {0: "B"}}),
        "support_encoder": (SupportEncoder(), (torch.randn(k, C, H, H), torch.randn(k, 3, S, S),
                                               torch.rand(k, n, S, S)),
                            ["support_embedding", "support_image", "support_masks"], ["object_features"],
                            {"support_embedding": {0: "K"}, "support_image": {0: "K"},
                             "support_masks": {0: "K", 1: "N"}, "object_features": {0: "K", 1: "N"}}),
        "prompt_generator": (PromptGenerator(), (emb, torch.randn(k, C, H, H), torch.rand(k, n, H * H, C)),
                             ["target_embedding", "support_embedding", "object_features"], ["proxy_prompt"],
                             {"support_embedding": {0: "K"}, "object_features": {0: "K", 1: "N"},
                              "proxy_prompt": {0: "N"}}),
        "mask_decoder": (MaskDecoder(), (emb, torch.randn(1, HR, M, M), torch.rand(n, T, C)),
                         ["target_embedding", "target_hr_features", "proxy_prompt"], ["mask_logits", "iou"],
                         {"proxy_prompt": {0: "N"}, "mask_logits": {0: "N"}, "iou": {0: "N"}}),
    }
    files = {}
    for key, (module, args, inputs, outputs, dynamic) in graphs.items():
        path = os.path.join(out, key + ".onnx")
        export(module.eval(), args, inputs, outputs, dynamic, path)
        files[key] = {"path": key + ".onnx", "sha256": sha256(path)}
    manifest = {
        "name": "tiny-hr-test", "version": "0", "format": 1, "config": "tiny-hr",
        "input_size": S, "embedding_channels": C, "embedding_size": S // (16 * DS), "prompt_tokens": T,
        "mask_size": S // 2, "encoder_downsample": DS, "hr_features": {"channels": HR, "size": S // 2},
        "color_order": "RGB",
        "normalization": {"mean": [123.675, 116.28, 103.53], "std": [58.395, 57.12, 57.375]},
        "max_objects": 4, "opset": OPSET, "files": files,
        "preprocessing": "as MODEL.md", "provenance": {"trained": False, "purpose": "Java engine unit tests"},
        "metrics": {},
    }
    with open(os.path.join(out, "model.json"), "w") as f:
        json.dump(manifest, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
