"""Try: int8 dynamic quantisation of the image and support encoders (docs/engine.md, ONNX Runtime tries).

  PYTHONPATH=training/runs/quant:training/runs/ort /usr/bin/python3 training/quantize_try.py \\
      --model models/proxyprompt-small --out training/runs/model-int8 [--graphs image_encoder,support_encoder]

Needs onnxruntime.quantization, which needs onnx >= 1.13 (onnx.reference), ml_dtypes, a protobuf with
runtime_version and typing_extensions >= 4.5: Debian 12 has onnx 1.12, so those wheels are unpacked (not
installed) into training/runs/quant and onnxruntime + ml_dtypes into training/runs/ort, as training/README.md
does for onnxruntime. Copies the model folder, quantises the named graphs' weights to int8 (MatMul and Gemm
by default: quantize_dynamic, per-tensor, QInt8) and rewrites model.json's sha256 entries so the app loads the copy.
With --repeats it times each original and quantised graph alternately in one process (ONNX Runtime
Python, spinning off), wall clock and process CPU. Whether to keep it is decided on Dice over the held-out pairs
(java ... evaluate on both folders) and on those times.
"""
import argparse
import hashlib
import json
import shutil
import statistics
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
from onnxruntime.quantization import QuantType, quantize_dynamic


def time_pair(original, quantised, repeats, threads):
    """Median wall and process-CPU ms of the two graphs, run alternately on the same random inputs."""
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    sessions = [ort.InferenceSession(str(p), so, providers=["CPUExecutionProvider"]) for p in (original, quantised)]
    rng = np.random.default_rng(0)
    feeds = {i.name: rng.standard_normal([d if isinstance(d, int) and d > 0 else 1 for d in i.shape])
             .astype(np.float32) for i in sessions[0].get_inputs()}
    wall = [[], []]
    cpu = [[], []]
    for r in range(repeats + 2):
        for k, sess in enumerate(sessions):
            w0, c0 = time.perf_counter(), time.process_time()
            out = sess.run(None, feeds)
            if r >= 2:
                wall[k].append((time.perf_counter() - w0) * 1e3)
                cpu[k].append((time.process_time() - c0) * 1e3)
    diff = max(float(np.abs(a - b).max()) for a, b in zip(sessions[0].run(None, feeds), out))
    return [statistics.median(w) for w in wall], [statistics.median(c) for c in cpu], diff


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--graphs", default="image_encoder,support_encoder")
    ap.add_argument("--repeats", type=int, default=15, help="timing runs per graph (0: no timing)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ops", default="MatMul,Gemm",
                    help="operator types to quantise (ONNX Runtime 1.22's CPU provider has no int8 ConvInteger)")
    a = ap.parse_args()
    src, out = Path(a.model), Path(a.out)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(src, out)
    manifest = json.loads((out / "model.json").read_text())
    for g in a.graphs.split(","):
        path = out / manifest["files"][g]["path"]
        tmp = path.with_suffix(".int8.onnx")
        quantize_dynamic(str(path), str(tmp), weight_type=QuantType.QInt8, op_types_to_quantize=a.ops.split(","))
        if a.repeats:
            wall, cpu, diff = time_pair(src / path.name, tmp, a.repeats, a.threads)
            print(f"{g}: float32 {wall[0]:.2f} ms ({cpu[0]:.2f} cpu ms), int8 {wall[1]:.2f} ms ({cpu[1]:.2f} cpu ms),"
                  f" int8/float32 {wall[1] / wall[0]:.3f} wall {cpu[1] / cpu[0]:.3f} cpu, max|diff| {diff:.2e}")
        tmp.replace(path)
        manifest["files"][g]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{g}: {(src / path.name).stat().st_size / 1e6:.2f} MB -> {path.stat().st_size / 1e6:.2f} MB")
    manifest["name"] = manifest["name"] + "-int8"
    (out / "model.json").write_text(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
