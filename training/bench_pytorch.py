"""Eager PyTorch timing of the four stages, for the Java `bench` ORT/PyTorch ratio.

  /usr/bin/python3 training/bench_pytorch.py --model models/proxyprompt-small --repeats R [--k 2 --n 2]

Loads <model>/weights.pt into the same model, runs each stage under torch.no_grad() with 2 threads
on generated inputs of the model's size (K supports, N objects, one target), discards warm-up runs
and prints one JSON line with the median milliseconds per stage."""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export import load_checkpoint  # noqa: E402
from proxyprompt.config import derived  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--k", type=int, default=1)
    ap.add_argument("--n", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model, _ = load_checkpoint(Path(a.model) / "weights.pt")
    model.eval()
    cfg = model.cfg
    S, C, h = cfg["input_size"], cfg["embed_channels"], derived(cfg)["h"]
    g = torch.Generator().manual_seed(0)
    image = torch.randn(1, 3, S, S, generator=g)
    s_img = torch.randn(a.k, 3, S, S, generator=g)
    s_mask = (torch.rand(a.k, a.n, S, S, generator=g) > 0.5).float()
    times = {k: [] for k in ("image_encoder", "support_encoder", "prompt_generator", "mask_decoder")}
    with torch.no_grad():
        for i in range(a.warmup + a.repeats):
            t0 = time.perf_counter()
            t_emb = model.encode_image(image)
            t_hr = model.encode_hr(image) if model.has_hr else None
            t1 = time.perf_counter()
            s_emb = t_emb.expand(a.k, -1, -1, -1).contiguous()
            g_feat = model.encode_support(s_emb, s_img, s_mask)
            t2 = time.perf_counter()
            pp = model.generate_prompt(t_emb, s_emb, g_feat)
            t3 = time.perf_counter()
            model.decode(t_emb, pp, t_hr)
            t4 = time.perf_counter()
            if i >= a.warmup:
                for k, dt in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                    times[k].append(dt * 1000.0)
    out = {k: round(statistics.median(v), 3) for k, v in times.items()}
    out.update({"unit": "ms", "stat": "median", "repeats": a.repeats, "warmup": a.warmup, "threads": a.threads,
                "K": a.k, "N": a.n, "input_size": S, "torch": torch.__version__, "model": str(a.model)})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
