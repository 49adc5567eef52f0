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
        p, _ = predictor.predict(("t", t["image"]), [("s", s["image"], s["masks"])], [o])
        outs[o] = p[o]
    return t, outs


def test_disc_vs_vessel_mask_switches_output(predictor):
    import evaluate
    wins = 0
    pairs = [(920000 + 2 * i, 920001 + 2 * i) for i in range(4)]
    for ts, ss in pairs:
        t, outs = _run(predictor, ts, ss, ["disc", "vessel"])
        assert not np.array_equal(outs["disc"], outs["vessel"])
        d_disc = evaluate.dice(outs["disc"], t["masks"]["disc"])
        d_cross = evaluate.dice(outs["vessel"], t["masks"]["disc"])
        wins += d_disc > d_cross
    assert wins >= 3, f"disc mask beat vessel mask on the disc in only {wins}/4 cases"


def test_cup_output_inside_disc_and_smaller(predictor):
    t, outs = _run(predictor, 920100, 920101, ["disc", "cup"])
    if outs["disc"].sum() == 0:
        pytest.fail("no disc predicted")
    assert outs["cup"].sum() < outs["disc"].sum()
