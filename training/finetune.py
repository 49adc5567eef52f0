"""Fine-tune a shipped model on a folder of annotated pairs and write a NEW model folder.

  /usr/bin/python3 training/finetune.py --pairs DIR --model models/proxyprompt-small \
      --out models/proxyprompt-small-ft [--minutes 15] [--steps 0] [--mix-synthetic 0.3]

DIR holds `<stem>.<png|jpg|...>` images and `<stem>_<object>.png` masks (0/255), or images/ and masks/
subfolders (the paper's protocol: 16 annotated images). Episodes are drawn within the folder exactly
as in train.py (K 1-3 supports, N 1-2 objects, supports and targets different images), optionally
mixed with the synthetic pool to keep the other objects; the result is exported with model.json
(provenance: base model + its sha256, pairs folder, steps, time) and, with --eval-heldout, the
measured Dice of evaluate.py. The source model folder is never modified.
"""
import argparse
import datetime
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402
import train  # noqa: E402
from export import export_model_folder, load_checkpoint, sha256  # noqa: E402


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", required=True)
    ap.add_argument("--model", default="models/proxyprompt-small")
    ap.add_argument("--out", required=True)
    ap.add_argument("--name")
    ap.add_argument("--minutes", type=float, default=15.0)
    ap.add_argument("--steps", type=int, default=0, help="stop after this many steps (0: time budget only)")
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--mix-synthetic", type=float, default=0.0,
                    help="fraction of episodes from the synthetic pool (training/runs/synpool)")
    ap.add_argument("--syn", default="training/runs/synpool")
    ap.add_argument("--eval-heldout", action="store_true", help="run evaluate.py and store metrics")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.backends.mkldnn.enabled = False
    out = Path(a.out).resolve()
    src = Path(a.model).resolve()
    if out == src:
        raise SystemExit("--out must be a new folder, not the source model")
    items = data.scan_pairs(a.pairs, source="pairs")
    if len(items) < 2:
        raise SystemExit(f"{a.pairs}: need at least 2 image/mask pairs, found {len(items)}")
    objects = sorted({o for it in items for o in it["masks"]})
    print(f"pairs: {len(items)} images, objects {objects}", flush=True)
    torch.manual_seed(a.seed)
    model, base_ck = load_checkpoint(src / "weights.pt")
    model.train()
    sets = {"pairs": items}
    probs = {"pairs": 1.0}
    if a.mix_synthetic > 0 and Path(a.syn).is_dir():
        sets["synthetic"] = data.scan_pairs(a.syn, source="synthetic")
        probs = {"pairs": 1 - a.mix_synthetic, "synthetic": a.mix_synthetic}
    train.OBJECTS["pairs"] = objects
    rng = np.random.default_rng(a.seed)
    sampler = train.EpisodeSampler(sets, rng, probs=probs)
    cache = data.ImageCache(384)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
    S = model.cfg["input_size"]
    t0 = time.time()
    step = 0
    ema = None
    while time.time() - t0 < a.minutes * 60 and (not a.steps or step < a.steps):
        frac = (time.time() - t0) / (a.minutes * 60)
        for g in opt.param_groups:
            g["lr"] = train.lr_at(frac, a.lr, warm_frac=0.05)
        ep = sampler.sample()
        loss, _ = train.episode_loss(model, ep, cache, S, rng, strength=0.8)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        ema = float(loss) if ema is None else 0.95 * ema + 0.05 * float(loss)
        if step % 10 == 0:
            print(json.dumps({"step": step, "min": round((time.time() - t0) / 60, 2), "loss": round(ema, 4)}),
                  flush=True)
    minutes = (time.time() - t0) / 60
    model.eval()
    pairs_hash = hashlib.sha256("".join(sorted(f"{it['stem']}:{sorted(it['masks'])}" for it in items)).encode())
    base_prov = base_ck.get("provenance", {})
    prov = {"trained": True, "fine_tuned_from": {"model": str(a.model), "weights_sha256": sha256(src / "weights.pt"),
                                                 "provenance": base_prov},
            "steps": step, "seed": a.seed, "training_time_minutes": round(minutes, 1),
            "data": [{"name": "pairs", "path": str(Path(a.pairs).resolve()), "images": len(items),
                      "objects": objects, "listing_sha256": pairs_hash.hexdigest()}] +
                    ([d for d in train.CITATIONS if d["name"] == "synthetic"] if a.mix_synthetic > 0 else []),
            "command": "/usr/bin/python3 training/finetune.py " + " ".join(argv or sys.argv[1:]),
            "exported_utc": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")}
    metrics = {}
    if a.eval_heldout:
        import evaluate
        metrics = evaluate.evaluate(model)
    export_model_folder(model, out, a.name or out.name, prov, metrics)
    print(json.dumps({"done": True, "out": str(out), "steps": step, "minutes": round(minutes, 1)}), flush=True)


if __name__ == "__main__":
    main()
