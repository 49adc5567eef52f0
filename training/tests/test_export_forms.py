"""The export-time forms of LayerNorm2d and Softplus compute what the eager forms compute."""
import torch
import torch.nn.functional as F

from proxyprompt import common


def _as_if_exporting(monkeypatch):
    monkeypatch.setattr(common, "exporting", lambda: True)


def test_layernorm2d_export_form_matches_eager(monkeypatch):
    g = torch.Generator().manual_seed(0)
    ln = common.LayerNorm2d(6)
    with torch.no_grad():
        ln.weight.copy_(torch.randn(6, generator=g))
        ln.bias.copy_(torch.randn(6, generator=g))
    x = torch.randn(2, 6, 5, 7, generator=g) * 3 + 1
    ref = ln(x)
    _as_if_exporting(monkeypatch)
    assert torch.allclose(ln(x), ref, atol=1e-5)


def test_softplus_export_form_matches_eager_and_stays_finite(monkeypatch):
    x = torch.cat([torch.linspace(-30, 30, 601), torch.tensor([-1e4, -80.0, 19.99, 20.01, 80.0, 1e4])])
    ref = F.softplus(x)
    _as_if_exporting(monkeypatch)
    got = common.softplus(x)
    assert torch.isfinite(got).all()
    assert torch.allclose(got, ref, atol=1e-6, rtol=1e-6)


def test_baseline_switch_restores_the_literal_forms(monkeypatch):
    _as_if_exporting(monkeypatch)
    monkeypatch.setattr(common, "EXPORT_FAST_FORMS", False)
    x = torch.randn(10)
    assert torch.equal(common.softplus(x), F.softplus(x))
