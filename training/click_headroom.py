"""How much any click that only re-thresholds the model's own vessel logits could gain (issue 21's vessel rule).

  nice -n 10 /usr/bin/python3 -u training/click_headroom.py [--model models/proxyprompt-small/weights.pt]
      [--repeats-chase 2] [--repeats-hrf 1] [--out training/runs/click_headroom.json]

On the held-out vessel pairs of click_eval.py (CHASE_DB1 Image_09L..10R, HRF's nine, supports drawn the same
seeded way), with the base model's logits at the original resolution, three upper bounds are measured against the
expert mask:

- **global**: the best single threshold (logit bias in -4..4, step 0.25) per target, chosen with the expert mask;
- **local R**: three clicks simulated as click_eval.py does (the centre of the largest error region), each
  followed by the best bias (-4..4, step 0.5) inside a disc of radius R = 10 % or 20 % of the image's short side
  around the click, chosen with the expert mask (an oracle: no learned head can choose better from the same logits);

A click head that corrects the logits near the clicks (clicks.ClickRefine) cannot beat these bounds by much unless it
draws vessels the base's logits do not rank, so they say whether "+0.02 Dice after 3 clicks" is reachable on a base.
"""
import argparse
import json
import sys
from pathlib import Path

import cv2
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402
from export import load_checkpoint  # noqa: E402
from proxyprompt.clicks import dice, next_click  # noqa: E402
from proxyprompt.preprocess import prepare_image, prepare_mask, read_mask, read_rgb  # noqa: E402


def logits_at_full_size(m, S, target, support_rgb, support_mask, embed):
    tx, te, thr, (nh, nw) = embed(target)
    sx, se, _, _ = embed(support_rgb)
    sm = torch.from_numpy(prepare_mask(support_mask, S))[None][None]
    with torch.no_grad():
        pp = m.generate_prompt(te, se, m.encode_support(se, sx, sm))
        lg, _ = m.decode(te, pp, thr)
        up = F.interpolate(lg, size=(S, S), mode="bilinear", align_corners=False)[0, 0, :nh, :nw].numpy()
    H, W = target.shape[:2]
    return cv2.resize(up, (W, H), interpolation=cv2.INTER_LINEAR)


def local_oracle(L, gt, frac, clicks=3):
    """Dice after 0..clicks clicks, each followed by the best bias in a disc around it."""
    H, W = gt.shape
    R = frac * min(H, W)
    yy, xx = np.mgrid[0:H, 0:W]
    B = np.zeros_like(L)
    curve = [dice(L > 0, gt)]
    for _ in range(clicks):
        c = next_click(L + B > 0, gt)
        if c is None:
            curve.append(curve[-1])
            continue
        x, y, _ = c
        win = (xx - x) ** 2 + (yy - y) ** 2 <= R * R
        best, bias = -1.0, 0.0
        for b in np.arange(-4, 4.01, 0.5):
            trial = B.copy()
            trial[win] = b
            d = dice(L + trial > 0, gt)
            if d > best:
                best, bias = d, b
        B[win] = bias
        curve.append(best)
    return curve


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="models/proxyprompt-small/weights.pt")
    ap.add_argument("--repeats-chase", type=int, default=2)
    ap.add_argument("--repeats-hrf", type=int, default=1)
    ap.add_argument("--out")
    a = ap.parse_args()
    torch.set_num_threads(1)
    m, _ = load_checkpoint(a.model)
    m.eval()
    S = m.cfg["input_size"]
    cache = {}

    def embed(rgb):
        key = id(rgb)
        if key not in cache:
            x, hw = prepare_image(rgb, S)
            x = torch.from_numpy(x)[None]
            with torch.no_grad():
                cache[key] = (x, m.encode_image(x), m.encode_hr(x) if m.has_hr else None, hw)
        return cache[key]

    res = {"model": a.model}
    for name, reps in (("CHASE_DB1", a.repeats_chase), ("HRF", a.repeats_hrf)):
        items = data.scan_pairs(data.FUNDUS_OPEN / name, source=name)
        held = [it for it in items if it["stem"] in data.HELD_OUT[name]]
        train = [it for it in items if it["stem"] not in data.HELD_OUT[name] and "vessel" in it["masks"]]
        perm = np.random.default_rng(0).permutation(len(train))
        targets = {t["stem"]: (read_rgb(t["image"]), read_mask(t["masks"]["vessel"]) > 127) for t in held}
        rows = []
        for r in range(reps):
            sup = train[perm[r % len(train)]]
            srgb, smask = read_rgb(sup["image"]), read_mask(sup["masks"]["vessel"])
            for stem, (trgb, gt) in targets.items():
                L = logits_at_full_size(m, S, trgb, srgb, smask, embed)
                biases = np.arange(-4, 4.01, 0.25)
                rows.append({"support": sup["stem"], "target": stem, "dice_0": dice(L > 0, gt),
                             "global_best": max(dice(L > -b, gt) for b in biases),
                             "local10": local_oracle(L, gt, 0.10), "local20": local_oracle(L, gt, 0.20)})
                print(name, stem, {k: v for k, v in rows[-1].items() if k not in ("support", "target")}, flush=True)
            cache.pop(id(srgb), None)
        res[name] = {"n": len(rows), "dice_0": round(float(np.mean([x["dice_0"] for x in rows])), 4),
                     "global_best": round(float(np.mean([x["global_best"] for x in rows])), 4),
                     "local10_after_clicks": [round(float(v), 4) for v in np.mean([x["local10"] for x in rows], 0)],
                     "local20_after_clicks": [round(float(v), 4) for v in np.mean([x["local20"] for x in rows], 0)]}
        print(name, res[name], flush=True)
    if a.out:
        Path(a.out).write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
