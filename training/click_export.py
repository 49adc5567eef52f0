"""Export a click model (issue 21) into a model folder: the base's four graphs byte for byte (so segmenting is exactly
the base, at the base's speed), a fifth graph click_decoder.onnx (the mask decoder that also takes point_coords
[N, P, 2] and point_labels [N, P]; the engine runs it only to redraw a mask after clicks), and a model.json saying so.

  /usr/bin/python3 training/click_export.py --weights training/runs/clicks/final.pt \
      --base models/proxyprompt-small --out OUT [--metrics training/runs/clicks_eval.json]
  /usr/bin/python3 training/click_export.py --tiny core/src/test/resources/tiny-model-clicks

Before anything is written the new decoder is checked against the base's mask_decoder.onnx under ONNX Runtime:
with P = 0 (zero-size point tensors) its mask_logits and iou must be bit-identical (README ship rule, condition
1), and with clicks it must match PyTorch within 1e-3. OUT may be BASE (the folder is then updated in place).

--tiny writes the Java tests' fixture: a randomly initialised tiny-config model with a random click head (so a
click visibly changes the mask): its four graphs without the click path, click_decoder.onnx and model.json (the Java
ZeroClickTest compares the click decoder at P = 0 with the mask decoder).
"""
import argparse
import datetime
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import export  # noqa: E402
from proxyprompt.config import get_config  # noqa: E402
from proxyprompt.model import ProxyPromptModel  # noqa: E402

BASE_GRAPHS = ("image_encoder", "support_encoder", "prompt_generator", "mask_decoder")
#  what model.json says about the click inputs (the engine finds them in the graph; this is for people)
CLICKS_JSON = {"graph": "click_decoder (files.click_decoder); segmenting runs mask_decoder, clicks run this",
               "inputs": ["point_coords", "point_labels"],
               "point_coords": "[N, P, 2] x, y in pixels of the padded S x S model input (pixel centres at +0.5)",
               "point_labels": "[N, P] 1 positive, 0 negative, -1 padding; P = 0 gives the output without clicks"}


def _ort():
    runs = Path(__file__).resolve().parent / "runs" / "ort"
    if (runs / "onnxruntime").is_dir():
        sys.path.append(str(runs))
    import onnxruntime
    return onnxruntime


def check_decoder(model_exp, base_decoder, click_decoder, trials=((1, 1), (3, 2), (2, 4))):
    """{"zero_clicks_bit_identical": bool, "max_abs_diff_with_clicks": float} under ONNX Runtime CPU."""
    ort = _ort()
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    base = ort.InferenceSession(str(base_decoder), opts, providers=["CPUExecutionProvider"])
    clicks = ort.InferenceSession(str(click_decoder), opts, providers=["CPUExecutionProvider"])
    names = [i.name for i in base.get_inputs()]
    identical, worst = True, 0.0
    for N, P in trials:
        ex = export.example_inputs(model_exp.cfg, K=1, N=N, seed=10 * N + P, P=P)
        feed = {k: ex[k].numpy() for k in names}
        zero = dict(feed, point_coords=np.zeros((N, 0, 2), np.float32), point_labels=np.zeros((N, 0), np.float32))
        identical &= all(np.array_equal(a, b) for a, b in zip(base.run(None, feed), clicks.run(None, zero)))
        got = clicks.run(None, dict(feed, point_coords=ex["point_coords"].numpy(),
                                    point_labels=ex["point_labels"].numpy()))
        with torch.no_grad():
            ref = model_exp.decode(ex["target_embedding"], ex["proxy_prompt"], ex.get("target_hr_features"),
                                   ex["point_coords"], ex["point_labels"])
        worst = max(worst, float(np.abs(got[0] - ref[0].numpy()).max()), float(np.abs(got[1] - ref[1].numpy()).max()))
    return {"zero_clicks_bit_identical": bool(identical), "max_abs_diff_with_clicks": worst}


def export_decoder(model_exp, out_path):
    """Only the mask decoder of a click model (with its point inputs), with the contract's names and axes."""
    wrapper, ins, outs, dyn = export.graphs_of(model_exp)["mask_decoder"]
    ex = export.example_inputs(model_exp.cfg)
    with torch.no_grad():
        torch.onnx.export(wrapper(model_exp).eval(), tuple(ex[i] for i in ins), str(out_path),
                          opset_version=export.OPSET, input_names=ins, output_names=outs, dynamic_axes=dyn,
                          do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(str(out_path)))
    return out_path


