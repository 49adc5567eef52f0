"""Train the click path (issue 21) on top of any base model; everything the base has stays frozen.

  nice -n 10 /usr/bin/python3 -u training/click_train.py --base models/proxyprompt-small \
      --run training/runs/clicks --minutes 40 > training/runs/clicks.log 2>&1

The base's image encoder, prompt generator (PPG) and mask decoder (LoRA included) are frozen, so a
target without clicks gets exactly the base model's output. Trained: SAM's point embeddings
(prompt_encoder.point_embeddings.0/1, not_a_point_embed) and the click refinement head
(proxyprompt/clicks.py ClickRefine). The point tokens reach the logits through the frozen two-way
decoder and its high-resolution path, so the loss is backpropagated through them.

Episodes follow the standard interactive protocol: a target and a support of the same dataset
(camera augmentation on both), the base's automatic prediction, then 1-5 rounds; each round adds a
click at the centre of the largest error region of the current prediction (positive for missed
object, negative for false object), predicts again with all clicks so far, and adds Dice + BCE of
that prediction to the loss. The frozen part's outputs (embedding, hr features, proxy prompt,
automatic logits) of each drawn episode are kept in a pool and reused for a few steps, because they
cost as much as several click rounds. Data: the synthetic pool (disc, cup, vessel), IDRiD discs,
CHASE_DB1 and HRF vessels, without data.HELD_OUT. The time budget is wall clock from the start of
the script (pool building included); the learning rate follows warm-up + cosine over it.
"""
import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402
from proxyprompt.clicks import DEFAULT as CLICK_DEFAULT, next_click  # noqa: E402
from proxyprompt.model import ProxyPromptModel  # noqa: E402
from export import sha256  # noqa: E402
from train import lr_at, name_values, save_atomic  # noqa: E402

TRAINABLE = ("prompt_encoder.point_embeddings.0.", "prompt_encoder.point_embeddings.1.", "prompt_encoder.not_a_point_embed.", "click_refine.")
OBJECTS = {"synthetic": ["disc", "cup", "vessel"], "IDRiD": ["disc"], "CHASE_DB1": ["vessel"], "HRF": ["vessel"]}


def base_checkpoint(base):
    """--base is a model folder (weights.pt + model.json) or a checkpoint file."""
    p = Path(base)
    weights = p / "weights.pt" if p.is_dir() else p
    ck = torch.load(weights, map_location="cpu")
    info = {"weights": str(weights), "weights_sha256": sha256(weights)}
    mj = p / "model.json"
    if p.is_dir() and mj.is_file():
        m = json.load(open(mj))
        info.update(name=m.get("name"), version=m.get("version"),
                    graphs_sha256={k: v["sha256"] for k, v in m["files"].items() if k != "weights"},
                    base_provenance=m.get("provenance"), base_metrics=m.get("metrics"))
    return ck, info


def build(ck, clicks=None):
    """The base model with the click path added; returns (model, trainable parameter names)."""
    cfg = dict(ck["config"])
    cfg["clicks"] = dict(CLICK_DEFAULT, **(clicks or cfg.get("clicks") or {}))
    model = ProxyPromptModel(cfg)
    missing, unexpected = model.load_state_dict(ck["model"], strict=False)
    assert not unexpected, unexpected
    assert all(k.startswith("click_refine.") for k in missing), missing
    names = []
    for n, p in model.named_parameters():
        p.requires_grad_(n.startswith(TRAINABLE))
        if p.requires_grad:
            names.append(n)
    return model.eval(), names


def open_sets(syn):
    sets = data.open_datasets(syn)
    hrf = data.FUNDUS_OPEN / "HRF"
    if hrf.is_dir():
        sets["HRF"] = data.scan_pairs(hrf, exclude=set(data.HELD_OUT.get("HRF", [])), source="HRF")
    for name, items in sets.items():
        for it in items:
            assert it["stem"] not in data.HELD_OUT.get(name, []), "held-out pair reached click training"
    return {k: v for k, v in sets.items() if v}


