"""Try: int8 dynamic quantisation of the image and support encoders (docs/engine.md, ONNX Runtime tries).

  PYTHONPATH=training/runs/quant:training/runs/ort /usr/bin/python3 training/quantize_try.py \\
      --model models/proxyprompt-small --out training/runs/model-int8 [--graphs image_encoder,support_encoder]

Needs onnxruntime.quantization, which needs onnx >= 1.13 (onnx.reference), ml_dtypes, a protobuf with
runtime_version and typing_extensions >= 4.5: Debian 12 has onnx 1.12, so those wheels are unpacked (not
installed) into training/runs/quant and onnxruntime + ml_dtypes into training/runs/ort, as training/README.md
does for onnxruntime. Copies the model folder, quantises the named graphs' weights to int8 (MatMul and Gemm
by default: quantize_dynamic, per-tensor, QInt8) and rewrites model.json's sha256 entries so the app loads the copy.
Whether to keep it is decided on Dice over the held-out pairs (java ... evaluate on both folders).
"""
import argparse
import hashlib
import json
import shutil
from pathlib import Path

from onnxruntime.quantization import QuantType, quantize_dynamic


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--graphs", default="image_encoder,support_encoder")
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
        tmp.replace(path)
        manifest["files"][g]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"{g}: {(src / path.name).stat().st_size / 1e6:.2f} MB -> {path.stat().st_size / 1e6:.2f} MB")
    manifest["name"] = manifest["name"] + "-int8"
    (out / "model.json").write_text(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
