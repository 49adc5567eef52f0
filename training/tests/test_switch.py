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
    size = predictor.S   # drawn at the model's input size
    t, s = synthetic.generate(seed_t, size), synthetic.generate(seed_s, size)
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


def test_disc_vs_vessel_mask_switches_output(predictor):
    """Disc mask -> the disc, vessel mask -> the vessel tree (not a blob), from the same support image."""
    import evaluate
    wins = 0
    pairs = [(920000 + 2 * i, 920001 + 2 * i) for i in range(4)]
    for ts, ss in pairs:
        t, outs = _run(predictor, ts, ss, ["disc", "vessel"])
        assert not np.array_equal(outs["disc"], outs["vessel"])
        d_disc = evaluate.dice(outs["disc"], t["masks"]["disc"]) > evaluate.dice(outs["vessel"], t["masks"]["disc"])
        d_ves = evaluate.dice(outs["vessel"], t["masks"]["vessel"]) > evaluate.dice(outs["disc"], t["masks"]["vessel"])
        vessel_dice = evaluate.dice(outs["vessel"], t["masks"]["vessel"])
        wins += d_disc and d_ves and vessel_dice > 0.5
    assert wins >= 3, f"disc/vessel masks selected their own object in only {wins}/4 cases"


# Twelve support/target pairs. KNOWN WEAKNESS (measured 2026-11-25 on the shipped 768 px model and on each of the three
# models before it alike): with 3 of these 12 supports (seeds 920001, 920101, 920107) the disc mask gives the cup, so the two outputs
# are the same. Disc/cup switching therefore holds for 9/12 supports; the floor below is 8/12.
SWITCH_PAIRS = [(b + 2 * i, b + 1 + 2 * i) for b in (920000, 920100, 920200) for i in range(4)]


def test_cup_output_clearly_smaller_than_disc_output(predictor):
    smaller = 0
    for ts, ss in SWITCH_PAIRS:
        _, outs = _run(predictor, ts, ss, ["disc", "cup"])
        smaller += 0 < outs["cup"].sum() < 0.9 * outs["disc"].sum()
    assert smaller >= 8, f"cup output clearly smaller than disc output for only {smaller}/12 supports"
