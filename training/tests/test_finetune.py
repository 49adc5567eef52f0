"""finetune.py: a pairs folder (images/ + masks/) -> a new model folder with provenance."""
import json

import cv2
import torch

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


def _pairs(folder, seeds, objects=("disc", "cup")):
    (folder / "images").mkdir(parents=True)
    (folder / "masks").mkdir()
    for s in seeds:
        g = synthetic.generate(s, 96)
        cv2.imwrite(str(folder / "images" / f"case{s}.png"), cv2.cvtColor(g["image"], cv2.COLOR_RGB2BGR))
        for o in objects:
            cv2.imwrite(str(folder / "masks" / f"case{s}_{o}.png"), g["masks"][o])
    return folder


def test_adapt_holds_pairs_out_measures_before_and_after_and_keeps_other_objects(tmp_path, tiny_model):
    src = tmp_path / "base"
    export.export_model_folder(tiny_model, src, "base", {"trained": False}, {})
    pairs = _pairs(tmp_path / "pairs", range(6000, 6006))
    out = tmp_path / "adapted"
    _adapt(pairs, src, out, "--steps", "2", "--holdout", "2", "--retain", "0.5", "--retain-count", "4",
           "--retain-eval", "2")
    mj = json.load(open(out / "model.json"))
    held = mj["provenance"]["data"][0]["held_out"]
    assert len(held) == 2 and mj["provenance"]["data"][0]["images"] == 4, "held-out pairs are never trained on"
    adaptation = mj["metrics"]["adaptation"]
    for phase in ("before", "after"):
        m = adaptation[phase]
        assert set(m["dice"]) == {"disc", "cup"} and m["targets"] == 2
        assert "vcdr_mae" in m and 0 <= m["cup_covers_disc"] <= 2
        assert set(m["retention_synthetic_dice"]) == {"disc", "cup", "vessel"}
    assert not list(tmp_path.glob(".adapted.partial-*")), "no staging folder is left"


def test_the_same_seed_and_steps_reproduce_the_weights_and_an_existing_folder_is_refused(tmp_path, tiny_model):
    src = tmp_path / "base"
    export.export_model_folder(tiny_model, src, "base", {"trained": False}, {})
    pairs = _pairs(tmp_path / "pairs", range(6100, 6104), objects=("disc",))
    weights = []
    for run in ("a", "b"):
        out = tmp_path / run
        finetune.main(["--pairs", str(pairs), "--model", str(src), "--out", str(out), "--steps", "2", "--seed", "3",
                       "--threads", "1"])
        weights.append(torch.load(out / "weights.pt")["model"])
    assert weights[0].keys() == weights[1].keys()
    assert all(torch.equal(weights[0][k], weights[1][k]) for k in weights[0]), "same seed and steps, same weights"
    base = torch.load(src / "weights.pt")["model"]
    assert not all(torch.equal(base[k], weights[0][k]) for k in base), "two steps changed the model"
    try:
        finetune.main(["--pairs", str(pairs), "--model", str(src), "--out", str(tmp_path / "a"), "--steps", "1"])
        raise AssertionError("an existing model folder must be refused")
    except SystemExit as e:
        assert "already exists" in str(e)


def test_too_few_pairs_to_train_on_are_refused_with_what_is_needed(tmp_path):
    # 3 pairs with 1 held out left 2 to train on: every pair became a target and no support was left (a crash)
    pairs = _pairs(tmp_path / "pairs", range(6200, 6203))
    try:
        finetune.main(["--pairs", str(pairs), "--model", str(tmp_path / "none"), "--out", str(tmp_path / "o"),
                       "--steps", "1", "--holdout", "1"])
    except SystemExit as e:
        assert "need at least 4 image/mask pairs (3 to train on, 1 held out), found 3" in str(e)
    else:
        raise AssertionError("3 pairs with 1 held out must be refused")
    assert not (tmp_path / "o").exists()


def test_the_base_can_hold_the_retained_synthetic_episodes_and_the_model_says_so(tmp_path, tiny_model):
    src = tmp_path / "base"
    export.export_model_folder(tiny_model, src, "base", {"trained": False}, {})
    pairs = _pairs(tmp_path / "pairs", range(6100, 6105))
    out = tmp_path / "adapted"
    retained = ("--steps", "3", "--retain", "0.9", "--retain-count", "4", "--retain-eval", "1")
    _adapt(pairs, src, out, *retained, "--teacher-weight", "1.0")
    prov = json.load(open(out / "model.json"))["provenance"]
    assert "weight 1.0" in prov["teacher"] and prov["retain"] == 0.9
    plain = tmp_path / "plain"
    _adapt(pairs, src, plain, *retained)
    assert json.load(open(plain / "model.json"))["provenance"]["teacher"] is None
    a, b = torch.load(out / "weights.pt")["model"], torch.load(plain / "weights.pt")["model"]
    assert any(not torch.equal(a[k], b[k]) for k in a), "the teacher's pull changed what was learnt"


def _adapt(pairs, src, out, *flags):
    finetune.main(["--pairs", str(pairs), "--model", str(src), "--out", str(out), "--threads", "1", *flags])
