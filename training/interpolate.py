"""Weight-space interpolation of a fine-tuned checkpoint towards its base (WiSE-FT, Wortsman et al. 2022).

theta = alpha * fine + (1 - alpha) * base, tensor by tensor. A tensor the base lacks (a branch added by the
fine-tuning, such as the zero-initialised fine mask descriptor of config small_md) is interpolated towards
the value it started from: a zero-initialised output projection is scaled by alpha, every other new tensor
is kept as fine-tuned, so the branch's contribution is alpha times the fine-tuned one.

Usage: /usr/bin/python3 training/interpolate.py --base models/proxyprompt-small/weights.pt
       --fine RUN/final.pt --alpha 0.5 --out RUN/wise50.pt
"""
import argparse

import torch

# Tensors of new branches that start at zero (their output projections); the rest of a new branch is kept.
ZERO_INITIALISED = ("mask_detail.proj.",)


def interpolate(base: dict, fine: dict, alpha: float) -> dict:
    """The interpolated state dict; shapes of shared tensors must agree."""
    out = {}
    for name, tensor in fine.items():
        if name in base:
            if base[name].shape != tensor.shape:
                raise ValueError(f"{name}: base {tuple(base[name].shape)} but fine {tuple(tensor.shape)}")
            if tensor.is_floating_point():
                out[name] = alpha * tensor + (1 - alpha) * base[name]
            else:
                out[name] = tensor.clone()
        elif name.startswith(ZERO_INITIALISED):
            out[name] = alpha * tensor
        else:
            out[name] = tensor.clone()
    missing = sorted(set(base) - set(fine))
    if missing:
        raise ValueError(f"the fine-tuned checkpoint lacks {len(missing)} base tensors, e.g. {missing[:3]}")
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base", required=True)
    p.add_argument("--fine", required=True)
    p.add_argument("--alpha", type=float, required=True, help="0 = base, 1 = fine-tuned")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    if not 0.0 <= a.alpha <= 1.0:
        p.error("--alpha must lie in [0, 1]")
    base = torch.load(a.base, map_location="cpu")
    fine = torch.load(a.fine, map_location="cpu")
    state = interpolate(base["model"], fine["model"], a.alpha)
    prov = dict(fine.get("provenance", {}))
    prov["interpolation"] = {"method": "WiSE-FT weight-space interpolation", "alpha": a.alpha,
                             "base": a.base, "fine": a.fine,
                             "base_steps": base.get("provenance", {}).get("steps"),
                             "fine_steps": fine.get("provenance", {}).get("steps")}
    torch.save({"config": fine["config"], "model": state, "provenance": prov}, a.out)
    print(f"wrote {a.out}: alpha {a.alpha}, {len(state)} tensors")


if __name__ == "__main__":
    main()
