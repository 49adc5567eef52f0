"""Vision Mamba (Vim) encoder for CSM step 1: bidirectional, input-dependent selective scan.

Selective scan (Mamba, Gu & Dao 2023), per channel d and state n:
    h_t = exp(Delta_t[d] * A[d, n]) * h_{t-1} + Delta_t[d] * B_t[n] * x_t[d]
    y_t[d] = sum_n C_t[n] * h_t[d, n] + D[d] * x_t[d]
Delta, B, C are computed from the tokens (input-dependent selection).

Eager PyTorch runs the sequential recurrence. ONNX export uses `selective_scan_two_level`: the same
recurrence split into chunks of Lc ~ sqrt(L) positions, run step by step inside all chunks at once
(Lc steps) and then once across the chunks to carry the entering states (L/Lc steps), so the traced
graph has ~2 sqrt(L) small steps instead of L, does about twice the arithmetic of the recurrence
(not ~10x), and ONNX Runtime runs it faster than eager PyTorch runs the plain loop. Every decay it forms is exp of a
non-positive number (<= 1), so nothing can overflow whatever Delta or A are (tests/test_scan.py).

`selective_scan_chunked` is the earlier loop-free export form, kept as a second exact evaluation and
as the baseline of training/bench_ort.py: inside a chunk of length Lc, and again across chunks, the
decay between positions s <= t is exp(sum_{k=s+1..t} a_k) = exp(cum_t - cum_s) with cum the running
sum of the (non-positive) log-decays ("segment sum"); masked (s > t) entries are set to -1e30 before
exp, giving exactly 0. It materialises [b, d, n, L/Lc, Lc, Lc] decay matrices, ~10x the arithmetic
of the recurrence, and ran ~5x slower in ONNX Runtime than the eager recurrence. The naive cumsum
form exp(S_t) * cumsum(exp(-S_s) u_s) overflows to inf/NaN for large Delta*|A|; neither form does.
`selective_scan_ref` is the float64 sequential reference.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from .common import RMSNorm, softplus
from .config import encoder_size

_NEG = -1e30  # exp(_NEG) == 0 in float32; finite, so no inf - inf anywhere


def segsum_exp(a):
    """a: [..., T] log-decays (<= 0). Returns W [..., T, T], W[t, s] = exp(sum_{k=s+1..t} a_k) for
    s <= t, else exactly 0.

    The exponent is cum[t] - cum[s] with cum = cumsum(a). A running sum of non-positive terms is
    monotonically non-increasing in floating point too, so the exponent is <= 0 for s <= t and exp
    never overflows; entries with s > t (where the difference is positive and could be huge) are
    replaced by a large negative constant before exp, so no inf appears in the forward or backward."""
    T = a.shape[-1]
    cum = torch.cumsum(a, dim=-1)
    diff = cum.unsqueeze(-1) - cum.unsqueeze(-2)        # [..., t, s]
    lower = torch.tril(torch.ones(T, T, dtype=torch.bool), diagonal=0)
    return torch.exp(torch.where(lower, diff, torch.full_like(diff, _NEG)))


EXPORT_FORM = "two_level"  # or "chunked" (the earlier export form; training/bench_ort.py --baseline)


def selective_scan(u, delta, A, B, C, D, chunk=16):
    """u, delta: [b, L, d]; A: [d, n] (negative); B, C: [b, L, n]; D: [d]. Returns y [b, L, d].

    Eager PyTorch (training, evaluation) runs the sequential recurrence; ONNX export (and tracing)
    runs the two-level form (`chunk` only applies to the chunked form). All are exact evaluations of
    the same recurrence (tests/test_scan.py)."""
    if torch.onnx.is_in_onnx_export() or torch.jit.is_tracing() or torch.jit.is_scripting():
        if EXPORT_FORM == "chunked":
            return selective_scan_chunked(u, delta, A, B, C, D, chunk)
        return selective_scan_two_level(u, delta, A, B, C, D)
    return selective_scan_recurrent(u, delta, A, B, C, D)


def sqrt_chunk(L):
    """Smallest divisor of L that is >= sqrt(L) (L itself for a prime)."""
    c = max(1, math.isqrt(L - 1) + 1) if L > 1 else 1
    while L % c:
        c += 1
    return c


def selective_scan_two_level(u, delta, A, B, C, D, chunk=None):
    """Recurrence in two levels (used for ONNX export); chunk defaults to `sqrt_chunk(L)`.

    Level 1 runs h_t = a_t h_{t-1} + b_t from a zero state inside every chunk at once (Lc steps on
    [b, nc, 1, d, n]); level 2 carries the true entering state of each chunk, s_c = g_{c-1} s_{c-1}
    + e_{c-1} (g = the chunk's whole decay, e = its end state from zero; nc - 2 steps); finally
    h_t += exp(cumsum of the chunk's log-decays up to t) * s_c. Tensors are sliced with split (not
    unbind) so the graph needs no Squeeze/Unsqueeze per step, and y = h C is one batched MatMul."""
    b, L, d = u.shape
    n = A.shape[1]
    Lc = chunk or sqrt_chunk(L)
    Lc = Lc if L % Lc == 0 else L
    nc = L // Lc
    dA = (delta.unsqueeze(-1) * A).reshape(b, nc, Lc, d, n)                 # log-decays <= 0
    dBu = ((delta * u).unsqueeze(-1) * B.unsqueeze(2)).reshape(b, nc, Lc, d, n)
    h = None
    hs = []
    for a_t, b_t in zip(torch.exp(dA).split(1, 2), dBu.split(1, 2)):    # level 1
        h = b_t if h is None else torch.addcmul(b_t, a_t, h)
        hs.append(h)
    h = torch.cat(hs, 2)                                                  # [b, nc, Lc, d, n]
    if nc > 1:
        decay = torch.exp(torch.cumsum(dA, 2))                            # <= 1
        g = decay[:, :, -1:].split(1, 1)
        e = hs[-1].split(1, 1)
        s = e[0]
        h_in = [torch.zeros_like(s), s]
        for c in range(1, nc - 1):                                        # level 2
            s = torch.addcmul(e[c], g[c], s)
            h_in.append(s)
        h = h + decay * torch.cat(h_in, 1)
    h = h.reshape(b, L, d, n)
    return (h @ C.unsqueeze(-1)).squeeze(-1) + u * D


def selective_scan_recurrent(u, delta, A, B, C, D):
    """Sequential form: h_t = exp(Delta_t A) h_{t-1} + Delta_t B_t x_t (decay <= 1: cannot overflow)."""
    dA = torch.exp(delta.unsqueeze(-1) * A).unbind(1)             # L x [b, d, n]
    dBu = ((delta * u).unsqueeze(-1) * B.unsqueeze(2)).unbind(1)  # L x [b, d, n]
    h = torch.zeros_like(dBu[0])
    hs = []
    for a_t, b_t in zip(dA, dBu):
        h = torch.addcmul(b_t, a_t, h)
        hs.append(h)
    hs = torch.stack(hs, 1)                                       # [b, L, d, n]
    return (hs * C.unsqueeze(2)).sum(-1) + u * D


def selective_scan_chunked(u, delta, A, B, C, D, chunk=16):
    """Chunked parallel form (used for ONNX export). L must be a multiple of `chunk`."""
    b, L, d = u.shape
    n = A.shape[1]
    Lc = chunk if L % chunk == 0 else L
    nc = L // Lc
    # log-decays and inputs, layout [b, d, n, nc, Lc]
    dA = (delta.unsqueeze(-1) * A).permute(0, 2, 3, 1).reshape(b, d, n, nc, Lc)
    dBu = ((delta * u).unsqueeze(-1) * B.unsqueeze(2)).permute(0, 2, 3, 1).reshape(b, d, n, nc, Lc)
    # intra-chunk states
    W = segsum_exp(dA)                                   # [b, d, n, nc, Lc, Lc]
    h_intra = (W * dBu.unsqueeze(-2)).sum(-1)            # [b, d, n, nc, Lc]
    # states carried across chunks
    g = dA.sum(-1)                                       # [b, d, n, nc] total log-decay per chunk
    e = h_intra[..., -1]                                 # state at the end of each chunk (from 0)
    Wc = segsum_exp(g)                                   # [b, d, n, nc, nc]
    h_end = (Wc * e.unsqueeze(-2)).sum(-1)               # true end-of-chunk states
    h_in = torch.cat([torch.zeros_like(h_end[..., :1]), h_end[..., :-1]], dim=-1)  # entering state
    decay_from_start = torch.exp(torch.cumsum(dA, dim=-1))  # exp(sum_{k<=t} a_k) <= 1
    h = h_intra + decay_from_start * h_in.unsqueeze(-1)  # [b, d, n, nc, Lc]
    h = h.reshape(b, d, n, L)
    y = (h * C.permute(0, 2, 1).unsqueeze(1)).sum(2)     # [b, d, L]
    return y.permute(0, 2, 1) + u * D


def selective_scan_ref(u, delta, A, B, C, D):
    """Sequential reference (float64 inside for testing)."""
    b, L, d = u.shape
    h = torch.zeros(b, d, A.shape[1], dtype=torch.float64)
    ys = []
    for t in range(L):
        dA = torch.exp(delta[:, t, :, None].double() * A.double())
        h = dA * h + (delta[:, t, :, None] * u[:, t, :, None]).double() * B[:, t, None, :].double()
        ys.append((h * C[:, t, None, :].double()).sum(-1))
    y = torch.stack(ys, 1)
    return (y + u.double() * D.double()).to(u.dtype)


class _Direction(nn.Module):
    """Causal depthwise conv + input-dependent SSM parameters for one scan direction."""

    def __init__(self, d_inner, d_state, d_conv, dt_rank):
        super().__init__()
        self.conv1d = nn.Conv1d(d_inner, d_inner, d_conv, groups=d_inner, padding=d_conv - 1)
        self.x_proj = nn.Linear(d_inner, dt_rank + 2 * d_state, bias=False)
        self.dt_proj = nn.Linear(dt_rank, d_inner, bias=True)
        A = torch.arange(1, d_state + 1, dtype=torch.float32).repeat(d_inner, 1)
        self.A_log = nn.Parameter(torch.log(A))
        self.D = nn.Parameter(torch.ones(d_inner))
        # Mamba's dt initialisation: softplus(bias) in [1e-3, 1e-1]
        dt = torch.exp(torch.rand(d_inner) * (math.log(0.1) - math.log(1e-3)) + math.log(1e-3))
        with torch.no_grad():
            self.dt_proj.bias.copy_(dt + torch.log(-torch.expm1(-dt)))
        self.dt_rank, self.d_state = dt_rank, d_state

    def forward(self, x, chunk):  # x: [b, L, d_inner]
        L = x.shape[1]
        x = self.conv1d(x.transpose(1, 2))[..., :L].transpose(1, 2)
        x = F.silu(x)
        dbc = self.x_proj(x)
        dt, Bm, Cm = torch.split(dbc, [self.dt_rank, self.d_state, self.d_state], dim=-1)
        delta = softplus(self.dt_proj(dt))
        A = -torch.exp(self.A_log)
        return selective_scan(x, delta, A, Bm, Cm, self.D, chunk)


class BiMamba(nn.Module):
    """Vim's bidirectional Mamba mixer: shared in/out projections, separate forward/backward SSMs."""

    def __init__(self, dim, d_state, expand, d_conv, chunk):
        super().__init__()
        d_inner = expand * dim
        dt_rank = math.ceil(dim / 16)
        self.in_proj = nn.Linear(dim, 2 * d_inner, bias=False)
        self.fwd = _Direction(d_inner, d_state, d_conv, dt_rank)
        self.bwd = _Direction(d_inner, d_state, d_conv, dt_rank)
        self.out_proj = nn.Linear(d_inner, dim, bias=False)
        self.chunk = chunk

    def forward(self, x):  # [b, L, dim]
        L = x.shape[1]
        xz = self.in_proj(x)
        xs, z = xz.chunk(2, dim=-1)
        rev = torch.arange(L - 1, -1, -1)
        y_f = self.fwd(xs, self.chunk)
        y_b = self.bwd(xs[:, rev], self.chunk)[:, rev]
        return self.out_proj((y_f + y_b) * 0.5 * F.silu(z))


class VimBlock(nn.Module):
    def __init__(self, dim, d_state, expand, d_conv, chunk):
        super().__init__()
        self.norm = RMSNorm(dim)
        self.mixer = BiMamba(dim, d_state, expand, d_conv, chunk)

    def forward(self, x):
        return x + self.mixer(self.norm(x))


class VisionMamba(nn.Module):
    """Vim encoder: [b, 4, S, S] (image + one object mask) -> [b, C_v, S/16, S/16]."""

    def __init__(self, cfg, in_chans=4):
        super().__init__()
        S, p, dim = encoder_size(cfg), cfg["patch_size"], cfg["vim_dim"]
        self.grid = S // p
        self.patch_embed = nn.Conv2d(in_chans, dim, kernel_size=p, stride=p)
        self.pos_embed = nn.Parameter(torch.zeros(1, self.grid * self.grid, dim))
        nn.init.trunc_normal_(self.pos_embed, std=0.02)
        self.layers = nn.ModuleList(
            VimBlock(dim, cfg["vim_d_state"], cfg["vim_expand"], cfg["vim_d_conv"], cfg["vim_chunk"])
            for _ in range(cfg["vim_depth"]))
        self.norm_f = RMSNorm(dim)

    def forward(self, x):
        x = self.patch_embed(x)
        b, c, h, w = x.shape
        x = x.flatten(2).transpose(1, 2) + self.pos_embed
        for layer in self.layers:
            x = layer(x)
        x = self.norm_f(x)
        return x.transpose(1, 2).reshape(b, c, h, w)
