"""Pairs folders, camera augmentation and episode sampling shared by train / finetune / evaluate.

A pairs folder holds `<stem>.<png|jpg|jpeg|tif|tiff>` images and `<stem>_<object>.png` masks (0/255),
optionally in images/ and masks/ subfolders (shared/design/ARCHITECTURE.md)."""
import math
from pathlib import Path

import cv2
import numpy as np
import torch

from proxyprompt.preprocess import prepare_image, prepare_mask, read_mask, read_rgb

IMAGE_EXT = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}

# Held-out open pairs: never read by training or fine-tuning defaults (evaluate.py only).
HELD_OUT = {
    "IDRiD": ["IDRiD_17", "IDRiD_18", "IDRiD_19", "IDRiD_20"],
    "CHASE_DB1": ["Image_09L", "Image_09R", "Image_10L", "Image_10R"],
    # issue 14: three of each group (healthy, diabetic retinopathy, glaucoma), chosen by number only
    "HRF": ["05_h", "10_h", "15_h", "05_dr", "10_dr", "15_dr", "05_g", "10_g", "15_g"],
}
FUNDUS_OPEN = Path("/work/shared/fundus-open")
PSEUDO_LABELS = Path(__file__).resolve().parent / "pseudo_labels.json"
# real photographs whose disc may carry a painted (hybrid) cup in training: any item with a disc mask
HYBRID_CUP_SOURCES = {"IDRiD", "HRF", "CHASE_DB1"}


def pseudo_labels():
    import json
    return json.loads(PSEUDO_LABELS.read_text())


def ellipse_mask(shape, e):
    """Filled OpenCV ellipse ((cx, cy), (w, h), angle) -> HxW uint8 0/255."""
    m = np.zeros(shape[:2], np.uint8)
    cv2.ellipse(m, ((e["cx"], e["cy"]), (e["w"], e["h"]), e["angle"]), 255, -1)
    return m


def add_pseudo_discs(items):
    """Adds the accepted pseudo-label discs (pseudo_labels.json) to HRF / CHASE_DB1 items as
    masks["disc"] = {"ellipse": ...} (drawn when the image is read)."""
    discs = pseudo_labels()["discs"]
    for it in items:
        e = discs.get(it["stem"])
        if e and e.get("accepted") and "disc" not in it["masks"]:
            it["masks"]["disc"] = {"ellipse": e}
    return items


def objects_of_item(it):
    """Objects an item can carry: its masks, plus a painted cup on a real photograph with a disc."""
    objs = set(it["masks"])
    if it.get("source") in HYBRID_CUP_SOURCES and "disc" in objs:
        objs.add("cup")
    return objs


def scan_pairs(root, exclude=(), source=None):
    """Returns [{stem, image, masks: {object: path}, source}] for images that have >= 1 mask."""
    root = Path(root)
    files = [p for d in (root, root / "images", root / "masks") if d.is_dir() for p in sorted(d.iterdir())
             if p.is_file() and p.suffix.lower() in IMAGE_EXT]
    stems = {p.stem: p for p in files}
    images, masks = {}, {}
    for p in files:
        s = p.stem
        parent = None
        if "_" in s and p.suffix.lower() == ".png":
            base, obj = s.rsplit("_", 1)
            if base in stems and base != s and obj:
                parent = base
        if parent:
            masks.setdefault(parent, {})[obj] = p
        else:
            images[s] = p
    out = []
    for s, p in sorted(images.items()):
        if s in exclude or s not in masks:
            continue
        out.append({"stem": s, "image": p, "masks": masks[s], "source": source or root.name})
    return out


def open_datasets(syn_dir=None, include_real=True, syn2_dir=None, real=("IDRiD", "CHASE_DB1"),
                  pseudo_discs=False):
    """syn_dir: the v1 synthetic pool ("synthetic"); syn2_dir: a v2 pool ("synthetic2"); real: which
    open datasets (HRF is opt-in, so older commands keep their data); pseudo_discs: add the accepted
    pseudo-label discs to HRF / CHASE_DB1 (so a real photograph carries disc, cup and vessel)."""
    sets = {}
    if syn_dir and Path(syn_dir).is_dir():
        sets["synthetic"] = scan_pairs(syn_dir, source="synthetic")
    if syn2_dir and Path(syn2_dir).is_dir():
        sets["synthetic2"] = scan_pairs(syn2_dir, source="synthetic2")
    if include_real:
        for name in real:
            sets[name] = scan_pairs(FUNDUS_OPEN / name, exclude=set(HELD_OUT[name]), source=name)
            if pseudo_discs and name in ("HRF", "CHASE_DB1"):
                add_pseudo_discs(sets[name])
    for name, items in sets.items():
        for it in items:
            assert it["stem"] not in HELD_OUT.get(name, []), "held-out pair reached training"
    return {k: v for k, v in sets.items() if v}


