"""The fine mask descriptor (csm.MaskDetail, config small_md): starts at zero, keeps the contract, exports."""
import numpy as np
import pytest
import torch

import export
from proxyprompt.config import derived, get_config
from proxyprompt.model import ProxyPromptModel


@pytest.fixture(scope="module")
def pair():
    torch.manual_seed(0)
    base = ProxyPromptModel(get_config("tiny")).eval()
    md = ProxyPromptModel(get_config("tiny", mask_detail=16)).eval()
    missing, unexpected = md.load_state_dict(base.state_dict(), strict=False)
    assert all(k.startswith("mask_detail.") for k in missing) and not unexpected
    return base, md


def test_zero_init_equals_the_loaded_model_and_shapes_hold(pair):
    base, md = pair
    cfg = base.cfg
    S, h = cfg["input_size"], derived(cfg)["h"]
    torch.manual_seed(1)
    for K, N in ((1, 1), (2, 3)):
        s_img = torch.randn(K, 3, S, S)
        s_msk = (torch.rand(K, N, S, S) > 0.5).float()
        with torch.no_grad():
            e = base.encode_image(s_img)
            g0 = base.encode_support(e, s_img, s_msk)
            g1 = md.encode_support(e, s_img, s_msk)
        assert g1.shape == (K, N, h * h, cfg["embed_channels"])
        assert torch.equal(g0, g1)


def test_mask_detail_sees_fine_mask_differences(pair):
    _, md = pair
    S = md.cfg["input_size"]
    with torch.no_grad():
        for p in md.mask_detail.parameters():
            p.normal_(0, 0.2)
    img = torch.randn(1, 3, S, S)
    yy, xx = torch.meshgrid(torch.arange(S), torch.arange(S), indexing="ij")
    r = ((yy - S / 2) ** 2 + (xx - S / 2) ** 2).float().sqrt()
    disc, cup = (r < 12).float(), (r < 9).float()   # same 32 px token after pooling, different at 8h
    out = md.mask_detail(img, torch.stack([disc, cup])[None], md.cfg["patch_size"] * md.ds // 8)
    assert (out[0, 0] - out[0, 1]).abs().max() > 1e-3


def test_export_with_mask_detail(tmp_path, pair):
    _, md = pair
    mj, _ = export.export_model_folder(md, tmp_path / "m", "tiny-md", {"trained": False}, {})
    assert mj["input_size"] == 128
    ort = pytest.importorskip("onnxruntime")
    m = export.prepare_for_export(md)
    S = md.cfg["input_size"]
    s_img = torch.randn(3, 3, S, S)
    s_msk = (torch.rand(3, 1, S, S) > 0.5).float()
    with torch.no_grad():
        e = m.encode_image(s_img)
        ref = m.encode_support(e, s_img, s_msk)
    sess = ort.InferenceSession(str(tmp_path / "m" / "support_encoder.onnx"), providers=["CPUExecutionProvider"])
    g = sess.run(None, {"support_embedding": e.numpy(), "support_image": s_img.numpy(),
                        "support_masks": s_msk.numpy()})[0]
    assert np.abs(g - ref.numpy()).max() < 1e-3
