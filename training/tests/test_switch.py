"""Switching the support mask switches the object (on the shipped trained model; skipped if untrained).

Same support image, same target: the disc mask must give an output that overlaps the target's disc
more than the cup mask's or vessel mask's output does, and vice versa."""
import json

import numpy as np
import pytest
import torch

from conftest import REPO

MODEL = REPO / "models" / "proxyprompt-small"


@pytest.fixture(scope="module")
def predictor():
    mj = json.load(open(MODEL / "model.json"))
    if not mj["provenance"].get("trained"):
        pytest.skip("models/proxyprompt-small is the untrained integration export (provenance.trained=false)")
    torch.backends.mkldnn.enabled = False
    import evaluate
    from export import load_checkpoint
    model, _ = load_checkpoint(MODEL / "weights.pt")
    return evaluate.Predictor(model)


def _run(predictor, seed_t, seed_s, objects):
    import synthetic
    t, s = synthetic.generate(seed_t, 384), synthetic.generate(seed_s, 384)
    outs = {}
    for o in objects:
        # unique cache keys: the predictor caches image embeddings by key
        p, _ = predictor.predict((f"t{seed_t}", t["image"]), [(f"s{seed_s}", s["image"], s["masks"])], [o])
        outs[o] = p[o]
    return t, outs


def test_disc_vs_cup_mask_switches_output(predictor):
    """Disc mask -> the disc, cup mask -> the (smaller) cup, from the same support image."""
    import evaluate
    wins = 0
    for i in range(4):
        t, outs = _run(predictor, 920200 + 2 * i, 920201 + 2 * i, ["disc", "cup"])
        own = evaluate.dice(outs["cup"], t["masks"]["cup"]) > evaluate.dice(outs["disc"], t["masks"]["cup"])
        own_d = evaluate.dice(outs["disc"], t["masks"]["disc"]) > evaluate.dice(outs["cup"], t["masks"]["disc"])
        wins += own and own_d
    assert wins >= 3, f"disc/cup masks selected their own object in only {wins}/4 cases"


@pytest.mark.xfail(strict=False, reason="KNOWN FAILURE of the shipped small model (measured, model.json metrics): "
                   "with a vessel mask it mostly outputs a blob around the optic disc (held-out synthetic vessel "
                   "Dice 0.12, CHASE 0.21); this weak relative check may pass anyway. See training/README.md.")
def test_disc_vs_vessel_mask_switches_output(predictor):
    import evaluate
    wins = 0
    pairs = [(920000 + 2 * i, 920001 + 2 * i) for i in range(4)]
    for ts, ss in pairs:
        t, outs = _run(predictor, ts, ss, ["disc", "vessel"])
        assert not np.array_equal(outs["disc"], outs["vessel"])
        d_disc = evaluate.dice(outs["disc"], t["masks"]["disc"]) > evaluate.dice(outs["vessel"], t["masks"]["disc"])
        d_ves = evaluate.dice(outs["vessel"], t["masks"]["vessel"]) > evaluate.dice(outs["disc"], t["masks"]["vessel"])
        wins += d_disc and d_ves
    assert wins >= 3, f"disc/vessel masks selected their own object in only {wins}/4 cases"


def test_cup_output_smaller_than_disc_output(predictor):
    smaller = 0
    for i in range(4):
        _, outs = _run(predictor, 920100 + 2 * i, 920101 + 2 * i, ["disc", "cup"])
        smaller += 0 < outs["cup"].sum() < outs["disc"].sum()
    assert smaller >= 3, f"cup output smaller than disc output in only {smaller}/4 cases"
