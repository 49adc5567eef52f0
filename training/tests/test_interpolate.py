"""interpolate.py: WiSE-FT weight interpolation between a base and a fine-tuned checkpoint."""
import pytest
import torch

from interpolate import interpolate


def _pair():
    base = {"a.weight": torch.zeros(2, 2), "steps": torch.tensor(3)}
    fine = {"a.weight": torch.ones(2, 2) * 4, "steps": torch.tensor(9),
            "mask_detail.proj.weight": torch.ones(3) * 2, "mask_detail.net.0.weight": torch.ones(3) * 5}
    return base, fine


def test_alpha_one_is_the_fine_tuned_model_and_zero_is_the_base():
    base, fine = _pair()
    assert torch.equal(interpolate(base, fine, 1.0)["a.weight"], fine["a.weight"])
    zero = interpolate(base, fine, 0.0)
    assert torch.equal(zero["a.weight"], base["a.weight"])
    # the new branch's zero-initialised projection goes back to zero: the branch adds nothing, as in the base
    assert torch.equal(zero["mask_detail.proj.weight"], torch.zeros(3))


def test_shared_tensors_mix_linearly_and_new_branch_keeps_its_inner_layers():
    base, fine = _pair()
    mid = interpolate(base, fine, 0.25)
    assert torch.allclose(mid["a.weight"], torch.ones(2, 2))
    assert torch.allclose(mid["mask_detail.proj.weight"], torch.ones(3) * 0.5)
    assert torch.equal(mid["mask_detail.net.0.weight"], fine["mask_detail.net.0.weight"])
    assert torch.equal(mid["steps"], fine["steps"])  # integer buffers are not averaged


def test_mismatched_shapes_and_missing_base_tensors_are_refused():
    base, fine = _pair()
    with pytest.raises(ValueError, match="a.weight"):
        interpolate({"a.weight": torch.zeros(3)}, fine, 0.5)
    with pytest.raises(ValueError, match="lacks"):
        interpolate({**base, "b.bias": torch.zeros(1)}, fine, 0.5)
