"""Click prompts (issue 21): the click-conditioned refinement head and the standard click simulation.

A model whose config has `clicks` takes point prompts in the mask decoder: SAM's point tokens
(decoder.PromptEncoder.embed_points) join the proxy prompt tokens in the two-way transformer, and
`ClickRefine` corrects the decoder's logits near the clicks from Gaussian click maps, the logits, the
decoder's object features and the target's hr_features. With no click (P = 0, or only padding) the
head's output is discarded by a select, so the logits are exactly the proxy-prompt-only logits.

The click simulation is the one interactive-segmentation papers use (and `evaluate --clicks` in the
app): the next click goes to the centre (the point farthest from its border) of the largest error
region of the current prediction; positive when that region is missed object, negative when it is
false object.
"""
import cv2
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DEFAULT = {"width": 24, "sigmas": [12.0, 48.0]}


def click_config(cfg):
    """The `clicks` entry of a model config (None for a model without the click path)."""
    c = cfg.get("clicks")
    return None if not c else dict(DEFAULT, **c)


def click_maps(coords, labels, grid, input_size, sigmas):
    """coords [N, P, 2] (x, y) in input pixels, labels [N, P] -> [N, 2 * len(sigmas), grid, grid]:
    per sigma (input pixels) the sum of Gaussians of the positive clicks, then of the negative clicks.
    A sum over P, so P = 0 gives zeros (no max over an empty axis)."""
    cell = input_size / grid
    centres = (torch.arange(grid, dtype=torch.float32) + 0.5) * cell          # input pixels
    px = (coords[..., 0:1] + 0.5)                                              # [N, P, 1]
    py = (coords[..., 1:2] + 0.5)
    dx2 = (px - centres) ** 2                                                  # [N, P, G]
    dy2 = (py - centres) ** 2
    pos = (labels == 1).to(coords.dtype).unsqueeze(-1).unsqueeze(-1)           # [N, P, 1, 1]
    neg = (labels == 0).to(coords.dtype).unsqueeze(-1).unsqueeze(-1)
    maps = []
    for s in sigmas:
        k = -0.5 / (s * s)
        g = torch.exp(k * dy2).unsqueeze(-1) * torch.exp(k * dx2).unsqueeze(-2)  # [N, P, G, G] separable
        maps.append((g * pos).sum(1))
        maps.append((g * neg).sum(1))
    return torch.stack(maps, 1)


def _pool_to(x, g):
    """Average pooling of a square map whose side is a multiple of g down to g x g (what
    adaptive_avg_pool2d does then, in a form the ONNX exporter takes with a traced input shape)."""
    k = int(x.shape[-1]) // g
    return F.avg_pool2d(x, k, k)


def has_clicks(labels):
    """[N, P] -> bool [N, 1, 1, 1]: at least one positive or negative click (False for P = 0)."""
    return ((labels >= 0).to(torch.float32).sum(1) > 0).reshape(-1, 1, 1, 1)


class ClickRefine(nn.Module):
    """Click-conditioned correction of the decoder's logits [N, 1, m, m] (m = mask_size).

    Works at m/4 (96 x 96 for the shipped model, 8 input pixels a cell): the logits, Gaussian click
    maps, the decoder's upscaled object features and the pooled hr_features go through four 3 x 3
    convolutions with dilations 1, 2, 4, 8 (about 250 input pixels across at S = 768), modulated after
    the third by the decoder's mask token (FiLM, starts at identity); a last convolution (zero-
    initialised, so a fresh head changes nothing) gives a correction that is upsampled bilinearly to m
    and added to the logits. The correction is smooth; the edges stay where the decoder's
    high-resolution logits put them, shifted by it. Only where the object has a click (N rows with
    at least one positive or negative point) is the sum returned; elsewhere the logits pass through
    untouched (a select, so exactly)."""

    def __init__(self, C, hr_channels, width=24, sigmas=(12.0, 48.0)):
        super().__init__()
        self.sigmas = [float(s) for s in sigmas]
        nc = 2 * len(self.sigmas)
        self.hr = hr_channels
        w = width

        def conv(i, o, d=1):
            return nn.Sequential(nn.Conv2d(i, o, 3, 1, d, dilation=d), nn.GELU())
        self.ctx_in = conv(1 + nc + hr_channels + C // 8, w)
        self.ctx = nn.Sequential(conv(w, w, 2), conv(w, w, 4))
        self.film = nn.Linear(C, 2 * w)
        nn.init.zeros_(self.film.weight)
        nn.init.zeros_(self.film.bias)
        self.ctx_out = conv(w, w, 8)
        self.out = nn.Conv2d(w, 1, 3, 1, 1)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, logits, coords, labels, input_size, mask_token, up, hr=None):
        N, m = logits.shape[0], int(logits.shape[-1])   # m is fixed by the config: a constant in the graph
        g = m // 4
        parts = [_pool_to(logits, g), click_maps(coords, labels, g, input_size, self.sigmas)]
        if self.hr:
            parts.append(_pool_to(hr, g).expand(N, -1, -1, -1))
        parts.append(F.interpolate(up, size=(g, g), mode="bilinear", align_corners=False).expand(N, -1, -1, -1))
        x = self.ctx(self.ctx_in(torch.cat(parts, 1)))
        scale, shift = self.film(mask_token).unsqueeze(-1).unsqueeze(-1).chunk(2, 1)
        corr = self.out(self.ctx_out(x * (1 + scale) + shift))
        refined = logits + F.interpolate(corr, size=(m, m), mode="bilinear", align_corners=False)
        return torch.where(has_clicks(labels), refined, logits)


# ---------------------------------------------------------------- click simulation (numpy, OpenCV)

def next_click(pred, gt, valid=None):
    """pred, gt: bool [H, W] (valid: where clicks may go, e.g. the unpadded image). Returns (x, y,
    positive) at the centre of the largest error region, or None when there is no error. Ties between
    a missed and a false region of the same size go to the missed one. The centre is the error pixel
    farthest from the region's border (distance transform, the image edge counting as border)."""
    best = None
    for positive, err in ((True, gt & ~pred), (False, pred & ~gt)):
        if valid is not None:
            err = err & valid
        if not err.any():
            continue
        n, lab, stats, _ = cv2.connectedComponentsWithStats(err.astype(np.uint8), connectivity=8)
        i = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
        area = int(stats[i, cv2.CC_STAT_AREA])
        if best is None or area > best[0]:
            best = (area, positive, lab == i)
    if best is None:
        return None
    region = np.pad(best[2], 1).astype(np.uint8)
    dist = cv2.distanceTransform(region, cv2.DIST_L2, 5)[1:-1, 1:-1]
    y, x = np.unravel_index(int(np.argmax(dist)), dist.shape)
    return int(x), int(y), best[1]


def dice(pred, gt):
    s = pred.sum() + gt.sum()
    return float(2 * np.logical_and(pred, gt).sum() / s) if s else 1.0


def noc(dices, threshold, cap):
    """Number of clicks to reach `threshold` (dices[k] = Dice after k clicks), capped at `cap`."""
    for k, d in enumerate(dices):
        if d >= threshold:
            return k
    return cap
