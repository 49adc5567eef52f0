"""Export a ProxyPrompt model folder for the Java app (the ONNX contract of shared/design/MODEL.md).

  /usr/bin/python3 training/export.py --weights training/runs/main/last.pt --out models/proxyprompt-small \
      [--vectors core/src/test/resources/model-vectors] [--metrics metrics.json]
  /usr/bin/python3 training/export.py --untrained --config small --out models/proxyprompt-small

Writes image_encoder.onnx, support_encoder.onnx, prompt_generator.onnx, mask_decoder.onnx (opset 17,
dynamic B / K / N), weights.pt and model.json (sha256 of every file), checks each graph with the onnx
checker and compares the exported graphs' torch outputs, and optionally writes parity test vectors.
"""
import argparse
import copy
import datetime
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn as nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proxyprompt.common import merge_all_lora  # noqa: E402
from proxyprompt.config import derived, get_config  # noqa: E402
from proxyprompt.model import ProxyPromptModel  # noqa: E402

OPSET = 17
VERSION = "0.1.0"
PREPROCESSING = ("resize longest side to input_size (bilinear, aspect kept), pad bottom/right with zeros "
                 "after normalisation; support masks resized the same way (INTER_NEAREST / nearest) to "
                 "{0,1} and padded with 0; logits cover the padded SxS square at mask_size")


class _ImageEncoder(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, image):
        if self.m.has_hr:
            return self.m.encode_image(image), self.m.encode_hr(image)
        return self.m.encode_image(image)


class _SupportEncoder(_ImageEncoder):
    def forward(self, support_embedding, support_image, support_masks):
        return self.m.encode_support(support_embedding, support_image, support_masks)


class _PromptGenerator(_ImageEncoder):
    def forward(self, target_embedding, support_embedding, object_features):
        return self.m.generate_prompt(target_embedding, support_embedding, object_features)


class _MaskDecoder(_ImageEncoder):
    def forward(self, target_embedding, proxy_prompt):
        return self.m.decode(target_embedding, proxy_prompt)


class _MaskDecoderHR(_ImageEncoder):
    def forward(self, target_embedding, target_hr_features, proxy_prompt):
        return self.m.decode(target_embedding, proxy_prompt, target_hr_features)


class _MaskDecoderClicks(_ImageEncoder):
    def forward(self, target_embedding, proxy_prompt, point_coords, point_labels):
        return self.m.decode(target_embedding, proxy_prompt, None, point_coords, point_labels)


class _MaskDecoderHRClicks(_ImageEncoder):
    def forward(self, target_embedding, target_hr_features, proxy_prompt, point_coords, point_labels):
        return self.m.decode(target_embedding, proxy_prompt, target_hr_features, point_coords, point_labels)


GRAPHS = {
    "image_encoder": (_ImageEncoder, ["image"], ["embedding"],
                      {"image": {0: "B"}, "embedding": {0: "B"}}),
    "support_encoder": (_SupportEncoder, ["support_embedding", "support_image", "support_masks"],
                        ["object_features"],
                        {"support_embedding": {0: "K"}, "support_image": {0: "K"},
                         "support_masks": {0: "K", 1: "N"}, "object_features": {0: "K", 1: "N"}}),
    "prompt_generator": (_PromptGenerator, ["target_embedding", "support_embedding", "object_features"],
                         ["proxy_prompt"],
                         {"support_embedding": {0: "K"}, "object_features": {0: "K", 1: "N"},
                          "proxy_prompt": {0: "N"}}),
    "mask_decoder": (_MaskDecoder, ["target_embedding", "proxy_prompt"], ["mask_logits", "iou"],
                     {"proxy_prompt": {0: "N"}, "mask_logits": {0: "N"}, "iou": {0: "N"}}),
}
# Models with the high-resolution path (config hr_channels > 0): the image encoder also returns the
# image's hr_features [B, hr, S/2, S/2], cached with the embedding, and the decoder takes the target's.
GRAPHS_HR = dict(GRAPHS)
GRAPHS_HR["image_encoder"] = (_ImageEncoder, ["image"], ["embedding", "hr_features"],
                              {"image": {0: "B"}, "embedding": {0: "B"}, "hr_features": {0: "B"}})
