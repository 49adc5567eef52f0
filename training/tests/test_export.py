"""ONNX export round trip on the tiny config: contract names, dynamic K/N/B, checker, (onnxruntime)."""
import json

import numpy as np
import onnx
import pytest
import torch

import export


def test_export_roundtrip(tmp_path, tiny_model):
    mj, doc = export.export_model_folder(tiny_model, tmp_path / "m", "tiny-test",
                                         {"trained": False}, {}, vectors_dir=tmp_path / "vec")
    for name, (_, ins, outs, _) in export.graphs_of(tiny_model).items():
        g = onnx.load(str(tmp_path / "m" / f"{name}.onnx"))
        onnx.checker.check_model(g)
        assert [i.name for i in g.graph.input] == ins
        assert [o.name for o in g.graph.output] == outs
        assert g.opset_import[0].version == 17
        assert mj["files"][name]["sha256"] == export.sha256(tmp_path / "m" / f"{name}.onnx")
    assert mj["input_size"] == 128 and mj["mask_size"] == 64 and mj["opset"] == 17
    assert mj["encoder_downsample"] == 2 and mj["embedding_size"] == 4
    assert mj["hr_features"] == {"channels": 4, "size": 64}
    assert [i.name for i in onnx.load(str(tmp_path / "m" / "mask_decoder.onnx")).graph.input] == \
        ["target_embedding", "target_hr_features", "proxy_prompt"]
    assert json.load(open(tmp_path / "m" / "model.json"))["name"] == "tiny-test"
    # vectors: shapes match files
    for t in doc["tensors"].values():
        arr = np.fromfile(tmp_path / "vec" / t["file"], dtype="<f4")
        assert arr.size == int(np.prod(t["shape"]))
    assert doc["K"] == 2 and doc["N"] == 2


def test_onnxruntime_matches_torch(tmp_path, tiny_model, tiny_cfg):
    ort = pytest.importorskip("onnxruntime")
    m = export.prepare_for_export(tiny_model)
    paths = export.export_graphs(m, tmp_path)
    S = tiny_cfg["input_size"]
    K, N = 3, 1  # differs from the traced K=2, N=2
    img = torch.randn(1, 3, S, S)
    s_img = torch.randn(K, 3, S, S)
    s_msk = (torch.rand(K, N, S, S) > 0.5).float()
    with torch.no_grad():
        ref, _ = m(img, s_img, s_msk)

    def run(name, **kw):
        sess = ort.InferenceSession(str(paths[name]), providers=["CPUExecutionProvider"])
        return sess.run(None, {k: v.numpy() if torch.is_tensor(v) else v for k, v in kw.items()})
    t, t_hr = run("image_encoder", image=img.numpy())
    s = run("image_encoder", image=s_img.numpy())[0]
    g = run("support_encoder", support_embedding=s, support_image=s_img.numpy(), support_masks=s_msk.numpy())[0]
    pp = run("prompt_generator", target_embedding=t, support_embedding=s, object_features=g)[0]
    logits, iou = run("mask_decoder", target_embedding=t, target_hr_features=t_hr, proxy_prompt=pp)
    assert logits.shape == (N, 1, S // 2, S // 2)
    assert np.abs(logits - ref.numpy()).max() < 1e-3
