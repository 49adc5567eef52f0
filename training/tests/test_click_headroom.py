"""click_headroom.local_oracle: the best bias around each simulated click, an upper bound for a click head."""
import numpy as np

import click_headroom


def test_a_region_the_logits_rank_right_but_below_threshold_is_recovered_by_one_click():
    gt = np.zeros((100, 100), bool)
    gt[20:30, 10:90] = True          # a vessel ...
    gt[60:64, 10:90] = True          # ... and a thin one the model ranks right but scores below 0
    L = np.where(gt, 2.0, -3.0).astype(np.float32)
    L[60:64, 10:90] = -1.0
    curve = click_headroom.local_oracle(L, gt, 1.0, clicks=2)
    assert curve[0] < 0.9
    assert curve[1] == 1.0 and curve[2] == 1.0


def test_a_vessel_the_logits_do_not_rank_cannot_be_recovered():
    gt = np.zeros((100, 100), bool)
    gt[20:30, 10:90] = True
    gt[60:64, 10:90] = True
    L = np.where(gt, 2.0, -3.0).astype(np.float32)
    L[60:64, 10:90] = -5.0           # scored below the background around it: no bias picks it out
    curve = click_headroom.local_oracle(L, gt, 0.5, clicks=1)
    assert curve[1] == curve[0]