class EpisodePool:
    """The frozen model's outputs for drawn (support, target, object) episodes, reused for several steps."""

    def __init__(self, model, sets, probs, object_weights, rng, size, side):
        self.m, self.sets, self.rng, self.size = model, sets, rng, size
        self.names = [k for k in sets if probs.get(k, 0) > 0]
        p = np.array([probs[k] for k in self.names])
        self.p = p / p.sum()
        self.object_weights = object_weights
        self.cache = data.ImageCache(side)
        self.S = model.cfg["input_size"]
        self.items = []

    def draw(self):
        r = self.rng
        name = self.names[r.choice(len(self.names), p=self.p)]
        objs = OBJECTS.get(name) or sorted({o for it in self.sets[name] for o in it["masks"]})
        w = np.array([self.object_weights.get(o, 1.0) for o in objs])
        obj = objs[r.choice(len(objs), p=w / w.sum())]
        items = [it for it in self.sets[name] if obj in it["masks"]]
        k = 2 if r.random() < 0.2 and len(items) > 2 else 1
        idx = r.choice(len(items), size=k + 1, replace=False)
        target, supports = items[idx[0]], [items[i] for i in idx[1:]]
        S = self.S
        t_img, _, t_gt = data.load_pair(self.cache, target, [obj], S, r)
        sup = [data.load_pair(self.cache, s, [obj], S, r) for s in supports]
        s_img = torch.stack([s[0] for s in sup])
        s_msk = torch.stack([s[1] for s in sup])
        m = self.m
        with torch.no_grad():
            emb = m.encode_image(torch.cat([t_img[None], s_img]))
            t_emb, s_emb = emb[:1], emb[1:]
            hr = m.encode_hr(t_img[None]) if m.has_hr else None
            pp = m.generate_prompt(t_emb, s_emb, m.encode_support(s_emb, s_img, s_msk))
            logits, _ = m.decode(t_emb, pp, hr)
        size = logits.shape[-1]
        gt = F.adaptive_avg_pool2d(t_gt[None], size)[0, 0]
        # the unpadded image at the logit grid (clicks only go where the image is)
        valid = F.adaptive_avg_pool2d((t_img.abs().sum(0) > 0).float()[None, None], size)[0, 0] > 0.5
        return {"src": name, "obj": obj, "emb": t_emb, "hr": None if hr is None else hr.half(), "pp": pp,
                "logits0": logits, "gt": gt, "valid": valid.numpy()}

    def refresh(self, n):
        for _ in range(n):
            ep = self.draw()
            if len(self.items) < self.size:
                self.items.append(ep)
            else:
                self.items[int(self.rng.integers(len(self.items)))] = ep

    def batch(self, b):
        return [self.items[i] for i in self.rng.choice(len(self.items), size=min(b, len(self.items)), replace=False)]


def grid_to_input(x, y, grid, S):
    """A logit-grid pixel's centre as a contract point coordinate (input pixels, SAM convention: the graph
    adds 0.5 for the centre)."""
    f = S / grid
    return (x + 0.5) * f - 0.5, (y + 0.5) * f - 0.5


def seg_loss(logits, gt):
    """logits [B, 1, m, m], gt [B, m, m] area fractions -> Dice + BCE per item [B]."""
    lg = logits[:, 0]
    p = torch.sigmoid(lg)
    inter = (p * gt).sum((1, 2))
    dice = 1 - (2 * inter + 1) / (p.sum((1, 2)) + gt.sum((1, 2)) + 1)
    bce = F.binary_cross_entropy_with_logits(lg, gt, reduction="none").mean((1, 2))
    return dice + bce


def hard_dice(logits, gt):
    pr = (logits[:, 0] > 0).float()
    g = (gt >= 0.5).float()
    return ((2 * (pr * g).sum((1, 2)) + 1e-6) / (pr.sum((1, 2)) + g.sum((1, 2)) + 1e-6)).tolist()


