"""Procedural, seeded colour-fundus generator with disc, cup and vessel masks.

    /usr/bin/python3 training/synthetic.py --sheet training/runs/synthetic_sheet.png   # contact sheet
    /usr/bin/python3 training/synthetic.py --out DIR --count 500 --start-seed 0        # pairs folder

`generate(seed, size)` returns {"image": HxWx3 uint8 RGB, "masks": {"disc","cup","vessel"}: HxW uint8
0/255, "meta": {...}}. Everything is drawn at 2x and area-downsampled, so thin vessels are
anti-aliased like in a camera image. Modelled after real photographs (IDRiD, CHASE_DB1): circular
field of view (sometimes cut at top/bottom, with the camera notch), vignetting, orange-red fundus
with choroidal texture and tessellation, bright yellowish optic disc with a paler cup, a branching
vessel tree leaving the disc (temporal arcades curving around the macula, nasal branches, tapering
widths, arteries lighter and thinner than veins, crossings, central light reflex), darker macula and
fovea, illumination gradients, optional lesions (exudates, haemorrhages), blur, noise and JPEG.
Left/right eyes: the disc sits nasally; the macula temporally.
"""
import argparse
import math
from pathlib import Path

import cv2
import numpy as np


def _noise(rng, h, w, scale, octaves=4):
    """Multi-octave smooth noise in [-1, 1] (upsampled random grids)."""
    out = np.zeros((h, w), np.float32)
    amp, total = 1.0, 0.0
    for o in range(octaves):
        gh = max(2, int(h / scale * 2 ** o))
        gw = max(2, int(w / scale * 2 ** o))
        g = rng.standard_normal((gh, gw)).astype(np.float32)
        out += amp * cv2.resize(g, (w, h), interpolation=cv2.INTER_CUBIC)
        total += amp
        amp *= 0.5
    out /= total
    return np.clip(out / (np.abs(out).max() + 1e-6), -1, 1)


def _grow_vessel(rng, segs, x, y, ang, width, min_w, R, cx, cy, fovea, curl, depth, kind):
    """Random-walk a vessel from (x, y); appends (x0, y0, x1, y1, width, kind) segments."""
    step = max(2.0, 3.0 * width)
    length = 0.0
    next_branch = rng.uniform(8, 20) * width + 20
    while width >= min_w and depth < 8:
        # steer: temporal arcades curve around the macula (curl), plus wander
        if fovea is not None:
            fx, fy = fovea
            to_f = math.atan2(fy - y, fx - x)
            d = math.hypot(fx - x, fy - y)
            # keep away from the fovea: turn tangentially when close
            if d < R * 0.35:
                ang += curl * 0.06
        ang += rng.normal(0, 0.12) + curl * 0.006
        nx, ny = x + step * math.cos(ang), y + step * math.sin(ang)
        if math.hypot(nx - cx, ny - cy) > R * 1.02:
            segs.append((x, y, nx, ny, width, kind))
            return
        segs.append((x, y, nx, ny, width, kind))
        x, y = nx, ny
        length += step
        width *= 0.997
        if length > next_branch:
            length = 0.0
            next_branch = rng.uniform(10, 28) * width + 15
            cw = width * rng.uniform(0.45, 0.8)
            side = rng.choice([-1, 1])
            cang = ang + side * rng.uniform(0.5, 1.2)
            if cw >= min_w:
                _grow_vessel(rng, segs, x, y, cang, cw, min_w, R, cx, cy, fovea, -curl * 0.5 + side * 0.5,
                             depth + 1, kind)
            width *= rng.uniform(0.82, 0.95)
            ang -= side * rng.uniform(0.05, 0.25)
            step = max(2.0, 3.0 * width)


def _macular_branches(rng, segs, dx, dy, side, DD, w0, min_w, R, cx, cy, kind):
    """Two to five small branches from the arcades towards the macula."""
    for _ in range(rng.integers(2, 6)):
        a = math.atan2(rng.uniform(-0.4, 0.4), -side)
        _grow_vessel(rng, segs, dx - side * DD * rng.uniform(0.5, 2.0), dy + rng.normal(0, DD * 1.2), a,
                     w0 * rng.uniform(0.25, 0.45), min_w, R, cx, cy, None, rng.normal(0, 0.8), 2, kind)


def _rasterise_vessels(segs, h2, w2, fov):
    """Vein and artery masks from the grown segments (anti-aliased, 4x sub-pixel), and their union in the FOV."""
    vmask = {"vein": np.zeros((h2, w2), np.float32), "artery": np.zeros((h2, w2), np.float32)}
    for x0, y0, x1, y1, w, kind in segs:
        t = max(1, int(round(w)))
        cv2.line(vmask[kind], (int(x0 * 4), int(y0 * 4)), (int(x1 * 4), int(y1 * 4)), 1.0, t, cv2.LINE_AA, 2)
    return vmask, np.maximum(vmask["vein"], vmask["artery"]) * fov