GRAPHS_HR["mask_decoder"] = (_MaskDecoderHR, ["target_embedding", "target_hr_features", "proxy_prompt"],
                             ["mask_logits", "iou"],
                             {"proxy_prompt": {0: "N"}, "mask_logits": {0: "N"}, "iou": {0: "N"}})
# Click models (config `clicks`, issue 21): the decoder also takes point_coords [N, P, 2] and
# point_labels [N, P] after the proxy prompt; P = 0 gives exactly the output of the graph without them.
POINT_INPUTS = ["point_coords", "point_labels"]
POINT_AXES = {"point_coords": {0: "N", 1: "P"}, "point_labels": {0: "N", 1: "P"}}


def graphs_of(model):
    graphs = dict(GRAPHS_HR if model.has_hr else GRAPHS)
    if getattr(model, "has_clicks", False):
        _, ins, outs, dyn = graphs["mask_decoder"]
        wrapper = _MaskDecoderHRClicks if model.has_hr else _MaskDecoderClicks
        graphs["mask_decoder"] = (wrapper, ins + POINT_INPUTS, outs, dict(dyn, **POINT_AXES))
    return graphs


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_checkpoint(path):
    ck = torch.load(path, map_location="cpu")
    model = ProxyPromptModel(ck["config"])
    model.load_state_dict(ck["model"])
    return model, ck


