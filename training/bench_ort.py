"""ONNX Runtime vs eager PyTorch per contract graph, measured interleaved in one process.

  PYTHONPATH=training/runs/ort nice -n 19 /usr/bin/python3 training/bench_ort.py \
      [--weights models/proxyprompt-small/weights.pt] [--config small] [--k 1 --n 1] [--repeats 20] \
      [--threads 2] [--baseline] [--cpu-time] [--level all|extended|basic|disable] [--no-mem-pattern] \
      [--parallel] [--opt session.intra_op.allow_spinning=0 ...] [--graphs image_encoder,support_encoder] \
      [--compare-opt session.intra_op.allow_spinning=0 ...] [--compare-level extended]

Builds `ProxyPromptModel(get_config(config))` (seeded random weights; with --weights the checkpoint's
tensors are loaded by key with strict=False, so an older checkpoint still fits and only the missing
parameters stay random: the numbers do not matter for speed), merges LoRA as export does, exports the
graphs to a temporary folder and times, repeat by repeat, eager PyTorch (torch.no_grad, --threads
threads) and the ONNX Runtime session(s) on the same inputs (one target, K supports, N objects).
--baseline also exports the earlier export formulations (chunked selective scan, literal LayerNorm2d
and Softplus) and times them in
the same loop, so old and new see the same machine load; --compare-opt adds a session of the current
graphs with extra session config entries (KEY=VALUE) and/or another optimisation level
(--compare-level), again in the same loop. Wall-clock time
by default; --cpu-time reports the process CPU time instead (with --threads 1 that is the work done,
robust against other load on the machine). Prints a table of medians and one JSON line; the
`ort_over_pytorch` entry is the sum over the graphs, as the Java `bench` computes it.
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import export  # noqa: E402
from proxyprompt import common, vim  # noqa: E402
from proxyprompt.config import get_config  # noqa: E402
from proxyprompt.model import ProxyPromptModel  # noqa: E402

ORDER = ("image_encoder", "support_encoder", "prompt_generator", "mask_decoder")
LEVELS = {"all": "ORT_ENABLE_ALL", "extended": "ORT_ENABLE_EXTENDED", "basic": "ORT_ENABLE_BASIC",
          "disable": "ORT_DISABLE_ALL"}


def build(config, weights, seed=0):
    torch.manual_seed(seed)
    model = ProxyPromptModel(get_config(config))
    if weights:
        sd = torch.load(weights, map_location="cpu")
        sd = sd.get("model", sd)
        own = model.state_dict()
        fit = {k: v for k, v in sd.items() if k in own and own[k].shape == v.shape}
        model.load_state_dict(fit, strict=False)
    return export.prepare_for_export(model)


def export_forms(model, out_dir, graphs, baseline):
    """Exports `graphs` with the current forms, or with the earlier ones when baseline is set."""
    saved = vim.EXPORT_FORM, common.EXPORT_FAST_FORMS
    if baseline:
        vim.EXPORT_FORM, common.EXPORT_FAST_FORMS = "chunked", False
    try:
        ex = export.example_inputs(model.cfg)
        paths = {}
        for name in graphs:
            wrapper, ins, outs, dyn = export.graphs_of(model)[name]
            path = Path(out_dir) / f"{name}.onnx"
            with torch.no_grad():
                torch.onnx.export(wrapper(model).eval(), tuple(ex[i] for i in ins), str(path),
                                  opset_version=export.OPSET, input_names=ins, output_names=outs,
                                  dynamic_axes=dyn, do_constant_folding=True)
            paths[name] = path
        return paths
    finally:
        vim.EXPORT_FORM, common.EXPORT_FAST_FORMS = saved


def session_options(ort, a, extra=(), level=None):
    so = ort.SessionOptions()
    so.intra_op_num_threads = a.threads
    so.inter_op_num_threads = 1
    so.graph_optimization_level = getattr(ort.GraphOptimizationLevel, LEVELS[level or a.level])
    so.execution_mode = ort.ExecutionMode.ORT_PARALLEL if a.parallel else ort.ExecutionMode.ORT_SEQUENTIAL
    so.enable_mem_pattern = not a.no_mem_pattern
    for kv in [*a.opt, *extra]:
        k, v = kv.split("=", 1)
        so.add_session_config_entry(k, v)
    return so


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights")
    ap.add_argument("--config", default="small")
    ap.add_argument("--k", type=int, default=1)
    ap.add_argument("--n", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--graphs", default=",".join(ORDER))
    ap.add_argument("--baseline", action="store_true", help="also time the earlier export formulations")
    ap.add_argument("--cpu-time", action="store_true", help="process CPU time instead of wall-clock time")
    ap.add_argument("--level", choices=sorted(LEVELS), default="all")
    ap.add_argument("--parallel", action="store_true", help="ORT_PARALLEL execution mode")
    ap.add_argument("--no-mem-pattern", action="store_true")
    ap.add_argument("--opt", action="append", default=[], help="session config entry KEY=VALUE")
    ap.add_argument("--compare-opt", action="append", default=[],
                    help="also time the current graphs with this extra session config entry KEY=VALUE")
    ap.add_argument("--compare-level", choices=sorted(LEVELS),
                    help="also time the current graphs at this optimisation level (with the --compare-opt entries)")
    ap.add_argument("--keep", help="write the exported graphs here instead of a temporary folder")
    a = ap.parse_args(argv)
    import onnxruntime as ort
    torch.set_num_threads(a.threads)
    graphs = [g for g in ORDER if g in a.graphs.split(",")]
    model = build(a.config, a.weights)
    variants = {"ort": False, "ort_baseline": True} if a.baseline else {"ort": False}
    if a.compare_opt or a.compare_level:
        variants["ort_opt"] = False
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(a.keep or tmp)
        sessions = {}
        for v, base in variants.items():
            (root / v).mkdir(parents=True, exist_ok=True)
            paths = export_forms(model, root / v, graphs, base)
            so = (session_options(ort, a, a.compare_opt, a.compare_level) if v == "ort_opt"
                  else session_options(ort, a))
            sessions[v] = {g: ort.InferenceSession(str(p), so, providers=["CPUExecutionProvider"])
                           for g, p in paths.items()}
        ex = export.example_inputs(model.cfg, K=a.k, N=a.n, seed=1)
        ex["image"] = ex["image"][:1]
        clock = time.process_time if a.cpu_time else time.perf_counter
        times = {g: {k: [] for k in ["eager", *variants]} for g in graphs}
        diffs = {g: {} for g in graphs}
        calls = {}   # per graph: the eager module, its inputs and the same inputs as ORT feeds
        for g in graphs:
            wrapper, ins, _, _ = export.graphs_of(model)[g]
            args = tuple(ex[i] for i in ins)
            calls[g] = (wrapper(model).eval(), args, {k: v.numpy() for k, v in zip(ins, args)})
        for g, (mod, args, feeds) in calls.items():
            with torch.no_grad():
                ref = mod(*args)
            ref = ref if isinstance(ref, tuple) else (ref,)
            for v in variants:
                got = sessions[v][g].run(None, feeds)
                diffs[g][v] = max(float(np.abs(o - r.numpy()).max()) for o, r in zip(got, ref))
        for r in range(a.warmup + a.repeats):
            for g, (mod, args, feeds) in calls.items():
                t0 = clock()
                with torch.no_grad():
                    mod(*args)
                dt = clock() - t0
                if r >= a.warmup:
                    times[g]["eager"].append(dt * 1e3)
                for v in variants:
                    t0 = clock()
                    sessions[v][g].run(None, feeds)
                    dt = clock() - t0
                    if r >= a.warmup:
                        times[g][v].append(dt * 1e3)
    med = {g: {k: statistics.median(t) for k, t in d.items()} for g, d in times.items()}
    unit = "cpu ms" if a.cpu_time else "ms"
    print(f"{'graph':18s} {'eager':>9s} " + " ".join(f"{v:>13s} {'ratio':>6s}" for v in variants)
          + "   max|ort-eager|")
    for g in graphs:
        print(f"{g:18s} {med[g]['eager']:9.2f} "
              + " ".join(f"{med[g][v]:13.2f} {med[g][v] / med[g]['eager']:6.3f}" for v in variants)
              + "   " + " ".join(f"{diffs[g][v]:.1e}" for v in variants))
    tot = {k: sum(med[g][k] for g in graphs) for k in ["eager", *variants]}
    print(f"{'total':18s} {tot['eager']:9.2f} "
          + " ".join(f"{tot[v]:13.2f} {tot[v] / tot['eager']:6.3f}" for v in variants) + f"   ({unit}, median)")
    out = {"unit": unit, "stat": "median", "repeats": a.repeats, "threads": a.threads, "K": a.k, "N": a.n,
           "config": a.config, "level": a.level, "parallel": a.parallel, "mem_pattern": not a.no_mem_pattern,
           "opts": a.opt, "compare_opts": a.compare_opt, "compare_level": a.compare_level, "ms": {g: {k: round(v, 3) for k, v in d.items()} for g, d in med.items()},
           "ort_over_pytorch": {v: round(tot[v] / tot["eager"], 3) for v in variants},
           "max_abs_diff": diffs, "torch": torch.__version__, "onnxruntime": ort.__version__,
           "load_avg": os.getloadavg()[0]}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