def _reflex_and_lesions(rng, img, vmask, ss, fov_x, fov_y, DD, base):
    """The central light reflex on the larger arteries, then (three photographs in ten) exudates and
    haemorrhages scattered around the macula."""
    refl = cv2.GaussianBlur(vmask["artery"], (0, 0), 0.3 * ss)
    img += (cv2.erode(refl, np.ones((3, 3), np.uint8)) * rng.uniform(0, 18))[..., None]
    if rng.random() < 0.3:
        for _ in range(rng.integers(2, 20)):
            ex, ey = fov_x + rng.normal(0, DD * 1.5), fov_y + rng.normal(0, DD * 1.2)
            r = rng.uniform(1, 5) * ss
            if rng.random() < 0.5:
                cv2.circle(img, (int(ex), int(ey)), int(r), (245, 220, 120), -1, cv2.LINE_AA)
            else:
                cv2.circle(img, (int(ex), int(ey)), int(r * 1.3),
                           tuple(float(c) for c in base * np.array([0.6, 0.35, 0.4])), -1, cv2.LINE_AA)
    return img


def _camera_finish(rng, img, fov, rr, R, ss, size, blur, noise, quality):
    """The field-of-view edge, then the camera: down to the output size, blur, sensor noise and a JPEG round
    trip of random quality. The random draws are in a fixed order (the held-out benchmark depends on it)."""
    edge = np.clip((1.0 - rr) * R / (2.5 * ss), 0, 1) * fov
    img = img * edge[..., None]
    img = cv2.resize(np.clip(img, 0, 255), size, interpolation=cv2.INTER_AREA)
    sig = rng.uniform(0.0, blur)
    if sig > 0.3:
        img = cv2.GaussianBlur(img, (0, 0), sig)
    img += rng.normal(0, rng.uniform(1, noise), img.shape).astype(np.float32)
    img = np.clip(img, 0, 255).astype(np.uint8)
    q = int(rng.uniform(*quality))
    ok, enc = cv2.imencode(".jpg", cv2.cvtColor(img, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, q])
    return cv2.cvtColor(cv2.imdecode(enc, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB), q


def _down(m, W, H):
    """A supersampled mask at the output size, 0/255."""
    return (cv2.resize(m.astype(np.float32), (W, H), interpolation=cv2.INTER_AREA) >= 0.5).astype(np.uint8) * 255


def generate(seed, size=512, aspect=None, style="v1"):
    """style 'v1': the generator of the shipped model and of the held-out benchmark (seeds 900000..);
    'v2': realistic optic nerve heads and cameras (issue 14; see generate_v2)."""
    if style == "v2":
        return generate_v2(seed, size, aspect)
    rng = np.random.default_rng(seed)
    H = int(size)
    if aspect is None:
        aspect = rng.choice([1.0, 1.0, 1.04, 1.5])
    W = int(round(H * aspect))
    ss = 2  # supersampling
    h2, w2 = H * ss, W * ss
    cx, cy = w2 / 2 + rng.normal(0, 0.01) * w2, h2 / 2 + rng.normal(0, 0.01) * h2
    if aspect > 1.2:   # IDRiD-like: wide frame, FOV cut at top and bottom
        R = h2 * rng.uniform(0.62, 0.72)
    else:
        R = min(h2, w2) * rng.uniform(0.42, 0.49)
    yy, xx = np.mgrid[0:h2, 0:w2].astype(np.float32)
    rr = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / R
    fov = (rr <= 1.0).astype(np.float32)
    if rng.random() < 0.5:  # camera notch on the right/left rim
        nx = cx + R * 0.98 * (1 if rng.random() < 0.5 else -1) * math.cos(0.6)
        ny = cy - R * 0.98 * math.sin(0.6)
        fov[(np.abs(xx - nx) < R * 0.04) & (np.abs(yy - ny) < R * 0.04)] = 0

    right_eye = rng.random() < 0.5
    side = 1 if right_eye else -1   # disc on the right for right eyes (as in the IDRiD images)
    DD = 2 * R * rng.uniform(0.13, 0.2)   # disc diameter
    if rng.random() < 0.35:   # disc-centred photograph (CHASE-like)
        dx = cx + side * R * rng.uniform(-0.05, 0.15)
    else:                     # macula-centred
        dx = cx + side * R * rng.uniform(0.35, 0.62)
    dy = cy + R * rng.normal(0, 0.08)
    fov_x = dx - side * DD * rng.uniform(2.3, 2.8)
    fov_y = dy + DD * rng.uniform(0.0, 0.4)

    # ---- background: orange-red fundus with choroidal texture ----
    base = np.array([rng.uniform(175, 250), rng.uniform(55, 120), rng.uniform(10, 55)], np.float32)
    base[1] = min(base[1], base[0] * 0.55)
    img = np.ones((h2, w2, 3), np.float32) * base
    tex = _noise(rng, h2, w2, scale=h2 / rng.uniform(6, 14))
    img *= (1 + 0.10 * tex[..., None] * np.array([0.6, 1.0, 1.2]))
    if rng.random() < 0.5:  # tessellation: dark inter-choroidal spaces
        t = _noise(rng, h2, w2, scale=h2 / 30, octaves=2)
        tess = np.clip(np.abs(t) * 3, 0, 1)
        img *= (1 - rng.uniform(0.03, 0.12) * (1 - tess))[..., None]
    fine = _noise(rng, h2, w2, scale=h2 / 60, octaves=2)
    img *= (1 + 0.04 * fine[..., None])
    # macula / fovea: darker, browner
    dm = np.sqrt((xx - fov_x) ** 2 + (yy - fov_y) ** 2)
    mac = np.exp(-(dm / (DD * rng.uniform(0.9, 1.5))) ** 2)
    img *= (1 - mac[..., None] * np.array([rng.uniform(0.15, 0.35), rng.uniform(0.25, 0.45), 0.3]))
    fov_pit = np.exp(-(dm / (DD * 0.18)) ** 2)
    img *= (1 - 0.25 * fov_pit[..., None])

    # ---- optic disc and cup ----
    theta = rng.uniform(-0.3, 0.3)
    ax_x, ax_y = DD / 2 * rng.uniform(0.88, 1.0), DD / 2 * rng.uniform(1.0, 1.12)
    ct, st = math.cos(theta), math.sin(theta)
    ux, uy = (xx - dx) * ct + (yy - dy) * st, -(xx - dx) * st + (yy - dy) * ct
    ang = np.arctan2(uy, ux)
    wob = 1 + 0.03 * np.sin(3 * ang + rng.uniform(0, 6)) + 0.02 * np.sin(5 * ang + rng.uniform(0, 6))
    rd = np.sqrt((ux / ax_x) ** 2 + (uy / ax_y) ** 2) / wob
    disc = (rd <= 1.0)
    cdr = rng.uniform(0.3, 0.75)
    ccx, ccy = side * -DD * rng.uniform(0.0, 0.08), DD * rng.normal(0, 0.03)  # cup shifted temporally
    rc = np.sqrt(((ux - ccx * ct) / (ax_x * cdr)) ** 2 + ((uy - ccy) / (ax_y * cdr * rng.uniform(1.0, 1.1))) ** 2)
    cup = (rc <= 1.0) & disc
    disc_col = np.array([rng.uniform(240, 255), rng.uniform(165, 215), rng.uniform(60, 130)], np.float32)
    cup_col = np.array([255, rng.uniform(225, 250), rng.uniform(160, 215)], np.float32)
    soft = np.clip((1.0 - rd) / 0.12 + 0.5, 0, 1)   # soft rim
    disc_alpha = soft * rng.uniform(0.65, 0.95)
    halo = np.exp(-np.clip(rd - 1, 0, None) * 3) * (rd > 1) * rng.uniform(0.05, 0.35)  # peripapillary glow
    img = img * (1 - disc_alpha[..., None]) + disc_col * disc_alpha[..., None]
    img = img * (1 + halo[..., None] * np.array([0.25, 0.3, 0.2]))
    csoft = np.clip((1.0 - rc) / 0.25 + 0.3, 0, 1) * disc
    img = img * (1 - 0.8 * csoft[..., None]) + cup_col * 0.8 * csoft[..., None]
    img += (_noise(rng, h2, w2, h2 / 40, 2)[..., None] * 12 * disc[..., None])

    # ---- vessels ----
    min_w = rng.uniform(0.9, 1.4) * ss
    vein_w = R * rng.uniform(0.020, 0.028)
    segs = []
    for kind, wscale in (("vein", 1.0), ("artery", rng.uniform(0.7, 0.82))):
        w0 = vein_w * wscale
        # temporal arcades (superior / inferior) and nasal / small branches
        starts = [(-side * 0.0 + rng.normal(0, 0.2) - math.pi / 2 + side * -0.6, -1),
                  (math.pi / 2 + side * 0.6 + rng.normal(0, 0.2), 1)]
        for a0, s in starts:
            a = math.pi - a0 if side < 0 else a0
            a = -math.pi / 2 * (1 if s < 0 else -1) + (-side) * rng.uniform(0.3, 0.8) * (-s) * -1
            a = math.atan2(s * 1.0, -side * rng.uniform(0.25, 0.8))   # up/down, leaning temporal
            sx = dx + rng.normal(0, DD * 0.08)
            sy = dy + s * DD * 0.1
            curl = side * s * rng.uniform(0.6, 1.2)
            _grow_vessel(rng, segs, sx, sy, a, w0, min_w, R, cx, cy, (fov_x, fov_y), curl, 0, kind)
        for _ in range(rng.integers(2, 5)):   # nasal and radial branches
            a = math.atan2(rng.uniform(-1, 1), side * rng.uniform(0.3, 1.0))
            if rng.random() < 0.3:
                a = rng.uniform(-math.pi, math.pi)
            _grow_vessel(rng, segs, dx + rng.normal(0, DD * 0.1), dy + rng.normal(0, DD * 0.1), a,
                         w0 * rng.uniform(0.45, 0.75), min_w, R, cx, cy, None, rng.normal(0, 0.5), 1, kind)
        _macular_branches(rng, segs, dx, dy, side, DD, w0, min_w, R, cx, cy, kind)
    vmask, vessel_any = _rasterise_vessels(segs, h2, w2, fov)
    v_dark = np.array([rng.uniform(0.55, 0.72), rng.uniform(0.3, 0.45), rng.uniform(0.4, 0.6)])
    a_dark = np.array([rng.uniform(0.75, 0.9), rng.uniform(0.5, 0.65), rng.uniform(0.55, 0.75)])
    contrast = rng.uniform(0.6, 1.0)
    for kind, dark in (("vein", v_dark), ("artery", a_dark)):
        m = cv2.GaussianBlur(vmask[kind], (0, 0), 0.6 * ss)[..., None]
        img = img * (1 - contrast * m * (1 - dark))
    img = _reflex_and_lesions(rng, img, vmask, ss, fov_x, fov_y, DD, base)

    # ---- illumination, vignetting, field of view ----
    g_ang = rng.uniform(0, 2 * math.pi)
    grad = ((xx - cx) * math.cos(g_ang) + (yy - cy) * math.sin(g_ang)) / R
    illum = 1 + rng.uniform(0, 0.25) * grad
    vig = 1 - rng.uniform(0.25, 0.6) * np.clip(rr, 0, 1) ** rng.uniform(2.5, 5)
    img *= (illum * vig)[..., None]
    img *= rng.uniform(0.75, 1.15)
    # ---- back to output size, camera effects ----
    img, q = _camera_finish(rng, img, fov, rr, R, ss, (W, H), blur=1.3, noise=5, quality=(55, 95))
    masks = {"disc": _down(disc, W, H), "cup": _down(cup, W, H), "vessel": _down(vessel_any, W, H)}
    meta = {"seed": int(seed), "right_eye": bool(right_eye), "cdr": float(cdr), "jpeg_quality": q}
    return {"image": img, "masks": masks, "meta": meta}


# ---------------------------------------------------------------------------------------------
# v2 (issue 14): optic nerve heads and cameras modelled on the real IDRiD, HRF and CHASE_DB1 discs.
# ---------------------------------------------------------------------------------------------
CAMERAS = {   # base fundus colour ranges (R, G, B) of a camera look; all later scaled by an exposure
    "orange": ((200, 250), (85, 130), (10, 45)),      # IDRiD-like
    "red": ((175, 235), (45, 85), (25, 60)),          # HRF-like, pink-red
    "yellow": ((200, 245), (95, 140), (15, 45)),      # CHASE-like, yellow-orange, dark periphery
    "pale": ((180, 225), (100, 135), (60, 100)),      # less saturated (cataract / flash)
}


def vcdr_of(disc, cup):
    """Vertical cup-to-disc ratio: rows spanned by the cup / rows spanned by the disc (0 if no cup)."""
    dr = np.nonzero(disc.any(1))[0]
    cr = np.nonzero(cup.any(1))[0]
    if len(dr) == 0 or len(cr) == 0:
        return 0.0
    return float((cr[-1] - cr[0] + 1) / (dr[-1] - dr[0] + 1))


def cup_field(rng, ux, uy, ax_x, ax_y, vcdr, side, notch_p=0.25):
    """Cup geometry in disc-aligned coordinates (ux, uy; disc semi-axes ax_x, ax_y). Returns the cup's
    normalised radius field rc (cup = rc <= 1) for a cup of vertical extent ~vcdr x the disc's: an
    ellipse shifted temporally, horizontally 0.8-1.15x as wide (relative), sometimes with a notch (a
    polar bulge of the cup towards the rim, as in glaucomatous focal rim loss)."""
    hr = float(np.clip(vcdr * rng.uniform(0.8, 1.15), 0.08, 0.93))
    cax, cay = ax_x * hr, ax_y * vcdr
    room_x = max(0.0, ax_x * (0.95 - hr))
    room_y = max(0.0, ax_y * (0.95 - vcdr))
    ccx = -side * rng.uniform(0.0, 1.0) * room_x * 0.8     # temporal shift (towards the macula)
    ccy = rng.uniform(-0.5, 0.5) * room_y
    rc = np.sqrt(((ux - ccx) / cax) ** 2 + ((uy - ccy) / cay) ** 2)
    if rng.random() < notch_p:   # notch: superior or inferior bulge, leaning temporally
        phi = (math.pi / 2 if rng.random() < 0.5 else -math.pi / 2) - side * rng.uniform(0, 0.5)
        ang = np.arctan2(uy - ccy, ux - ccx)
        d = np.angle(np.exp(1j * (ang - phi)))
        amp = rng.uniform(0.15, 0.45) * min(1.0, (0.97 - vcdr) / 0.3 + 0.2)
        rc = rc / (1 + amp * np.exp(-(d / rng.uniform(0.25, 0.5)) ** 2))
    return rc, (ccx, ccy, cax, cay)


def pallor_field(rng, rc):
    """Soft brightness step of the excavation: 1 in the pale centre, fading over the cup edge; the
    pallor is sometimes smaller than the cup (cup/pallor discrepancy) and its step is never sharp."""
    scale = rng.uniform(0.75, 1.05)
    soft = rng.uniform(0.15, 0.45)
    return np.clip((1.0 - rc / scale) / soft + 0.5, 0, 1) ** rng.uniform(0.8, 1.6)


def generate_v2(seed, size=512, aspect=None):
    """Like generate(style='v1') but with realistic optic nerve heads and a wider range of cameras:
    vCDR 0.1-0.9 (drawn uniformly), tilted and oval discs of 0.11-0.22 of the field of view, a rim
    that is pink-orange rather than yellow and sometimes barely brighter than the fundus, a paler
    excavation with a soft brightness step, vessels that emerge from the cup, lose contrast inside it
    (they dip) and bend where they cross its edge, cup notches, peripapillary atrophy crescents
    (pale, pigmented, outside the disc mask), rim glare, specular spots and haze (bright blobs that are
    not a disc), camera notches, and red, orange, yellow, pale and dark (under-exposed) photographs."""
    rng = np.random.default_rng([seed, 2])
    H = int(size)
    if aspect is None:
        aspect = rng.choice([1.0, 1.0, 1.04, 1.5])
    W = int(round(H * aspect))
    ss = 2
    h2, w2 = H * ss, W * ss
    cx, cy = w2 / 2 + rng.normal(0, 0.01) * w2, h2 / 2 + rng.normal(0, 0.01) * h2
    if aspect > 1.2:
        R = h2 * rng.uniform(0.62, 0.72)
    else:
        R = min(h2, w2) * rng.uniform(0.42, 0.49)
    yy, xx = np.mgrid[0:h2, 0:w2].astype(np.float32)
    rr = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / R
    fov = (rr <= 1.0).astype(np.float32)
    if rng.random() < 0.6:   # camera notch(es) on the rim
        for _ in range(int(rng.integers(1, 3))):
            a = rng.uniform(0, 2 * math.pi)
            nx, ny = cx + R * 0.98 * math.cos(a), cy + R * 0.98 * math.sin(a)
            sz = R * rng.uniform(0.02, 0.06)
            fov[(np.abs(xx - nx) < sz) & (np.abs(yy - ny) < sz)] = 0

    right_eye = rng.random() < 0.5
    side = 1 if right_eye else -1
    DD = 2 * R * rng.uniform(0.11, 0.22)
    if rng.random() < 0.35:
        dx = cx + side * R * rng.uniform(-0.05, 0.15)
    else:
        dx = cx + side * R * rng.uniform(0.35, 0.62)
    dy = cy + R * rng.normal(0, 0.08)
    fov_x = dx - side * DD * rng.uniform(2.3, 2.8)
    fov_y = dy + DD * rng.uniform(0.0, 0.4)

    cam = list(CAMERAS)[int(rng.integers(len(CAMERAS)))]
    base = np.array([rng.uniform(*r) for r in CAMERAS[cam]], np.float32)
    img = np.ones((h2, w2, 3), np.float32) * base
    tex = _noise(rng, h2, w2, scale=h2 / rng.uniform(6, 14))
    img *= (1 + 0.10 * tex[..., None] * np.array([0.6, 1.0, 1.2]))
    if rng.random() < 0.5:
        t = _noise(rng, h2, w2, scale=h2 / 30, octaves=2)
        tess = np.clip(np.abs(t) * 3, 0, 1)
        img *= (1 - rng.uniform(0.03, 0.15) * (1 - tess))[..., None]
    fine = _noise(rng, h2, w2, scale=h2 / 60, octaves=2)
    img *= (1 + 0.04 * fine[..., None])
    if rng.random() < 0.3:   # nerve-fibre striation around the disc (fine radial sheen)
        ang_d = np.arctan2(yy - dy, xx - dx)
        stri = np.sin(ang_d * rng.uniform(40, 80) + _noise(rng, h2, w2, h2 / 20, 2) * 3)
        near = np.exp(-(np.hypot(xx - dx, yy - dy) / (DD * 1.5)) ** 2)
        img *= (1 + 0.015 * stri * near)[..., None]
    dm = np.sqrt((xx - fov_x) ** 2 + (yy - fov_y) ** 2)
    mac = np.exp(-(dm / (DD * rng.uniform(0.9, 1.5))) ** 2)
    img *= (1 - mac[..., None] * np.array([rng.uniform(0.15, 0.35), rng.uniform(0.25, 0.45), 0.3]))
    img *= (1 - 0.25 * np.exp(-(dm / (DD * 0.18)) ** 2)[..., None])

    # ---- optic disc: tilted, oval, soft-edged, rim pink-orange ----
    theta = rng.uniform(-0.7, 0.7)
    if rng.random() < 0.15:   # tilted disc: horizontally oval
        ax_x, ax_y = DD / 2, DD / 2 * rng.uniform(0.72, 0.9)
    else:
        ax_x, ax_y = DD / 2 * rng.uniform(0.85, 1.0), DD / 2 * rng.uniform(1.0, 1.25)
    ct, st = math.cos(theta), math.sin(theta)
    # mostly upright discs: the tilt acts mainly on the shape (vertical extent stays vertical-ish)
    theta_eff = theta * 0.35
    ct, st = math.cos(theta_eff), math.sin(theta_eff)
    ux, uy = (xx - dx) * ct + (yy - dy) * st, -(xx - dx) * st + (yy - dy) * ct
    ang = np.arctan2(uy, ux)
    wob = 1 + 0.035 * np.sin(3 * ang + rng.uniform(0, 6)) + 0.025 * np.sin(5 * ang + rng.uniform(0, 6))
    rd = np.sqrt((ux / ax_x) ** 2 + (uy / ax_y) ** 2) / wob
    disc = rd <= 1.0
    vcdr_t = rng.uniform(0.1, 0.9)
    rc, (ccx, ccy, cax, cay) = cup_field(rng, ux, uy, ax_x, ax_y, vcdr_t, side)
    disc_in = cv2.erode(disc.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    cup = (rc <= 1.0) & disc_in

    # peripapillary atrophy: a pale, pigmented crescent outside the disc (temporal side), not disc
    if rng.random() < 0.35:
        width = rng.uniform(0.1, 0.45)
        ang_t = math.atan2(0, -side)
        dang = np.angle(np.exp(1j * (ang - ang_t)))
        half = rng.uniform(0.6, 1.6) if rng.random() < 0.8 else math.pi
        irr = 1 + 0.25 * _noise(rng, h2, w2, h2 / 25, 2)
        zone = (rd > 1.0) & (rd < 1.0 + width * irr * np.clip(1 - (np.abs(dang) / half) ** 2, 0, 1))
        zsoft = cv2.GaussianBlur(zone.astype(np.float32), (0, 0), ss * 1.5)
        pcol = np.array([rng.uniform(170, 225), rng.uniform(130, 180), rng.uniform(90, 140)], np.float32)
        pig = np.clip(_noise(rng, h2, w2, h2 / 80, 2) * 2, -1, 1)
        a_ppa = rng.uniform(0.3, 0.75)
        img = img * (1 - a_ppa * zsoft[..., None]) + pcol * a_ppa * zsoft[..., None]
        img *= (1 - 0.35 * np.clip(pig, 0, 1) * zsoft)[..., None]

    rim_boost = np.array([rng.uniform(1.0, 1.15), rng.uniform(1.1, 1.6), rng.uniform(1.1, 1.8)], np.float32)
    rim_col = np.clip(base * rim_boost + rng.uniform(5, 30), 0, 255)
    soft = np.clip((1.0 - rd) / rng.uniform(0.06, 0.22) + 0.5, 0, 1)
    disc_alpha = soft * rng.uniform(0.45, 0.95)
    halo = np.exp(-np.clip(rd - 1, 0, None) * 3) * (rd > 1) * rng.uniform(0.0, 0.3)
    img = img * (1 - disc_alpha[..., None]) + rim_col * disc_alpha[..., None]
    img = img * (1 + halo[..., None] * np.array([0.25, 0.3, 0.2]))
    # the excavation: paler, whiter, soft step
    P = pallor_field(rng, rc) * disc
    white = np.array([255, rng.uniform(225, 252), rng.uniform(170, 235)], np.float32)
    cup_col = rim_col + (white - rim_col) * rng.uniform(0.45, 0.95)
    a_cup = rng.uniform(0.55, 0.95)
    img = img * (1 - a_cup * P[..., None]) + cup_col * a_cup * P[..., None]
    img += (_noise(rng, h2, w2, h2 / 40, 2)[..., None] * 10 * disc[..., None])

    # ---- vessels: trunks rise in the cup, bend at its edge, then the v1 tree ----
    min_w = rng.uniform(0.9, 1.4) * ss
    vein_w = R * rng.uniform(0.020, 0.028)
    segs = []
    tx0 = ccx + side * cax * rng.uniform(0.1, 0.5)   # trunk: nasal part of the cup (disc coords)

    def to_img(u, v):
        return dx + u * ct - v * st, dy + u * st + v * ct

    for kind, wscale in (("vein", 1.0), ("artery", rng.uniform(0.7, 0.82))):
        w0 = vein_w * wscale
        toff = (0.0 if kind == "vein" else side * 0.25) * cax
        for s in (-1, 1):
            x0, y0 = to_img(tx0 + toff, ccy)
            ex, ey = to_img(tx0 + toff + rng.normal(0, 0.15) * cax, ccy + s * cay * rng.uniform(0.85, 1.0))
            segs.append((x0, y0, ex, ey, w0, kind))
            kink = rng.uniform(0.6, 1.8) * w0 * rng.choice([-1, 1])   # the bend at the cup edge
            ex2, ey2 = ex + kink, ey + s * w0 * 0.8
            segs.append((ex, ey, ex2, ey2, w0, kind))
            a = math.atan2(s * 1.0, -side * rng.uniform(0.25, 0.8))
            curl = side * s * rng.uniform(0.6, 1.2)
            _grow_vessel(rng, segs, ex2, ey2, a, w0, min_w, R, cx, cy, (fov_x, fov_y), curl, 0, kind)
        for _ in range(rng.integers(2, 5)):
            a = math.atan2(rng.uniform(-1, 1), side * rng.uniform(0.3, 1.0))
            if rng.random() < 0.3:
                a = rng.uniform(-math.pi, math.pi)
            sx, sy = to_img(ccx + rng.normal(0, 0.3) * cax, ccy + rng.normal(0, 0.3) * cay)
            _grow_vessel(rng, segs, sx, sy, a, w0 * rng.uniform(0.45, 0.75), min_w, R, cx, cy, None,
                         rng.normal(0, 0.5), 1, kind)
        _macular_branches(rng, segs, dx, dy, side, DD, w0, min_w, R, cx, cy, kind)
    vmask, vessel_any = _rasterise_vessels(segs, h2, w2, fov)
    v_dark = np.array([rng.uniform(0.5, 0.72), rng.uniform(0.3, 0.45), rng.uniform(0.4, 0.6)])
    a_dark = np.array([rng.uniform(0.72, 0.9), rng.uniform(0.5, 0.65), rng.uniform(0.55, 0.75)])
    contrast = rng.uniform(0.55, 1.0)
    dip = rng.uniform(0.3, 0.7)   # vessels dipping into the cup lose contrast (out of focus, deeper)
    for kind, dark in (("vein", v_dark), ("artery", a_dark)):
        m = cv2.GaussianBlur(vmask[kind], (0, 0), 0.6 * ss)[..., None]
        img = img * (1 - contrast * m * (1 - dark) * (1 - dip * P[..., None]))
    img = _reflex_and_lesions(rng, img, vmask, ss, fov_x, fov_y, DD, base)

    # ---- illumination, exposure ----
    g_ang = rng.uniform(0, 2 * math.pi)
    grad = ((xx - cx) * math.cos(g_ang) + (yy - cy) * math.sin(g_ang)) / R
    illum = 1 + rng.uniform(0, 0.3) * grad
    vig = 1 - rng.uniform(0.25, 0.7) * np.clip(rr, 0, 1) ** rng.uniform(2.0, 5)
    img *= (illum * vig)[..., None]
    expo = rng.uniform(0.4, 0.7) if rng.random() < 0.2 else rng.uniform(0.75, 1.15)   # dark photographs
    img *= expo
    # ---- glare: rim arcs, specular spots, haze (bright things that are not the disc) ----
    glare = np.zeros((h2, w2), np.float32)
    if rng.random() < 0.45:   # rim glare: a bright arc just inside the field of view's edge
        a0 = rng.uniform(0, 2 * math.pi)
        da = np.angle(np.exp(1j * (np.arctan2(yy - cy, xx - cx) - a0)))
        glare += (np.exp(-((rr - rng.uniform(0.86, 0.97)) / rng.uniform(0.03, 0.08)) ** 2)
                  * np.exp(-(da / rng.uniform(0.3, 1.2)) ** 2) * rng.uniform(0.4, 1.0))
    if rng.random() < 0.25:   # specular spots, about disc-sized or smaller
        for _ in range(int(rng.integers(1, 3))):
            a, r0 = rng.uniform(0, 2 * math.pi), R * rng.uniform(0.2, 0.9)
            gx, gy = cx + r0 * math.cos(a), cy + r0 * math.sin(a)
            rad = DD * rng.uniform(0.15, 0.6)
            glare += np.exp(-(((xx - gx) ** 2 + (yy - gy) ** 2) / rad ** 2) ** rng.uniform(1, 2)) * rng.uniform(0.3, 0.8)
    if rng.random() < 0.2:    # haze / veil
        glare += rng.uniform(0.05, 0.25) * np.exp(-(rr / rng.uniform(0.5, 1.0)) ** 2)
    glare = np.clip(glare, 0, 1)[..., None]
    gcol = np.array([rng.uniform(200, 255), rng.uniform(190, 250), rng.uniform(170, 250)], np.float32)
    img = img * (1 - glare) + gcol * glare
    img, q = _camera_finish(rng, img, fov, rr, R, ss, (W, H), blur=1.5, noise=6, quality=(45, 95))
    masks = {"disc": _down(disc, W, H), "cup": _down(cup, W, H), "vessel": _down(vessel_any, W, H)}
    masks["cup"] = np.minimum(masks["cup"], masks["disc"])   # the cup lies inside the disc, always
    meta = {"seed": int(seed), "style": "v2", "right_eye": bool(right_eye), "camera": cam,
            "vcdr_target": float(vcdr_t), "vcdr": vcdr_of(masks["disc"] > 0, masks["cup"] > 0),
            "jpeg_quality": q}
    return {"image": img, "masks": masks, "meta": meta}


def paint_cup(rng, img, disc, vcdr=None):
    """Hybrid cup on a real photograph (issue 14). img HxWx3 uint8 RGB, disc HxW (>0 = disc; an expert
    or checked pseudo-label). The photograph's own excavation is flattened (inside the disc, the smooth
    vessel-free brightness is brought down to the rim's level, multiplicatively, so vessels and texture
    stay) and a new cup of known shape (vCDR drawn in 0.1-0.9 unless given) is painted as a paler,
    soft-edged excavation in which vessels lose some contrast. Returns (image, cup mask 0/255, vcdr)."""
    d = (disc > 0).astype(np.uint8)
    cs, _ = cv2.findContours(d, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not cs:
        return img, np.zeros_like(d), 0.0
    c = max(cs, key=cv2.contourArea)
    if len(c) < 5:
        return img, np.zeros_like(d), 0.0
    (ex, ey), (ew, eh), eang = cv2.fitEllipse(c)
    x0, y0, bw, bh = cv2.boundingRect(c)
    pad = int(max(bw, bh) * 0.6) + 4
    H, W = d.shape
    X0, Y0, X1, Y1 = max(0, x0 - pad), max(0, y0 - pad), min(W, x0 + bw + pad), min(H, y0 + bh + pad)
    crop = img[Y0:Y1, X0:X1].astype(np.float32)
    dc = d[Y0:Y1, X0:X1]
    yy, xx = np.mgrid[Y0:Y1, X0:X1].astype(np.float32)
    # disc-aligned coordinates from the ellipse fit; ax_x / ax_y: horizontal / vertical semi-axes
    rows = np.nonzero(dc.any(1))[0]
    cols = np.nonzero(dc.any(0))[0]
    ax_y, ax_x = (rows[-1] - rows[0] + 1) / 2, (cols[-1] - cols[0] + 1) / 2
    dx, dy = X0 + (cols[0] + cols[-1]) / 2, Y0 + (rows[0] + rows[-1]) / 2
    ux, uy = xx - dx, yy - dy
    side = 1 if rng.random() < 0.5 else -1   # temporal direction unknown here: either side
    # 1) flatten the photograph's own excavation
    k = max(3, int(max(ax_x, ax_y) * 0.25) | 1)
    closed = cv2.morphologyEx(crop, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    smooth = cv2.GaussianBlur(closed, (0, 0), max(1.0, k / 3))
    rd = np.sqrt((ux / ax_x) ** 2 + (uy / ax_y) ** 2)
    ring = (rd > 0.7) & (rd < 0.95) & (dc > 0)
    if ring.sum() < 10:
        return img, np.zeros_like(d), 0.0
    rim = np.percentile(smooth[ring], 40, axis=0)
    wgt = np.clip((1.0 - rd) / 0.25, 0, 1) * (dc > 0)
    ratio = np.clip(rim / np.maximum(smooth, 1.0), 0.35, 1.0)      # only darken (remove pallor)
    flat = crop * (1 - wgt[..., None] + wgt[..., None] * ratio)
    # 2) paint a cup of known shape
    v = float(rng.uniform(0.1, 0.9)) if vcdr is None else float(vcdr)
    rc, _ = cup_field(rng, ux, uy, ax_x, ax_y, v, side)
    din = cv2.erode(dc, np.ones((3, 3), np.uint8)) > 0
    cupc = (rc <= 1.0) & din
    P = pallor_field(rng, rc) * (dc > 0)
    white = np.array([255, rng.uniform(230, 252), rng.uniform(190, 240)], np.float32)
    target = rim + (white - rim) * rng.uniform(0.3, 0.9)
    gain = target / np.maximum(rim, 1.0) - 1.0
    a = rng.uniform(0.5, 1.0)
    painted = flat * (1 + a * P[..., None] * gain)
    # vessels in the cup lose contrast: pull dark detail towards the local smooth level
    detail = flat - cv2.GaussianBlur(flat, (0, 0), max(1.0, k / 4))
    painted -= detail * np.clip(detail < 0, 0, 1) * (rng.uniform(0.2, 0.5) * P[..., None])
    out = img.copy()
    out[Y0:Y1, X0:X1] = np.clip(painted, 0, 255).astype(np.uint8)
    cup = np.zeros_like(d)
    cup[Y0:Y1, X0:X1] = cupc.astype(np.uint8)
    cup = np.minimum(cup, d) * 255
    return out, cup.astype(np.uint8), vcdr_of(d > 0, cup > 0)


def contact_sheet(seeds, size=256, path=None, style="v1"):
    rows = []
    for s in seeds:
        g = generate(s, size, style=style)
        im = g["image"]
        over = im.copy()
        over[g["masks"]["vessel"] > 0] = (0, 255, 0)
        cnt, _ = cv2.findContours(g["masks"]["disc"], cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        cv2.drawContours(over, cnt, -1, (0, 0, 255), 1)
        cnt, _ = cv2.findContours(g["masks"]["cup"], cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        cv2.drawContours(over, cnt, -1, (255, 255, 0), 1)

        def fit(a):
            c = np.zeros((size, int(size * 1.5), 3), np.uint8)
            c[:a.shape[0], :a.shape[1]] = a
            return c
        rows.append(np.hstack([fit(im), fit(over)]))
    sheet = np.vstack([np.hstack(rows[i:i + 2]) for i in range(0, len(rows) - 1, 2)])
    if path:
        cv2.imwrite(str(path), cv2.cvtColor(sheet, cv2.COLOR_RGB2BGR))
    return sheet


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sheet")
    ap.add_argument("--out")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--start-seed", type=int, default=0)
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--style", default="v1", choices=["v1", "v2"])
    a = ap.parse_args()
    if a.sheet:
        contact_sheet(range(a.start_seed, a.start_seed + 12), 256, a.sheet, a.style)
    if a.out:
        out = Path(a.out)
        out.mkdir(parents=True, exist_ok=True)
        for s in range(a.start_seed, a.start_seed + a.count):
            g = generate(s, a.size, style=a.style)
            stem = f"syn_{s:06d}"
            cv2.imwrite(str(out / f"{stem}.jpg"), cv2.cvtColor(g["image"], cv2.COLOR_RGB2BGR),
                        [cv2.IMWRITE_JPEG_QUALITY, 97])
            for k, m in g["masks"].items():
                cv2.imwrite(str(out / f"{stem}_{k}.png"), m)


if __name__ == "__main__":
    main()