class ImageCache:
    """Decoded images/masks downscaled once to `side` px on the longest side (augmentation still runs
    on every draw). Masks are kept as float area fractions so thin vessels survive the downscale."""

    def __init__(self, side=384, max_items=4000):
        self.side, self.max_items, self.store = side, max_items, {}

    def get(self, item):
        key = str(item["image"])
        if key not in self.store:
            img = read_rgb(item["image"])
            h, w = img.shape[:2]
            s = min(1.0, self.side / max(h, w))
            size = (max(1, round(w * s)), max(1, round(h * s)))
            img = cv2.resize(img, size, interpolation=cv2.INTER_AREA) if s < 1 else img
            ms = {}
            for obj, p in item["masks"].items():
                m = ellipse_mask((h, w), p["ellipse"]) if isinstance(p, dict) else read_mask(p)
                m = (m > 127).astype(np.float32)
                m = cv2.resize(m, size, interpolation=cv2.INTER_AREA) if s < 1 else m
                ms[obj] = np.round(m * 255).astype(np.uint8)  # area fraction, 8 bit to save memory
            if len(self.store) >= self.max_items:
                self.store.pop(next(iter(self.store)))
            self.store[key] = (img, ms)
        return self.store[key]


def augment(rng, img, masks, strength=1.0):
    """Camera/geometry augmentation. img HxWx3 uint8 RGB; masks {obj: HxW float}. Same warp for all."""
    h, w = img.shape[:2]
    img = img.astype(np.float32)
    if rng.random() < 0.5:
        img = img[:, ::-1].copy()
        masks = {k: v[:, ::-1].copy() for k, v in masks.items()}
    ang = rng.uniform(-25, 25) * strength
    sc = math.exp(rng.uniform(-0.15, 0.2) * strength)
    tx, ty = rng.normal(0, 0.04 * strength) * w, rng.normal(0, 0.04 * strength) * h
    M = cv2.getRotationMatrix2D((w / 2, h / 2), ang, sc)
    M[:, 2] += (tx, ty)
    img = cv2.warpAffine(img, M, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)
    masks = {k: cv2.warpAffine(v, M, (w, h), flags=cv2.INTER_LINEAR, borderValue=0) for k, v in masks.items()}
    # colour: per-channel gain, gamma, contrast, brightness
    img *= rng.uniform(1 - 0.2 * strength, 1 + 0.2 * strength, 3)
    mean = img.mean()
    img = (img - mean) * rng.uniform(1 - 0.3 * strength, 1 + 0.3 * strength) + mean
    img = np.clip(img, 0, 255)
    img = 255.0 * (img / 255.0) ** rng.uniform(1 - 0.35 * strength, 1 + 0.45 * strength)
    if rng.random() < 0.3 * strength:   # vignetting / uneven illumination
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        r = np.sqrt(((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2)
        img *= (1 - rng.uniform(0.1, 0.5) * np.clip(r, 0, 1.5) ** 3)[..., None]
    if rng.random() < 0.3 * strength:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.4, 1.5))
    if rng.random() < 0.4 * strength:
        img += rng.normal(0, rng.uniform(1, 8), img.shape).astype(np.float32)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.4 * strength:
        ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(rng.uniform(35, 95))])
        img = cv2.imdecode(enc, cv2.IMREAD_UNCHANGED)
    return img, masks


def to_tensors(img, masks, objects, S):
    """-> image [3,S,S], support masks [N,S,S] (nearest, as the app does), soft GT [N,S,S] (area)."""
    x, (nh, nw) = prepare_image(img, S)
    sup = np.stack([prepare_mask((masks[o] >= 0.5).astype(np.uint8), S) for o in objects])
    gt = np.zeros((len(objects), S, S), np.float32)
    for i, o in enumerate(objects):
        gt[i, :nh, :nw] = cv2.resize(masks[o], (nw, nh), interpolation=cv2.INTER_AREA)
    return torch.from_numpy(x), torch.from_numpy(sup), torch.from_numpy(gt)


def load_pair(cache, item, objects, S, rng=None, strength=1.0, hybrid=None):
    """hybrid: for a real photograph asked for "cup" (which it has no mask of), paint a cup into its
    disc (synthetic.paint_cup) with this rng, vCDR 0.1-0.9; needs rng."""
    img, ms = cache.get(item)
    if "cup" in objects and "cup" not in ms:
        import synthetic
        img, cup, _ = synthetic.paint_cup(hybrid or rng, img, ms["disc"] >= 128)
        ms = dict(ms, cup=cup)
    ms = {o: ms[o].astype(np.float32) / 255.0 for o in objects}
    if rng is not None:
        img, ms = augment(rng, img, ms, strength)
    return to_tensors(img, ms, objects, S)