def export_into(weights, base, out, metrics=None):
    """The click decoder of `weights` next to `base`'s four graphs in `out`; returns the check report."""
    model, ck = export.load_checkpoint(weights)
    if not model.has_clicks:
        sys.exit(f"{weights} has no click path (config 'clicks'); train one with click_train.py")
    base, out = Path(base), Path(out)
    mj = json.loads((base / "model.json").read_text())
    model_exp = export.prepare_for_export(model)
    with tempfile.TemporaryDirectory() as tmp:
        new_decoder = export_decoder(model_exp, Path(tmp) / "click_decoder.onnx")
        report = check_decoder(model_exp, base / mj["files"]["mask_decoder"]["path"], new_decoder)
        print(json.dumps({"check": report}), flush=True)
        if not report["zero_clicks_bit_identical"] or report["max_abs_diff_with_clicks"] > 1e-3:
            sys.exit("the click decoder does not reproduce the base at zero clicks (or PyTorch with clicks);"
                     " nothing written")
        out.mkdir(parents=True, exist_ok=True)
        if out.resolve() != base.resolve():
            for g in BASE_GRAPHS:
                shutil.copyfile(base / mj["files"][g]["path"], out / mj["files"][g]["path"])
        shutil.copyfile(new_decoder, out / "click_decoder.onnx")
    export.save_weights(model, out / "weights.pt", {"provenance": ck.get("provenance", {})})
    mj["files"]["click_decoder"] = {"path": "click_decoder.onnx", "sha256": export.sha256(out / "click_decoder.onnx")}
    mj["files"]["weights"] = {"path": "weights.pt", "sha256": export.sha256(out / "weights.pt")}
    prov = dict(ck.get("provenance") or mj.get("provenance") or {})
    prov["exported_utc"] = datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")
    prov["click_export_check"] = report
    mj["provenance"] = prov
    mj["clicks"] = CLICKS_JSON
    if metrics:
        mj.setdefault("metrics", {})["clicks"] = metrics
    (out / "model.json").write_text(json.dumps(mj, indent=2) + "\n")
    return report


def export_tiny(out, seed=0):
    """The Java tests' click fixture (see the module docstring)."""
    import click_train
    torch.manual_seed(seed)
    cfg = get_config("tiny")
    base = ProxyPromptModel(cfg).eval()
    model, _ = click_train.build({"config": cfg, "model": base.state_dict()}, {"width": 8})
    with torch.no_grad():   # a "trained" head: clicks must visibly move the mask in the UI tests
        for n, p in model.named_parameters():
            if n.startswith("click_refine."):
                p.normal_(0, 0.3)
    model.eval()
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    prov = {"trained": False, "purpose": "Java click tests (issue 21): random tiny model with a random click head",
            "command": "/usr/bin/python3 training/click_export.py --tiny " + str(out)}
    files = dict(export.export_graphs(export.prepare_for_export(base), out))
    files["click_decoder"] = export_decoder(export.prepare_for_export(model), out / "click_decoder.onnx")
    export.write_model_json(out, model.cfg, files, prov, {}, "tiny-clicks-test", {"clicks": CLICKS_JSON})
    report = check_decoder(export.prepare_for_export(model), out / "mask_decoder.onnx", out / "click_decoder.onnx")
    print(json.dumps({"tiny": str(out), "check": report}))
    assert report["zero_clicks_bit_identical"], report
    return report


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", help="click checkpoint (click_train.py's final.pt)")
    ap.add_argument("--base", help="the base model folder the click model was trained on")
    ap.add_argument("--out")
    ap.add_argument("--metrics", help="click_eval.py's JSON (stored under metrics.clicks, rows dropped)")
    ap.add_argument("--tiny", help="write the Java tests' click fixture to this folder")
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    if a.tiny:
        export_tiny(a.tiny)
        return
    if not (a.weights and a.base and a.out):
        ap.error("--weights, --base and --out are needed (or --tiny)")
    metrics = None
    if a.metrics:
        res = json.loads(Path(a.metrics).read_text())
        metrics = {k: ({kk: vv for kk, vv in v.items() if kk != "rows"} if isinstance(v, dict) else v)
                   for k, v in res.items()}
    export_into(a.weights, a.base, a.out, metrics)


if __name__ == "__main__":
    main()
