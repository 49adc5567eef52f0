"""Measure Dice per object, honestly, on data training never touched.

  /usr/bin/python3 training/evaluate.py --model models/proxyprompt-small --out training/runs/metrics.json

1. Held-out synthetic: seeds 900000.. (training pool uses seeds 0..1599, validation 950000..). For each
   target, one other held-out synthetic image is the support and disc, cup and vessel are segmented
   one at a time from that same support image by changing only its mask (K=1, N=1 each).
2. Held-out real pairs (data.HELD_OUT: IDRiD_17..20, CHASE_DB1 Image_09L/R, 10L/R): IDRiD disc with
   IDRiD supports, CHASE vessels with CHASE supports. Supports are drawn (seeded) from that dataset's
   non-held-out pairs; every held-out image is a target. K=1 and K=3, R=5 repeats: mean Dice per
   repeat, the std of those means across the 5 different single supports, and the worst image.
   Also the "held-out only" protocol of the app's `evaluate` command (support among the held-out
   pairs, the other held-out pairs as targets) and cross-dataset prompting (synthetic support).
Predictions are made as the app does: logits [N,1,S/4,S/4] -> bilinear to S x S -> crop the unpadded
part -> bilinear to the original size -> threshold 0; Dice against the original-resolution mask.
"""
import argparse
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402
from export import load_checkpoint  # noqa: E402
from proxyprompt.preprocess import prepare_image, prepare_mask, read_mask, read_rgb  # noqa: E402


class Predictor:
    def __init__(self, model):
        self.m = model.eval()
        self.S = model.cfg["input_size"]
        self._emb = {}
        self._hr_cache = {}

    def _embed(self, key, rgb):
        if key not in self._emb:
            x, hw = prepare_image(rgb, self.S)
            x = torch.from_numpy(x)[None]
            with torch.no_grad():
                self._emb[key] = (x, self.m.encode_image(x), hw)
        return self._emb[key]

    def _hr(self, key, x):
        """hr_features of an image used as a target (supports never need them)."""
        if key not in self._hr_cache:
            with torch.no_grad():
                self._hr_cache[key] = self.m.encode_hr(x) if self.m.has_hr else None
        return self._hr_cache[key]

    def predict(self, target, supports, objects):
        """target: (key, rgb); supports: [(key, rgb, {obj: mask})]. Returns {obj: bool HxW}, iou."""
        tx, temb, (nh, nw) = self._embed(target[0], target[1])
        thr = self._hr(target[0], tx)
        simgs, sembs, smasks = [], [], []
        for key, rgb, masks in supports:
            x, e, _ = self._embed(key, rgb)
            simgs.append(x[0])
            sembs.append(e[0])
            smasks.append(torch.stack([torch.from_numpy(prepare_mask(masks[o], self.S)) for o in objects]))
        s_img, s_emb, s_msk = torch.stack(simgs), torch.stack(sembs), torch.stack(smasks)
        with torch.no_grad():
            g = self.m.encode_support(s_emb, s_img, s_msk)
            pp = self.m.generate_prompt(temb, s_emb, g)
            logits, iou = self.m.decode(temb, pp, thr)
            up = F.interpolate(logits, size=(self.S, self.S), mode="bilinear", align_corners=False)
        H, W = target[1].shape[:2]
        out = {}
        for j, o in enumerate(objects):
            lg = up[j, 0, :nh, :nw].numpy()
            out[o] = cv2.resize(lg, (W, H), interpolation=cv2.INTER_LINEAR) > 0
        return out, iou[:, 0].tolist()


def dice(pred, gt):
    gt = gt > 127 if gt.dtype == np.uint8 else gt > 0
    inter = np.logical_and(pred, gt).sum()
    s = pred.sum() + gt.sum()
    return float(2 * inter / s) if s > 0 else 1.0