def example_inputs(cfg, K=2, N=2, seed=0, P=2):
    g = torch.Generator().manual_seed(seed)
    S, C, h = cfg["input_size"], cfg["embed_channels"], derived(cfg)["h"]
    hr = derived(cfg)["hr_channels"]
    return dict(
        target_hr_features=torch.randn(1, max(hr, 1), S // 2, S // 2, generator=g),
        image=torch.randn(1, 3, S, S, generator=g),
        support_embedding=torch.randn(K, C, h, h, generator=g),
        support_image=torch.randn(K, 3, S, S, generator=g),
        support_masks=(torch.rand(K, N, S, S, generator=g) > 0.5).float(),
        target_embedding=torch.randn(1, C, h, h, generator=g),
        object_features=torch.randn(K, N, h * h, C, generator=g),
        proxy_prompt=torch.randn(N, derived(cfg)["tokens"], C, generator=g),
        point_coords=torch.rand(N, P, 2, generator=g) * S,
        point_labels=(torch.arange(N * P).reshape(N, P) % 2).float(),
    )


def export_graphs(model, out_dir, check=True):
    """model: eval-mode model with LoRA merged. Returns {graph: path}."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ex = example_inputs(model.cfg)
    paths = {}
    for name, (wrapper, ins, outs, dyn) in graphs_of(model).items():
        mod = wrapper(model).eval()
        args = tuple(ex[i] for i in ins)
        path = out_dir / f"{name}.onnx"
        with torch.no_grad():
            torch.onnx.export(mod, args, str(path), opset_version=OPSET, input_names=ins, output_names=outs,
                              dynamic_axes=dyn, do_constant_folding=True)
        if check:
            onnx.checker.check_model(onnx.load(str(path)))
        paths[name] = path
    return paths


def prepare_for_export(model):
    m = copy.deepcopy(model).eval()
    merge_all_lora(m)
    return m


def write_model_json(out_dir, cfg, files, provenance, metrics, name, extra=None):
    d = derived(cfg)
    mj = {
        "name": name, "version": VERSION, "format": 1, "config": cfg["name"],
        "input_size": cfg["input_size"], "embedding_channels": cfg["embed_channels"],
        "embedding_size": d["h"], "prompt_tokens": d["tokens"], "mask_size": d["mask_size"],
        "encoder_downsample": cfg.get("encoder_downsample", 1),
        "color_order": "RGB",
        "normalization": {"mean": [123.675, 116.28, 103.53], "std": [58.395, 57.12, 57.375]},
        "max_objects": 4, "opset": OPSET,
        "files": {k: {"path": Path(p).name, "sha256": sha256(p)} for k, p in files.items()},
        "preprocessing": PREPROCESSING,
        "provenance": provenance,
        "metrics": metrics,
    }
    if d["hr_channels"]:
        mj["hr_features"] = {"channels": d["hr_channels"], "size": d["hr_size"]}
    if extra:
        mj.update(extra)
    with open(Path(out_dir) / "model.json", "w") as f:
        json.dump(mj, f, indent=2)
        f.write("\n")
    return mj


def save_weights(model, path, extra=None):
    ck = {"config": model.cfg, "model": model.state_dict()}
    if extra:
        ck.update(extra)
    torch.save(ck, path)


def _bin(arr, path):
    np.ascontiguousarray(arr, dtype="<f4").tofile(path)


def write_vectors(model_exp, model_dir, vec_dir, inputs):
    """model_exp: the merged eval model the graphs were exported from. inputs: dict with target_image
    [1,3,S,S], support_image [K,3,S,S], support_masks [K,N,S,S] (preprocessed float tensors)."""
    vec_dir = Path(vec_dir)
    vec_dir.mkdir(parents=True, exist_ok=True)
    for p in vec_dir.glob("*.bin"):
        p.unlink()
    with torch.no_grad():
        t_emb = model_exp.encode_image(inputs["target_image"])
        s_emb = model_exp.encode_image(inputs["support_image"])
        t_hr = model_exp.encode_hr(inputs["target_image"]) if model_exp.has_hr else None
        g = model_exp.encode_support(s_emb, inputs["support_image"], inputs["support_masks"])
        pp = model_exp.generate_prompt(t_emb, s_emb, g)
        logits, iou = model_exp.decode(t_emb, pp, t_hr)
    tensors = {
        "target_image": (inputs["target_image"], [["image_encoder", "input", "image"]]),
        "target_embedding": (t_emb, [["image_encoder", "output", "embedding"],
                                     ["prompt_generator", "input", "target_embedding"],
                                     ["mask_decoder", "input", "target_embedding"]]),
        "support_image": (inputs["support_image"], [["image_encoder", "input", "image"],
                                                    ["support_encoder", "input", "support_image"]]),
        "support_embedding": (s_emb, [["image_encoder", "output", "embedding"],
                                      ["support_encoder", "input", "support_embedding"],
                                      ["prompt_generator", "input", "support_embedding"]]),
        "support_masks": (inputs["support_masks"], [["support_encoder", "input", "support_masks"]]),
        "object_features": (g, [["support_encoder", "output", "object_features"],
                                ["prompt_generator", "input", "object_features"]]),
        "proxy_prompt": (pp, [["prompt_generator", "output", "proxy_prompt"],
                              ["mask_decoder", "input", "proxy_prompt"]]),
        "mask_logits": (logits, [["mask_decoder", "output", "mask_logits"]]),
        "iou": (iou, [["mask_decoder", "output", "iou"]]),
    }
    if t_hr is not None:
        tensors["target_hr_features"] = (t_hr, [["image_encoder", "output", "hr_features"],
                                                ["mask_decoder", "input", "target_hr_features"]])
        # the supports' hr_features feed no graph; they are not stored (4 MB at S=512, K=2)
    mj = json.load(open(Path(model_dir) / "model.json"))
    entries = {}
    for name, (t, uses) in tensors.items():
        arr = t.detach().cpu().numpy().astype(np.float32)
        _bin(arr, vec_dir / f"{name}.bin")
        entries[name] = {"file": f"{name}.bin", "shape": list(arr.shape), "dtype": "float32",
                         "byte_order": "little", "layout": "C",
                         "used_as": [{"graph": u[0], "role": u[1], "name": u[2]} for u in uses]}
    runs = [
        {"graph": "image_encoder", "inputs": {"image": "target_image"}, "outputs": {"embedding": "target_embedding"}},
        {"graph": "image_encoder", "inputs": {"image": "support_image"},
         "outputs": {"embedding": "support_embedding"}},
        {"graph": "support_encoder", "inputs": {"support_embedding": "support_embedding",
                                                "support_image": "support_image", "support_masks": "support_masks"},
         "outputs": {"object_features": "object_features"}},
        {"graph": "prompt_generator", "inputs": {"target_embedding": "target_embedding",
                                                 "support_embedding": "support_embedding",
                                                 "object_features": "object_features"},
         "outputs": {"proxy_prompt": "proxy_prompt"}},
        {"graph": "mask_decoder", "inputs": {"target_embedding": "target_embedding", "proxy_prompt": "proxy_prompt"},
         "outputs": {"mask_logits": "mask_logits", "iou": "iou"}},
    ]
    if t_hr is not None:
        runs[0]["outputs"]["hr_features"] = "target_hr_features"
        runs[4]["inputs"]["target_hr_features"] = "target_hr_features"
    doc = {
        "model": Path(model_dir).name,
        "model_version": mj["version"],
        "graphs_sha256": {k: v["sha256"] for k, v in mj["files"].items() if k != "weights"},
        "K": int(inputs["support_masks"].shape[0]), "N": int(inputs["support_masks"].shape[1]),
        "tolerance": {"mask_logits_max_abs": 1e-3, "note": "other tensors: compare with max abs <= 1e-3 "
                      "relative to max(1, max|expected|)"},
        "source": inputs.get("source", ""),
        "generated_by": "training/export.py (PyTorch eager outputs of the same merged model that was exported)",
        "tensors": entries,
        "runs": runs,
    }
    with open(vec_dir / "vectors.json", "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    return doc


def default_vector_inputs(S):
    """K=2 supports, N=2 objects from the repo's own synthetic generator when available, else from
    seeded smooth noise. Returns preprocessed tensors."""
    from proxyprompt.preprocess import prepare_image, prepare_mask
    try:
        import synthetic
        samples = [synthetic.generate(seed, size=int(S * 1.5)) for seed in (910001, 910002, 910003)]
        imgs = [s["image"] for s in samples]
        masks = [[s["masks"]["disc"], s["masks"]["cup"]] for s in samples]
        src = "training/synthetic.py seeds 910001 (target), 910002, 910003 (supports); objects disc, cup"
    except Exception:  # generator not available yet
        rng = np.random.default_rng(0)
        imgs, masks = [], []
        for i in range(3):
            base = rng.random((12, 16, 3))
            import cv2
            img = cv2.resize(base, (400, 300), interpolation=cv2.INTER_CUBIC)
            imgs.append((np.clip(img, 0, 1) * 255).astype(np.uint8))
            yy, xx = np.mgrid[:300, :400]
            d = ((yy - 150) ** 2 + (xx - 200 - 30 * i) ** 2) < 60 ** 2
            c = ((yy - 150) ** 2 + (xx - 200 - 30 * i) ** 2) < 25 ** 2
            masks.append([d.astype(np.uint8) * 255, c.astype(np.uint8) * 255])
        src = "seeded smooth noise images 300x400 with two nested discs as masks"
    ti = torch.from_numpy(prepare_image(imgs[0], S)[0])[None]
    si = torch.stack([torch.from_numpy(prepare_image(im, S)[0]) for im in imgs[1:]])
    sm = torch.stack([torch.stack([torch.from_numpy(prepare_mask(m, S)) for m in ms]) for ms in masks[1:]])
    return {"target_image": ti, "support_image": si, "support_masks": sm, "source": src}


def verify_roundtrip(model_exp, paths):
    """Numerical check of the exported graphs at K, N other than the traced ones. Uses onnxruntime
    when importable (e.g. PYTHONPATH=training/runs/ort, see README); otherwise only checks that torch
    outputs are finite (the Java parity test then checks ONNX Runtime itself)."""
    try:
        import onnxruntime as ort
    except ImportError:
        ort = None
    report = {}
    for (K, N, P) in ((3, 1, 0), (1, 4, 3), (2, 2, 1), (1, 3, 0)):
        ex = example_inputs(model_exp.cfg, K=K, N=N, seed=K * 10 + N, P=P)
        for name, diff in _check_all(model_exp, paths, ex, ort).items():
            key = f"K{K}N{N}" + (f"P{P}" if name == "mask_decoder" and model_exp.has_clicks else "")
            report.setdefault(name, {})[key] = diff
    return report


def _check_all(model_exp, paths, ex, ort):
    report = {}
    for name, (wrapper, ins, outs, _) in graphs_of(model_exp).items():
        mod = wrapper(model_exp).eval()
        args = tuple(ex[i] for i in ins)
        with torch.no_grad():
            ref = mod(*args)
        ref = ref if isinstance(ref, tuple) else (ref,)
        if ort is not None:
            sess = ort.InferenceSession(str(paths[name]), providers=["CPUExecutionProvider"])
            got = sess.run(None, {k: v.numpy() for k, v in zip(ins, args)})
            diff = max(float(np.abs(g - r.numpy()).max()) for g, r in zip(got, ref))
            report[name] = diff
            if diff > 1e-3:
                raise RuntimeError(f"{name}: onnxruntime differs from torch by {diff}")
        else:
            report[name] = "onnxruntime not installed; onnx.checker only"
        for p in ref:
            if not torch.isfinite(p).all():
                raise RuntimeError(f"{name}: non-finite output")
    return report


def export_model_folder(model, out_dir, name, provenance, metrics, vectors_dir=None, extra=None):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for p in out_dir.glob("*.onnx"):
        p.unlink()
    m = prepare_for_export(model)
    t0 = time.time()
    paths = export_graphs(m, out_dir)
    save_weights(model, out_dir / "weights.pt", {"provenance": provenance})
    files = dict(paths)
    files["weights"] = out_dir / "weights.pt"
    report = verify_roundtrip(m, paths)
    mj = write_model_json(out_dir, model.cfg, files, provenance, metrics, name, extra)
    doc = None
    if vectors_dir:
        doc = write_vectors(m, out_dir, vectors_dir, default_vector_inputs(model.cfg["input_size"]))
    size = sum(os.path.getsize(p) for p in files.values())
    print(json.dumps({"exported": str(out_dir), "seconds": round(time.time() - t0, 1),
                      "bytes": size, "roundtrip": report}))
    return mj, doc


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", help="checkpoint (.pt) from train.py/finetune.py or a model folder's weights.pt")
    ap.add_argument("--untrained", action="store_true")
    ap.add_argument("--config", default="small")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--name")
    ap.add_argument("--vectors")
    ap.add_argument("--metrics", help="JSON file with measured metrics (evaluate.py output)")
    ap.add_argument("--provenance", help="JSON file with provenance fields to merge")
    a = ap.parse_args(argv)
    torch.set_num_threads(2)
    if a.untrained:
        torch.manual_seed(a.seed)
        model = ProxyPromptModel(get_config(a.config))
        prov = {"trained": False, "steps": 0, "seed": a.seed, "data": [], "training_time_minutes": 0,
                "note": "randomly initialised weights: for integration only, segments nothing",
                "command": "/usr/bin/python3 " + " ".join(["training/export.py"] + (argv or sys.argv[1:]))}
        ck = {}
    else:
        model, ck = load_checkpoint(a.weights)
        prov = dict(ck.get("provenance", {}))
    if a.provenance:
        prov.update(json.load(open(a.provenance)))
    prov.setdefault("exported_utc", datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"))
    metrics = json.load(open(a.metrics)) if a.metrics else {}
    name = a.name or Path(a.out).name
    extra = ck.get("model_json_extra")
    export_model_folder(model, a.out, name, prov, metrics, a.vectors, extra)


if __name__ == "__main__":
    main()
