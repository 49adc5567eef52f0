"""Shapes per module (tiny config: S=64, C=32, h=4) and of the four contract stages."""
import torch

from proxyprompt.config import derived, get_config
from proxyprompt.csm import BridgeUnit, CBAMStack, SelectiveMap
from proxyprompt.model import ProxyPromptModel


def test_image_encoder(tiny_model, tiny_cfg):
    S, C = tiny_cfg["input_size"], tiny_cfg["embed_channels"]
    with torch.no_grad():
        out = tiny_model.image_encoder(torch.randn(3, 3, S, S))
    assert out.shape == (3, C, S // 16, S // 16)


def test_vim(tiny_model, tiny_cfg):
    S = tiny_cfg["input_size"]
    with torch.no_grad():
        v = tiny_model.vim(torch.randn(5, 4, S, S))
    assert v.shape == (5, tiny_cfg["vim_dim"], S // 16, S // 16)


def test_bridge_and_cbam():
    K, N, C, Cv, h = 2, 3, 16, 8, 4
    x = torch.randn(K, N, 2 * C + Cv, h, h)
    assert CBAMStack(2 * C + Cv, 4)(x).shape == x.shape
    g = BridgeUnit(C, Cv, 4)(torch.randn(K, C, h, h), torch.randn(K, N, Cv, h, h), torch.rand(K, N, 1, h, h))
    assert g.shape == (K, N, h * h, C)


def test_bridge_objects_see_each_other():
    """CBAM across the object stack: changing object 1 changes object 0's features."""
    torch.manual_seed(0)
    br = BridgeUnit(8, 4, 2).eval()
    fs, v, m = torch.randn(1, 8, 4, 4), torch.randn(1, 2, 4, 4, 4), torch.rand(1, 2, 1, 4, 4)
    v2 = v.clone()
    v2[:, 1] += 3.0
    with torch.no_grad():
        a, b = br(fs, v, m), br(fs, v2, m)
    assert (a[:, 0] - b[:, 0]).abs().max() > 1e-4


def test_selective_map_softmax_over_all_supports():
    C, h, K, N = 8, 4, 3, 2
    sm = SelectiveMap(C)
    ft, fs = torch.randn(1, C, h, h), torch.randn(K, C, h, h)
    g = torch.ones(K, N, h * h, C)
    e = sm(ft, fs, g)
    assert e.shape == (N, h * h, C)
    # rows of A sum to one over all K*hw support patches -> averaging ones gives ones
    assert torch.allclose(e, torch.ones_like(e), atol=1e-5)


def test_stages_and_forward(tiny_model, tiny_cfg):
    S, C = tiny_cfg["input_size"], tiny_cfg["embed_channels"]
    d = derived(tiny_cfg)
    K, N = 2, 3
    with torch.no_grad():
        t = tiny_model.encode_image(torch.randn(1, 3, S, S))
        s_img = torch.randn(K, 3, S, S)
        s = tiny_model.encode_image(s_img)
        g = tiny_model.encode_support(s, s_img, (torch.rand(K, N, S, S) > 0.5).float())
        assert g.shape == (K, N, d["hw"], C)
        pp = tiny_model.generate_prompt(t, s, g)
        assert pp.shape == (N, d["tokens"], C)
        logits, iou = tiny_model.decode(t, pp)
        assert logits.shape == (N, 1, S // 4, S // 4) and iou.shape == (N, 1)
        l2, _ = tiny_model(torch.randn(1, 3, S, S), s_img, (torch.rand(K, N, S, S) > 0.5).float())
    assert torch.isfinite(l2).all()


def test_small_config_sizes():
    cfg = get_config("small")
    d = derived(cfg)
    assert (cfg["input_size"], cfg["embed_channels"], d["h"], d["tokens"], d["mask_size"]) == (256, 96, 16, 256, 64)


def test_backward_reaches_every_module(tiny_cfg):
    torch.manual_seed(0)
    m = ProxyPromptModel(tiny_cfg)
    S = tiny_cfg["input_size"]
    logits, iou = m(torch.randn(1, 3, S, S), torch.randn(2, 3, S, S), (torch.rand(2, 2, S, S) > 0.5).float())
    (logits.mean() + iou.mean()).backward()
    for name in ("image_encoder", "vim", "bridge", "selective_map", "ccm", "mask_decoder"):
        grads = [p.grad for p in getattr(m, name).parameters() if p.requires_grad]
        assert any(g is not None and g.abs().sum() > 0 for g in grads), name
