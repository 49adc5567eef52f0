"""ship_rule.py: issue 14's seven conditions, a candidate ships only when it is better on every one."""
import copy

import ship_rule


def _eval(cup_v2=0.30, vcdr_v2=0.40, chase=0.69, hrf=0.65, disc=0.95, cup=0.89, vessel=0.83, idrid=0.90):
    return {"real_heldout": {"IDRiD_disc": {"K1": {"mean": idrid, "worst_image": 0.85}},
                             "CHASE_DB1_vessel": {"K1": {"mean": chase}}, "HRF_vessel": {"K1": {"mean": hrf}}},
            "synthetic_heldout": {"disc": {"mean": disc}, "cup": {"mean": cup}, "vessel": {"mean": vessel},
                                  "switch_disc_cup_fraction": 1.0},
            "synthetic_v2_heldout": {"cup": {"mean": cup_v2}, "vcdr_mae": vcdr_v2}}


def _real(painted=0.13, covers=0):
    supports = {s: {"all": {"n_targets": 81, "together": {"cup_covers_disc": covers},
                            "cup_alone": {"cup_covers_disc": covers}}} for s in ship_rule.REAL_SUPPORTS}
    return {"A_real_photographs": supports,
            "C_painted_cups_heldout": {"together": {"vcdr_mae": painted}, "constant_0.5_vcdr_mae": 0.138},
            "B_camera_shift_disc": {"shifted_all": {"mean": 0.75, "below_0.5": 4}}}


def test_a_candidate_better_everywhere_ships_and_the_same_model_does_not():
    eb, vb = _eval(), _real()
    better = ship_rule.conditions(eb, _eval(cup_v2=0.32, vcdr_v2=0.39), vb, _real(painted=0.10))
    assert all(ok for ok, _ in better.values())
    same = ship_rule.conditions(eb, copy.deepcopy(eb), vb, copy.deepcopy(vb))
    # equal is not better: the painted cups (2) and the v2 cups (7) must improve
    assert [k for k, (ok, _) in same.items() if not ok] == ["2 painted cups vCDR", "7 synthetic v2"]


def test_a_vessel_floor_or_a_covering_cup_alone_stops_the_ship():
    eb, vb = _eval(), _real()
    low_chase = ship_rule.conditions(eb, _eval(cup_v2=0.32, vcdr_v2=0.39, chase=0.683), vb, _real(painted=0.10))
    assert [k for k, (ok, _) in low_chase.items() if not ok] == ["5 vessels"]
    covering = ship_rule.conditions(eb, _eval(cup_v2=0.32, vcdr_v2=0.39), vb, _real(painted=0.10, covers=9))
    assert [k for k, (ok, _) in covering.items() if not ok] == ["1 real cup covers disc"]