def _stats(per_repeat, per_image):
    m = np.array(per_repeat)
    return {"mean": round(float(m.mean()), 4), "std_across_repeats": round(float(m.std()), 4),
            "min_repeat": round(float(m.min()), 4), "worst_image": round(float(min(per_image)), 4),
            "per_repeat": [round(float(x), 4) for x in m], "n_repeats": len(m), "n_targets_per_repeat":
            len(per_image) // len(m)}


def eval_synthetic(pred, n_targets, start=900000, size=512, style="v1"):
    import synthetic
    objs = ["disc", "cup", "vessel"]
    res = {o: [] for o in objs}
    switch_ok = switch_dc = 0
    vcdr_err, covers = [], 0
    gens = [synthetic.generate(s, size, style=style) for s in range(start, start + n_targets + 1)]
    for i in range(n_targets):
        sup, tgt = gens[i + 1], gens[i]   # support: the next held-out image (a different image)
        sk, tk = f"syn{style}{start + i + 1}", f"syn{style}{start + i}"
        outs = {}
        for o in objs:  # same support image, only its mask changes
            p, _ = pred.predict((tk, tgt["image"]), [(sk, sup["image"], sup["masks"])], [o])
            outs[o] = p[o]
            res[o].append(dice(p[o], tgt["masks"][o]))
        if style != "v1":
            d, c = outs["disc"], outs["cup"]
            vcdr_err.append(abs(synthetic.vcdr_of(d, c) - synthetic.vcdr_of(tgt["masks"]["disc"] > 0,
                                                                              tgt["masks"]["cup"] > 0)))
            covers += int(d.sum() > 0 and c.sum() >= 0.95 * d.sum())
        # switching check: each output matches its own object better than the other objects
        if all(dice(outs[o], tgt["masks"][o]) >= max(dice(outs[o], tgt["masks"][q]) for q in objs if q != o)
               for o in objs):
            switch_ok += 1
        # disc/cup only: each output overlaps its own object more than the other mask's output does
        if (dice(outs["disc"], tgt["masks"]["disc"]) > dice(outs["cup"], tgt["masks"]["disc"]) and
                dice(outs["cup"], tgt["masks"]["cup"]) > dice(outs["disc"], tgt["masks"]["cup"])):
            switch_dc += 1
    out = {o: {"mean": round(float(np.mean(v)), 4), "std": round(float(np.std(v)), 4),
               "min": round(float(np.min(v)), 4)} for o, v in res.items()}
    out["n_targets"] = n_targets
    out["seeds"] = f"{start}..{start + n_targets}" + ("" if style == "v1" else f" (synthetic.py style {style})")
    if style != "v1":
        out["vcdr_mae"] = round(float(np.mean(vcdr_err)), 4)
        out["cup_covers_disc"] = covers
    out["protocol"] = "K=1, N=1; same support image for disc, cup, vessel (only the mask changes)"
    out["switch_consistent_fraction"] = round(switch_ok / n_targets, 4)
    out["switch_consistent_fraction_note"] = ("targets where disc, cup and vessel outputs each overlap their own "
                                              "object best")
    out["switch_disc_cup_fraction"] = round(switch_dc / n_targets, 4)
    return out


def load_real(name):
    root = data.FUNDUS_OPEN / name
    items = data.scan_pairs(root, source=name)
    return [it for it in items if it["stem"] in data.HELD_OUT[name]], \
        [it for it in items if it["stem"] not in data.HELD_OUT[name]]


def fov_of(name, stem):
    """HRF's field-of-view mask (None for the other datasets): HRF vessel Dice is measured inside it."""
    p = data.FUNDUS_OPEN / name / "fov" / f"{stem}_fov.png"
    return read_mask(p) > 127 if p.exists() else None


def eval_real(pred, name, obj, K, repeats, seed, support_pool="train"):
    held, train = load_real(name)
    rng = np.random.default_rng(seed)
    cache = {}

    def get(it):
        if it["stem"] not in cache:
            cache[it["stem"]] = (read_rgb(it["image"]), {obj: read_mask(it["masks"][obj])})
        return cache[it["stem"]]

    def score(p, gt, stem):
        f = fov_of(name, stem)
        return dice(p & f, (gt > 127) & f) if f is not None else dice(p, gt)
    per_repeat, per_image = [], []
    used = []
    perm = rng.permutation(len(train))
    for r in range(repeats):
        if support_pool == "train":
            pool = train
            # different supports in every repeat (disjoint while the pool lasts)
            idx = [perm[(r * K + k) % len(pool)] for k in range(K)]
            sups = [pool[i] for i in idx]
            targets = held
        else:  # held-out only: support from the held-out pairs, the others are targets
            sups = [held[(r + k) % len(held)] for k in range(K)]
            targets = [h for h in held if h not in sups]
        used.append([s["stem"] for s in sups])
        ds = []
        for t in targets:
            timg, tm = get(t)
            p, _ = pred.predict((t["stem"], timg), [(s["stem"],) + get(s) for s in sups], [obj])
            d = score(p[obj], tm[obj], t["stem"])
            ds.append(d)
            per_image.append(d)
        per_repeat.append(float(np.mean(ds)))
    out = _stats(per_repeat, per_image)
    out["supports"] = used
    out["targets"] = [t["stem"] for t in held] if support_pool == "train" else "the other held-out pairs"
    if fov_of(name, held[0]["stem"]) is not None:
        out["dice_region"] = "inside the field-of-view mask"
    return out


def eval_cross(pred, name, obj, n_support=5, start=910100):
    """Synthetic support (image + its mask of obj) -> real held-out targets."""
    import synthetic
    held, _ = load_real(name)
    per_repeat, per_image = [], []
    for r in range(n_support):
        g = synthetic.generate(start + r, 512)
        ds = []
        for t in held:
            timg, tm = read_rgb(t["image"]), read_mask(t["masks"][obj])
            p, _ = pred.predict((t["stem"], timg), [(f"synx{start + r}", g["image"], g["masks"])], [obj])
            ds.append(dice(p[obj], tm))
            per_image.append(ds[-1])
        per_repeat.append(float(np.mean(ds)))
    return _stats(per_repeat, per_image)


def evaluate(model, n_syn=40, repeats=5, seed=0, quick=False, hrf=True, v2=True):
    t0 = time.time()
    pred = Predictor(model)
    out = {"synthetic_heldout": eval_synthetic(pred, 8 if quick else n_syn)}
    if v2:
        out["synthetic_v2_heldout"] = eval_synthetic(pred, 8 if quick else n_syn, start=900000, size=768, style="v2")
        pred._emb.clear()
        pred._hr_cache.clear()
    real = {}
    tasks = [("IDRiD", "disc"), ("CHASE_DB1", "vessel")] + ([("HRF", "vessel")] if hrf else [])
    for name, obj in tasks:
        key = f"{name}_{obj}"
        real[key] = {
            "K1": eval_real(pred, name, obj, 1, repeats, seed),
            "K3": eval_real(pred, name, obj, 3, repeats, seed + 1),
            "K1_heldout_only": eval_real(pred, name, obj, 1, 4, seed, support_pool="heldout"),
        }
        if not quick and name != "HRF":
            real[key]["K1_synthetic_support"] = eval_cross(pred, name, obj)
        pred._emb.clear()
        pred._hr_cache.clear()
    out["real_heldout"] = real
    out["real_protocol"] = ("targets: held-out pairs only (IDRiD_17..20 / CHASE Image_09L,09R,10L,10R / HRF "
                            + ",".join(data.HELD_OUT["HRF"]) + ", HRF Dice inside the field-of-view mask); "
                            "K1/K3: supports drawn (seeded) from the dataset's non-held-out pairs, 5 repeats; "
                            "K1_heldout_only: each held-out pair in turn is the support for the other three; "
                            "K1_synthetic_support: 5 held-out synthetic images as support")
    out["prediction"] = "logits -> bilinear to SxS -> crop -> bilinear to original size -> >0; Dice at original size"
    out["seconds"] = round(time.time() - t0, 1)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="models/proxyprompt-small", help="model folder or checkpoint .pt")
    ap.add_argument("--out")
    ap.add_argument("--n-syn", type=int, default=40)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.backends.mkldnn.enabled = False
    p = Path(a.model)
    model, _ = load_checkpoint(p / "weights.pt" if p.is_dir() else p)
    res = evaluate(model, a.n_syn, a.repeats, quick=a.quick)
    res["model"] = str(a.model)
    txt = json.dumps(res, indent=2)
    if a.out:
        Path(a.out).write_text(txt + "\n")
    print(txt)


if __name__ == "__main__":
    main()
