"""Fine-tune a shipped model on a folder of annotated pairs and write a NEW model folder.

  /usr/bin/python3 training/finetune.py --pairs DIR --model models/proxyprompt-small \
      --out models/proxyprompt-small-ft [--minutes 15] [--steps 0] [--mix-synthetic 0.3] \
      [--holdout 4] [--retain 0.3]

This is the backend of `proxyprompt adapt` (the Java command and the workstation's Adapt dialog run it and
read its JSON progress lines). --holdout N draws N pairs (seeded) that are never trained on and measures the
model on them before and after (Dice per object, vCDR error, cups covering the disc); --retain F draws that
fraction of episodes from synthetic images made on the fly (all of disc, cup, vessel), so objects that the
pairs lack are not forgotten, and measures that too. SIGTERM/SIGINT cancel: nothing is written. The new
folder appears in one rename, so a cancelled or failed run leaves no half model. Give --steps (and the same
--seed) to reproduce a run exactly; model.json records both.

DIR holds `<stem>.<png|jpg|...>` images and `<stem>_<object>.png` masks (0/255), or images/ and masks/
subfolders (the paper's protocol: 16 annotated images). Episodes are drawn within the folder exactly
as in train.py (K 1-3 supports, N 1-2 objects, supports and targets different images), optionally
mixed with the synthetic pool to keep the other objects; the result is exported with model.json
(provenance: base model + its sha256, pairs folder, steps, time) and, with --eval-heldout, the
measured Dice of evaluate.py. The source model folder is never modified.
"""
import argparse
import atexit
import datetime
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402
import train  # noqa: E402
from export import export_model_folder, load_checkpoint, sha256  # noqa: E402

