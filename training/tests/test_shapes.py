"""Shapes per module (tiny config: S=128 pooled 2x for ViT/Vim, C=32, h=4, hr path) and of the four
contract stages."""
import torch

from proxyprompt.config import derived, encoder_size, get_config
from proxyprompt.csm import BridgeUnit, CBAMStack, SelectiveMap
from proxyprompt.model import ProxyPromptModel


def test_image_encoder(tiny_model, tiny_cfg):
    E, C = encoder_size(tiny_cfg), tiny_cfg["embed_channels"]
    with torch.no_grad():
        out = tiny_model.image_encoder(torch.randn(3, 3, E, E))
        full = tiny_model.encode_image(torch.randn(3, 3, 2 * E, 2 * E))
    assert out.shape == (3, C, E // 16, E // 16) and full.shape == out.shape


def test_vim(tiny_model, tiny_cfg):
    E = encoder_size(tiny_cfg)
    with torch.no_grad():
        v = tiny_model.vim(torch.randn(5, 4, E, E))
    assert v.shape == (5, tiny_cfg["vim_dim"], E // 16, E // 16)


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
        hr = tiny_model.encode_hr(torch.randn(1, 3, S, S))
        assert hr.shape == (1, tiny_cfg["hr_channels"], S // 2, S // 2)
        logits, iou = tiny_model.decode(t, pp, hr)
        assert logits.shape == (N, 1, d["mask_size"], d["mask_size"]) == (N, 1, S // 2, S // 2)
        assert iou.shape == (N, 1)
        l2, _ = tiny_model(torch.randn(1, 3, S, S), s_img, (torch.rand(K, N, S, S) > 0.5).float())
    assert torch.isfinite(l2).all()


def test_small_config_sizes():
    cfg = get_config("small")
    d = derived(cfg)
    assert (cfg["input_size"], cfg["embed_channels"], d["h"], d["tokens"], d["mask_size"]) == (768, 96, 16, 256, 384)
    assert (encoder_size(cfg), d["hr_channels"], d["hr_size"]) == (256, 8, 384)
    paper = derived(get_config("paper"))
    assert (paper["h"], paper["mask_size"], paper["hr_channels"]) == (64, 256, 0)   # SAM's own contract


def test_small_uses_the_multi_scale_stem_and_older_configs_keep_theirs():
    """`small` builds the multi-scale high-resolution stem; a config saved before `hr_stem` existed (the
    checkpoints of phases 3-4) still builds the two-convolution stem its weights belong to."""
    from proxyprompt.decoder import HighResStem, HighResUNetStem
    torch.manual_seed(0)
    m = ProxyPromptModel(get_config("small"))
    assert isinstance(m.hr_stem, HighResUNetStem)
    with torch.no_grad():
        hr = m.encode_hr(torch.randn(1, 3, 512, 512))
    assert hr.shape == (1, 8, 256, 256)
    old = {k: v for k, v in get_config("small").items() if k != "hr_stem"}
    assert isinstance(ProxyPromptModel(old).hr_stem, HighResStem)
    assert isinstance(ProxyPromptModel(get_config("small_shallow")).hr_stem, HighResStem)


def test_multi_scale_stem_sees_context_beyond_the_shallow_stem():
    """The point of the multi-scale stem: an output pixel responds to image content 12 px away, which the
    two 3x3 convolutions (7 px field) cannot see."""
    from proxyprompt.decoder import HighResStem, HighResUNetStem
    torch.manual_seed(0)
    for stem, reaches in ((HighResUNetStem(8), True), (HighResStem(8), False)):
        x = torch.zeros(1, 3, 128, 128, requires_grad=True)
        stem(x)[0, :, 32, 32].sum().backward()          # output (32, 32) sits over input (64, 64)
        far = x.grad[0, :, 64, 76].abs().sum().item()   # 12 input pixels to the right
        assert (far > 0) == reaches, type(stem).__name__


def test_refinement_starts_at_the_upsampled_coarse_logits(tiny_cfg):
    """A warm-started model (new high-resolution path, zero-initialised correction) begins exactly at
    its coarse logits; once the correction's weights move, the high-resolution image changes the output."""
    import torch.nn.functional as F
    torch.manual_seed(1)
    m = ProxyPromptModel(tiny_cfg).eval()
    S, d = tiny_cfg["input_size"], derived(tiny_cfg)
    dec = m.mask_decoder
    t = m.encode_image(torch.randn(1, 3, S, S))
    pp = torch.randn(2, d["tokens"], tiny_cfg["embed_channels"])
    with torch.no_grad():
        hr_a, hr_b = m.encode_hr(torch.randn(1, 3, S, S)), m.encode_hr(torch.randn(1, 3, S, S))
        a, _ = m.decode(t, pp, hr_a)
        b, _ = m.decode(t, pp, hr_b)
        assert torch.equal(a, b)
        dec.hr_refine.hyper.layers[-1].bias.fill_(1.0)
        c, _ = m.decode(t, pp, hr_a)
        e, _ = m.decode(t, pp, hr_b)
    assert (c - e).abs().max() > 1e-4
    assert a.shape[-1] == S // 2 and F.interpolate(a, size=(4, 4)).shape == (2, 1, 4, 4)


def test_backward_reaches_every_module(tiny_cfg):
    torch.manual_seed(0)
    m = ProxyPromptModel(tiny_cfg)
    # the refinement's correction is zero-initialised (warm starts begin at the coarse logits), which
    # blocks the gradient to hr_stem until its hypernetwork has moved: move it as one step would
    with torch.no_grad():
        m.mask_decoder.hr_refine.hyper.layers[-1].bias.fill_(0.1)
    S = tiny_cfg["input_size"]
    logits, iou = m(torch.randn(1, 3, S, S), torch.randn(2, 3, S, S), (torch.rand(2, 2, S, S) > 0.5).float())
    (logits.mean() + iou.mean()).backward()
    for name in ("image_encoder", "vim", "bridge", "selective_map", "ccm", "mask_decoder", "hr_stem"):
        grads = [p.grad for p in getattr(m, name).parameters() if p.requires_grad]
        assert any(g is not None and g.abs().sum() > 0 for g in grads), name
