"""finetune.py: a pairs folder (images/ + masks/) -> a new model folder with provenance."""
import json

import cv2

import export
import finetune
import synthetic


def test_finetune_writes_new_model(tmp_path, tiny_model):
    src = tmp_path / "base"
    export.export_model_folder(tiny_model, src, "base", {"trained": False}, {})
    pairs = tmp_path / "pairs"
    (pairs / "images").mkdir(parents=True)
    (pairs / "masks").mkdir()
    for s in range(3):
        g = synthetic.generate(5000 + s, 96)
        cv2.imwrite(str(pairs / "images" / f"case{s}.png"), cv2.cvtColor(g["image"], cv2.COLOR_RGB2BGR))
        for o in ("disc", "vessel"):
            cv2.imwrite(str(pairs / "masks" / f"case{s}_{o}.png"), g["masks"][o])
    out = tmp_path / "ft"
    finetune.main(["--pairs", str(pairs), "--model", str(src), "--out", str(out), "--steps", "2", "--minutes", "5"])
    mj = json.load(open(out / "model.json"))
    assert mj["provenance"]["steps"] == 2
    assert mj["provenance"]["fine_tuned_from"]["weights_sha256"] == export.sha256(src / "weights.pt")
    assert mj["provenance"]["data"][0]["objects"] == ["disc", "vessel"]
    for k in ("image_encoder", "support_encoder", "prompt_generator", "mask_decoder", "weights"):
        assert (out / mj["files"][k]["path"]).is_file()
    assert mj["files"]["weights"]["sha256"] != export.sha256(src / "weights.pt")