MIN_TRAINING_PAIRS = 3


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", required=True)
    ap.add_argument("--model", default="models/proxyprompt-small")
    ap.add_argument("--out", required=True)
    ap.add_argument("--name")
    ap.add_argument("--minutes", type=float, default=15.0)
    ap.add_argument("--steps", type=int, default=0,
                    help="train exactly this many steps, whatever the time (0: the --minutes budget)")
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--mix-synthetic", type=float, default=0.0,
                    help="fraction of episodes from the synthetic pool (training/runs/synpool)")
    ap.add_argument("--syn", default="training/runs/synpool")
    ap.add_argument("--eval-heldout", action="store_true", help="run evaluate.py and store metrics")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--holdout", type=int, default=0, help="pairs held out (seeded) to measure before/after")
    ap.add_argument("--retain", type=float, default=0.0,
                    help="fraction of episodes from synthetic images made on the fly, to keep every object")
    ap.add_argument("--retain-count", type=int, default=48)
    ap.add_argument("--teacher-weight", type=float, default=0.0,
                    help="with --retain: the retained synthetic episodes are also pulled (BCE to its probabilities, "
                         "this weight) towards the base model's outputs, learning without forgetting")
    ap.add_argument("--retain-eval", type=int, default=8, help="synthetic targets that measure what is kept")
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.backends.mkldnn.enabled = False
    out = Path(a.out).resolve()
    src = Path(a.model).resolve()
    if out == src:
        raise SystemExit("--out must be a new folder, not the source model")
    if out.exists():
        raise SystemExit(f"{out} already exists; choose a new folder for the adapted model")
    cancel = _Cancel()
    items = data.scan_pairs(a.pairs, source="pairs")
    # an episode takes 2 targets and at least 1 support from different training pairs (train.EpisodeSampler)
    if len(items) < MIN_TRAINING_PAIRS + a.holdout:
        raise SystemExit(f"{a.pairs}: need at least {MIN_TRAINING_PAIRS + a.holdout} image/mask pairs "
                         f"({MIN_TRAINING_PAIRS} to train on, {a.holdout} held out), "
                         f"found {len(items)}")
    held = []
    if a.holdout:
        order = np.random.default_rng(a.seed).permutation(len(items))
        held = [items[i] for i in sorted(order[:a.holdout])]
        items = [it for it in items if it not in held]
    objects = sorted({o for it in items for o in it["masks"]})
    print(json.dumps({"pairs": len(items), "held_out": [h["stem"] for h in held], "objects": objects}), flush=True)
    torch.manual_seed(a.seed)
    model, base_ck = load_checkpoint(src / "weights.pt")
    before = _measure(model, held, items, objects, a) if held or a.retain > 0 else {}
    model.train()
    sets = {"pairs": items}
    probs = {"pairs": 1.0}
    tmp_syn = None
    if a.mix_synthetic > 0 and Path(a.syn).is_dir():
        sets["synthetic"] = data.scan_pairs(a.syn, source="synthetic")
        probs = {"pairs": 1 - a.mix_synthetic, "synthetic": a.mix_synthetic}
    elif a.retain > 0:
        tmp_syn = Path(tempfile.mkdtemp(prefix="adapt-retain-"))
        # also when the run is cancelled (SystemExit 130) or fails: a cancelled run leaves nothing behind
        atexit.register(shutil.rmtree, tmp_syn, ignore_errors=True)
        _write_synthetic(tmp_syn, a.retain_count, seed=700000 + a.seed)
        sets["synthetic"] = data.scan_pairs(tmp_syn, source="synthetic")
        probs = {"pairs": 1 - a.retain, "synthetic": a.retain}
    train.OBJECTS["pairs"] = objects
    # the base holds every object on the retained synthetic episodes only: the pairs teach, the synthetic
    # episodes remember what the base drew there (their masks alone did not hold it as the steps grew)
    teacher = train.Teacher(str(src / "weights.pt"), [f"synthetic:{o}" for o in ("disc", "cup", "vessel")],
                            a.teacher_weight) if a.teacher_weight > 0 and "synthetic" in sets else None
    rng = np.random.default_rng(a.seed)
    sampler = train.EpisodeSampler(sets, rng, probs=probs)
    cache = data.ImageCache(384)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
    S = model.cfg["input_size"]
    t0 = time.time()
    reported = t0
    step = 0
    ema = None
    while (a.steps or time.time() - t0 < a.minutes * 60) and (not a.steps or step < a.steps):
        if cancel.requested:
            print(json.dumps({"cancelled": True, "steps": step}), flush=True)
            raise SystemExit(130)
        # by steps when a step budget is given, so the same --steps and --seed reproduce the run exactly
        frac = step / a.steps if a.steps else (time.time() - t0) / (a.minutes * 60)
        for g in opt.param_groups:
            g["lr"] = train.lr_at(frac, a.lr, warm_frac=0.05)
        ep = sampler.sample()
        loss, _ = train.episode_loss(model, ep, cache, S, rng, strength=0.8, teacher=teacher)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        ema = float(loss) if ema is None else 0.95 * ema + 0.05 * float(loss)
        # every 5 steps, and at least every 10 s when steps are slow (a large model on 2 cores), so the
        # workstation's progress line never sits still for minutes
        if step % 5 == 0 or step == a.steps or time.time() - reported >= 10:
            reported = time.time()
            elapsed = (time.time() - t0) / 60
            left = (a.steps - step) * elapsed / step if a.steps else max(0.0, a.minutes - elapsed)
            print(json.dumps({"step": step, "steps": a.steps or None, "min": round(elapsed, 2),
                              "minutes_left": round(left, 2), "loss": round(ema, 4)}), flush=True)
    minutes = (time.time() - t0) / 60
    if tmp_syn is not None:
        shutil.rmtree(tmp_syn, ignore_errors=True)
    model.eval()
    print(json.dumps({"phase": "measuring"}), flush=True)
    after = _measure(model, held, items, objects, a) if before else {}
    pairs_hash = hashlib.sha256("".join(sorted(f"{it['stem']}:{sorted(it['masks'])}" for it in items)).encode())
    base_prov = base_ck.get("provenance", {})
    prov = {"trained": True, "fine_tuned_from": {"model": str(a.model), "weights_sha256": sha256(src / "weights.pt"),
                                                 "provenance": base_prov},
            "steps": step, "seed": a.seed, "training_time_minutes": round(minutes, 1),
            "retain": a.retain or a.mix_synthetic,
            "teacher": (f"the base pulls the retained synthetic episodes towards its outputs (weight "
                        f"{a.teacher_weight})" if teacher is not None else None),
            "data": [{"name": "pairs", "path": str(Path(a.pairs).resolve()), "images": len(items),
                      "held_out": [h["stem"] for h in held], "objects": objects,
                      "listing_sha256": pairs_hash.hexdigest()}] +
                    ([d for d in train.CITATIONS if d["name"] == "synthetic"]
                     if a.mix_synthetic > 0 or a.retain > 0 else []),
            "command": "/usr/bin/python3 training/finetune.py " + " ".join(argv or sys.argv[1:]),
            "exported_utc": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")}
    metrics = {}
    if a.eval_heldout:
        import evaluate
        metrics = evaluate.evaluate(model)
    if before:
        metrics["adaptation"] = {"before": before, "after": after,
                                 "protocol": "K=1: the first training pair (sorted) is the support, every held-out "
                                             "pair a target; retention: synthetic seeds 900000.. the same way"}
    if cancel.requested:
        raise SystemExit(130)
    # export beside the target, then one rename: a cancelled or failed run never leaves a half model folder
    staging = out.parent / f".{out.name}.partial-{os.getpid()}"
    try:
        export_model_folder(model, staging, a.name or out.name, prov, metrics)
        os.rename(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(json.dumps({"done": True, "out": str(out), "steps": step, "minutes": round(minutes, 1),
                      "before": before, "after": after if before else {}}), flush=True)


class _Cancel:
    """SIGTERM / SIGINT ask the loop to stop at the next step; nothing is written then."""

    def __init__(self):
        self.requested = False
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._on)

    def _on(self, *_):
        self.requested = True


def _write_synthetic(folder, count, seed, size=384):
    import synthetic
    for i in range(count):
        g = synthetic.generate(seed + i, size)
        stem = f"syn{seed + i}"
        cv2.imwrite(str(folder / f"{stem}.png"), cv2.cvtColor(g["image"], cv2.COLOR_RGB2BGR))
        for o, m in g["masks"].items():
            cv2.imwrite(str(folder / f"{stem}_{o}.png"), m)


def _vcdr(disc, cup):
    rows_d = np.flatnonzero(disc.any(axis=1))
    rows_c = np.flatnonzero(cup.any(axis=1))
    if len(rows_d) == 0:
        return None
    return (rows_c[-1] - rows_c[0] + 1) / (rows_d[-1] - rows_d[0] + 1) if len(rows_c) else 0.0


def _measure(model, held, train_items, objects, a):
    """Dice per object (and vCDR error, cups covering the disc) on the held-out pairs; retention on synthetic."""
    import evaluate
    from proxyprompt.preprocess import read_mask, read_rgb
    model.eval()
    pred = evaluate.Predictor(model)
    out = {}
    if held:
        sup = train_items[0]
        s_img = read_rgb(sup["image"])
        objs = [o for o in objects if o in sup["masks"]]
        s_masks = {o: read_mask(sup["masks"][o]) for o in objs}
        dice = {o: [] for o in objs}
        vcdr_err, covers = [], 0
        for t in held:
            t_img = read_rgb(t["image"])
            p, _ = pred.predict((t["stem"], t_img), [(sup["stem"], s_img, s_masks)], objs)
            truth = {o: read_mask(t["masks"][o]) > 127 for o in objs if o in t["masks"]}
            for o in truth:
                dice[o].append(evaluate.dice(p[o], truth[o]))
            if "disc" in p and "cup" in p:
                pd, pc = p["disc"], p["cup"] & p["disc"]
                if pd.sum() and pc.sum() >= 0.95 * pd.sum():
                    covers += 1
                if "disc" in truth and "cup" in truth:
                    v, tv = _vcdr(pd, pc), _vcdr(truth["disc"], truth["cup"] & truth["disc"])
                    if v is not None and tv is not None:
                        vcdr_err.append(abs(v - tv))
        out["dice"] = {o: round(float(np.mean(v)), 4) for o, v in dice.items() if v}
        if vcdr_err:
            out["vcdr_mae"] = round(float(np.mean(vcdr_err)), 4)
        if "disc" in objs and "cup" in objs:
            out["cup_covers_disc"] = covers
        out["targets"] = len(held)
    if a.retain > 0:
        syn = evaluate.eval_synthetic(pred, a.retain_eval)
        out["retention_synthetic_dice"] = {o: syn[o]["mean"] for o in ("disc", "cup", "vessel")}
    return out


if __name__ == "__main__":
    main()