def run_episodes(model, eps, rounds, train=True):
    """Runs `rounds` click rounds on a batch of pooled episodes; with train, backpropagates each round's
    loss. Returns per round the per-episode hard Dice (round 0 = the automatic result)."""
    S = model.cfg["input_size"]
    emb = torch.cat([e["emb"] for e in eps])
    pp = torch.cat([e["pp"] for e in eps])
    hr = torch.cat([e["hr"].float() for e in eps]) if eps[0]["hr"] is not None else None
    gt = torch.stack([e["gt"] for e in eps])
    logits = torch.cat([e["logits0"] for e in eps])
    m = logits.shape[-1]
    gtb = (gt >= 0.5).numpy()
    clicks = [[] for _ in eps]
    dices = [hard_dice(logits, gt)]
    for _ in range(rounds):
        pred = (logits.detach()[:, 0] > 0).numpy()
        for i, e in enumerate(eps):
            c = next_click(pred[i], gtb[i], e["valid"])
            if c is None:   # nothing left to correct: the same click again (or the object's first pixel)
                if clicks[i]:
                    clicks[i].append(clicks[i][-1])
                    continue
                y, x = np.argwhere(gtb[i])[0] if gtb[i].any() else (m // 2, m // 2)
                c = (x, y, bool(gtb[i].any()))
            x, y, pos = c
            clicks[i].append((*grid_to_input(x, y, m, S), pos))
        coords = torch.tensor([[c[:2] for c in cl] for cl in clicks], dtype=torch.float32)
        labels = torch.tensor([[1.0 if c[2] else 0.0 for c in cl] for cl in clicks])
        with torch.set_grad_enabled(train):
            logits, _ = model.decode(emb, pp, hr, coords, labels)
            if train:
                (seg_loss(logits, gt).mean() / rounds).backward()
        dices.append(hard_dice(logits.detach(), gt))
    return dices


def validate(model, seeds=range(950000, 950012)):
    """Held-out synthetic (validation seeds, never in the pool): disc, cup, vessel, 3 clicks each."""
    import synthetic
    from proxyprompt.preprocess import prepare_image, prepare_mask
    S = model.cfg["input_size"]
    res = {}
    gens = [synthetic.generate(s, 512) for s in seeds]
    for i in range(0, len(gens) - 1, 2):
        sg, tg = gens[i], gens[i + 1]
        si = torch.from_numpy(prepare_image(sg["image"], S)[0])[None]
        ti, (nh, nw) = prepare_image(tg["image"], S)
        ti = torch.from_numpy(ti)[None]
        with torch.no_grad():
            emb = model.encode_image(torch.cat([ti, si]))
            hr = model.encode_hr(ti) if model.has_hr else None
        for o in ("disc", "cup", "vessel"):
            sm = torch.from_numpy(prepare_mask(sg["masks"][o], S))[None, None]
            with torch.no_grad():
                pp = model.generate_prompt(emb[:1], emb[1:], model.encode_support(emb[1:], si, sm))
                logits, _ = model.decode(emb[:1], pp, hr)
            size = logits.shape[-1]
            gt = F.adaptive_avg_pool2d(torch.from_numpy(prepare_mask(tg["masks"][o], S))[None, None], size)[0]
            valid = np.zeros((size, size), bool)
            valid[:round(nh * size / S), :round(nw * size / S)] = True
            ep = {"emb": emb[:1], "pp": pp, "hr": hr, "gt": gt[0], "logits0": logits, "valid": valid}
            d = run_episodes(model, [ep], 3, train=False)
            res.setdefault(o, []).append([x[0] for x in d])
    return {o: [round(float(np.mean([r[k] for r in v])), 4) for k in range(4)] for o, v in res.items()}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="models/proxyprompt-small", help="base model folder or checkpoint")
    ap.add_argument("--run", default="training/runs/clicks")
    ap.add_argument("--syn", default="training/runs/synpool512")
    ap.add_argument("--minutes", type=float, default=40.0, help="wall-clock budget from the start")
    ap.add_argument("--max-steps", type=int, default=0)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--wd", type=float, default=0.01)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--pool", type=int, default=96, help="episodes kept for reuse")
    ap.add_argument("--refresh", type=int, default=1, help="new episodes drawn per step")
    ap.add_argument("--max-rounds", type=int, default=5)
    ap.add_argument("--probs", default="synthetic=0.4,IDRiD=0.25,CHASE_DB1=0.15,HRF=0.2")
    ap.add_argument("--object-weights", default="disc=1,cup=1.5,vessel=1")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1,
                    help="1 on this shared 2-core machine: two threads spin-wait on each other under load")
    ap.add_argument("--val-minutes", type=float, default=20.0)
    ap.add_argument("--no-mkldnn", action="store_true")
    a = ap.parse_args(argv)
    t_start = time.time()
    budget = a.minutes * 60
    torch.set_num_threads(a.threads)
    # oneDNN convolutions are 2-3x faster here; their backward was seen to return garbage gradients for some
    # shapes (train.py turns them off), so a step whose gradient is not finite or implausibly large is skipped
    torch.backends.mkldnn.enabled = not a.no_mkldnn
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    run = Path(a.run)
    run.mkdir(parents=True, exist_ok=True)
    ck, base = base_checkpoint(a.base)
    model, names = build(ck)
    params = [p for n, p in model.named_parameters() if p.requires_grad]
    print(json.dumps({"base": {k: v for k, v in base.items() if not k.startswith("base_")},
                      "trainable": names, "trainable_params": sum(p.numel() for p in params)}), flush=True)
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=a.wd)
    sets = open_sets(a.syn)
    print("datasets:", {k: len(v) for k, v in sets.items()}, flush=True)
    probs = name_values(a.probs)
    pool = EpisodePool(model, sets, probs, name_values(a.object_weights), rng, a.pool, 768)
    pool.refresh(max(2 * a.batch, 16))
    print(json.dumps({"pool": len(pool.items), "min": round((time.time() - t_start) / 60, 2)}), flush=True)
    step, skipped, ema = 0, 0, {}
    t_val = time.time()
    while time.time() - t_start < budget and (not a.max_steps or step < a.max_steps):
        frac = (time.time() - t_start) / budget
        for g in opt.param_groups:
            g["lr"] = lr_at(frac, a.lr)
        pool.refresh(a.refresh)
        eps = pool.batch(a.batch)
        rounds = int(rng.integers(1, a.max_rounds + 1))
        opt.zero_grad(set_to_none=True)
        d = run_episodes(model, eps, rounds)
        norm = float(torch.nn.utils.clip_grad_norm_(params, 1.0))
        if not math.isfinite(norm) or norm > 1e4:
            skipped += 1
            print(json.dumps({"skipped_step": step, "grad_norm": norm}), flush=True)
            continue
        opt.step()
        step += 1
        for i, e in enumerate(eps):
            key = f"{e['src'][:3]}-{e['obj']}"
            gain = d[-1][i] - d[0][i]
            ema[key] = gain if key not in ema else 0.95 * ema[key] + 0.05 * gain
        if step % 10 == 0:
            print(json.dumps({"step": step, "min": round((time.time() - t_start) / 60, 2),
                              "lr": round(opt.param_groups[0]["lr"], 6), "pool": len(pool.items),
                              "dice_gain_ema": {k: round(v, 3) for k, v in sorted(ema.items())}}), flush=True)
        if time.time() - t_val > a.val_minutes * 60:
            print(json.dumps({"step": step, "val_synthetic_dice_after_0_1_2_3_clicks": validate(model)}), flush=True)
            t_val = time.time()
    minutes = round((time.time() - t_start) / 60, 1)
    prov = dict(ck.get("provenance") or base.get("base_provenance") or {})
    phases = list(prov.get("phases", []))
    phases.append({
        "run": str(run), "phase": "clicks", "config": model.cfg.get("name"), "steps": step, "skipped_steps": skipped, "minutes": minutes,
        "what": ("click path trained on top of the base with everything else frozen (issue 21): SAM point "
                 "embeddings + ClickRefine; episodes of 1-%d simulated clicks at the centre of the largest error "
                 "region; AdamW lr %g, batch %d, pool %d; target datasets %s; object weights %s"
                 % (a.max_rounds, a.lr, a.batch, a.pool, a.probs, a.object_weights)),
        "base": {k: v for k, v in base.items() if not k.startswith("base_")},
        "command": "/usr/bin/python3 -u training/click_train.py " + " ".join(argv or sys.argv[1:]),
    })
    prov.update(phases=phases, trained=True, clicks_trained=True,
                frozen_in_last_phase=["everything of the base model (image encoder, hr stem, PPG, mask decoder)"])
    prov["held_out"] = data.HELD_OUT
    out = {"config": model.cfg, "model": model.state_dict(), "provenance": prov,
           "click_base": {k: v for k, v in base.items() if not k.startswith("base_")}}
    save_atomic(out, run / "final.pt")
    print(json.dumps({"done": True, "step": step, "minutes": minutes,
                      "val_synthetic_dice_after_0_1_2_3_clicks": validate(model)}), flush=True)


if __name__ == "__main__":
    main()
