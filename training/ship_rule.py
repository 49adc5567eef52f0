"""Issue 14's ship rule (training/README.md, conditions 1-7 of stage 8) applied to before/after measurement files.

Usage: /usr/bin/python3 training/ship_rule.py --eval-before E0.json --real-before V0.json
       --eval-after E1.json --real-after V1.json
(E*: evaluate.py --out; V*: validate_real.py --out). Prints each condition and SHIP or NOT SHIPPED; exits 0 when it
ships, 1 when not.
"""
import argparse
import json
import sys

REAL_SUPPORTS = ["IDRiD:IDRiD_03", "HRF:01_h", "CHASE_DB1:Image_07L", "HRF:08_g"]
LARGE_CUP = "HRF:08_g"
WAYS = ("together", "cup_alone")


def _covers(v):
    a = v["A_real_photographs"]
    n = sum(a[s]["all"]["n_targets"] * len(WAYS) for s in REAL_SUPPORTS)
    c = sum(a[s]["all"][w]["cup_covers_disc"] for s in REAL_SUPPORTS for w in WAYS)
    return c, n


def conditions(eb, ea, vb, va):
    """{name: (passed, why)} for the seven conditions, before (eb, vb) and after (ea, va)."""
    res = {}
    cb, n = _covers(vb)
    ca, _ = _covers(va)
    g = va["A_real_photographs"][LARGE_CUP]["all"]
    res["1 real cup covers disc"] = (
        ca <= max(cb / 2, 0.02 * n) and all(g[w]["cup_covers_disc"] <= 8 for w in WAYS),
        f"after {ca} of {n} (before {cb}); {LARGE_CUP} {'/'.join(str(g[w]['cup_covers_disc']) for w in WAYS)}")
    pb, pa = vb["C_painted_cups_heldout"], va["C_painted_cups_heldout"]
    res["2 painted cups vCDR"] = (
        pa["together"]["vcdr_mae"] < pb["together"]["vcdr_mae"] and pa["together"]["vcdr_mae"] < pa["constant_0.5_vcdr_mae"],
        f"after {pa['together']['vcdr_mae']} before {pb['together']['vcdr_mae']} constant {pa['constant_0.5_vcdr_mae']}")
    bb, ba = vb["B_camera_shift_disc"]["shifted_all"], va["B_camera_shift_disc"]["shifted_all"]
    res["3 disc camera shift"] = (ba["mean"] >= bb["mean"] - 0.01 and ba["below_0.5"] <= bb["below_0.5"],
                                  f"after {ba['mean']} ({ba['below_0.5']} below 0.5) before {bb['mean']} ({bb['below_0.5']})")
    i = ea["real_heldout"]["IDRiD_disc"]["K1"]
    res["4 IDRiD disc"] = (i["mean"] >= 0.89 and i["worst_image"] >= 0.82, f"mean {i['mean']} worst {i['worst_image']}")
    c = ea["real_heldout"]["CHASE_DB1_vessel"]["K1"]["mean"]
    h, hb = ea["real_heldout"]["HRF_vessel"]["K1"]["mean"], eb["real_heldout"]["HRF_vessel"]["K1"]["mean"]
    res["5 vessels"] = (c >= 0.686 and h >= hb, f"CHASE_DB1 {c} (>= 0.686), HRF {h} (before {hb})")
    s = ea["synthetic_heldout"]
    res["6 synthetic v1"] = (
        s["disc"]["mean"] >= 0.944 and s["cup"]["mean"] >= 0.881 and s["vessel"]["mean"] >= 0.822
        and s["switch_disc_cup_fraction"] >= 0.95,
        f"disc {s['disc']['mean']} cup {s['cup']['mean']} vessel {s['vessel']['mean']} switch {s['switch_disc_cup_fraction']}")
    s2b, s2a = eb["synthetic_v2_heldout"], ea["synthetic_v2_heldout"]
    res["7 synthetic v2"] = (s2a["cup"]["mean"] > s2b["cup"]["mean"] and s2a["vcdr_mae"] < s2b["vcdr_mae"],
                             f"cup {s2a['cup']['mean']} (before {s2b['cup']['mean']}), "
                             f"vCDR error {s2a['vcdr_mae']} (before {s2b['vcdr_mae']})")
    return res


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for k in ("eval-before", "real-before", "eval-after", "real-after"):
        p.add_argument("--" + k, required=True)
    a = p.parse_args(argv)
    load = lambda f: json.load(open(f))
    res = conditions(load(a.eval_before), load(a.eval_after), load(a.real_before), load(a.real_after))
    for name, (ok, why) in res.items():
        print(("PASS " if ok else "FAIL ") + name + ": " + why)
    ships = all(ok for ok, _ in res.values())
    print("SHIP" if ships else "NOT SHIPPED")
    return 0 if ships else 1


if __name__ == "__main__":
    sys.exit(main())
