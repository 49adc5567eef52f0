"""The export forms of the selective scan equal the sequential recurrence and never produce NaN/inf."""
import pytest
import torch
import torch.nn.functional as F

from proxyprompt import vim
from proxyprompt.vim import (segsum_exp, selective_scan, selective_scan_chunked, selective_scan_recurrent,
                             selective_scan_ref, selective_scan_two_level, sqrt_chunk)


def _inputs(b=2, L=32, d=6, n=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(b, L, d, generator=g), F.softplus(torch.randn(b, L, d, generator=g)),
            -torch.rand(d, n, generator=g) * 4 - 0.1, torch.randn(b, L, n, generator=g),
            torch.randn(b, L, n, generator=g), torch.randn(d, generator=g))


@pytest.mark.parametrize("chunk", [1, 4, 8, 32])
def test_matches_sequential(chunk):
    u, dl, A, B, C, D = _inputs()
    ref = selective_scan_ref(u, dl, A, B, C, D)
    assert torch.allclose(selective_scan_chunked(u, dl, A, B, C, D, chunk), ref, atol=1e-4, rtol=1e-4)
    assert torch.allclose(selective_scan_recurrent(u, dl, A, B, C, D), ref, atol=1e-4, rtol=1e-4)


@pytest.mark.parametrize("delta_scale,a_scale", [(1e4, 1.0), (1.0, 1e4), (1e3, 1e3), (1e-6, 1e-6), (50.0, 50.0)])
def test_no_nan_at_extremes(delta_scale, a_scale):
    u, dl, A, B, C, D = _inputs(seed=1)
    dl = (dl * delta_scale).requires_grad_(True)
    A = (A * a_scale).requires_grad_(True)
    ref = selective_scan_ref(u, dl.detach(), A.detach(), B, C, D)
    for fn in (lambda *a: selective_scan_chunked(*a, 8), selective_scan_recurrent, selective_scan_two_level,
               lambda *a: selective_scan_two_level(*a, 4)):
        dl.grad = A.grad = None
        y = fn(u, dl, A, B, C, D)
        assert torch.isfinite(y).all()
        y.sum().backward()
        assert torch.isfinite(dl.grad).all() and torch.isfinite(A.grad).all()
        assert torch.allclose(y.detach(), ref, rtol=1e-3, atol=1e-3 * float(ref.abs().max()))


@pytest.mark.parametrize("L,chunk", [(32, None), (32, 1), (32, 4), (32, 32), (30, 8), (31, None), (256, None), (1, None)])
def test_two_level_matches_float64_reference(L, chunk):
    u, dl, A, B, C, D = _inputs(L=L, seed=L)
    ref = selective_scan_ref(u, dl, A, B, C, D)
    y = selective_scan_two_level(u, dl, A, B, C, D, chunk)
    assert y.shape == ref.shape
    assert torch.allclose(y, ref, atol=1e-5, rtol=1e-5)


def test_sqrt_chunk_is_the_smallest_divisor_not_below_sqrt():
    assert [sqrt_chunk(L) for L in (1, 2, 16, 30, 31, 256, 4096)] == [1, 2, 4, 6, 31, 16, 64]


def test_tracing_uses_the_two_level_form_and_eager_the_recurrence(monkeypatch):
    u, dl, A, B, C, D = _inputs(L=16)
    calls = []
    monkeypatch.setattr(vim, "selective_scan_two_level", lambda *a: calls.append("two_level") or a[0])
    monkeypatch.setattr(vim, "selective_scan_recurrent", lambda *a: calls.append("recurrent") or a[0])
    selective_scan(u, dl, A, B, C, D, 4)
    torch.jit.trace(lambda *a: selective_scan(*a, 4), (u, dl, A, B, C, D), check_trace=False)
    assert calls == ["recurrent", "two_level"]


def test_naive_cumsum_form_would_overflow():
    """Documents why the segment-sum form is used: exp(-cumsum) overflows for large Delta*|A|."""
    a = torch.full((64,), -50.0)
    naive = torch.exp(-torch.cumsum(a, 0))
    assert not torch.isfinite(naive).all()
    W = segsum_exp(a)
    assert torch.isfinite(W).all() and W.max() <= 1.0
    assert torch.all(W.triu(1) == 0)


def test_vim_module_finite_with_huge_inputs(tiny_model, tiny_cfg):
    from proxyprompt.config import encoder_size
    S = encoder_size(tiny_cfg)
    x = torch.randn(2, 4, S, S) * 1e3
    with torch.no_grad():
        assert torch.isfinite(tiny_model.vim(x)).all()
