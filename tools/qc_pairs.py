"""Builds the two folders of annotated cases on which the quality flags were tuned and then measured.

    /usr/bin/python3 tools/qc_pairs.py OUT_DIR

OUT_DIR/tune   synthetic seeds 700000..700009 (used by no training or evaluation run) and fundus-open pairs that
               trained the model (IDRiD_01..06 disc, CHASE_DB1 Image_01L..03R vessels): QualityCheck.Limits were
               chosen on these.
OUT_DIR/report the held-out synthetic seeds 900000..900009 (training/evaluate.py's held-out range) and the held-out
               real stems of training/data.py HELD_OUT (IDRiD_17..20 disc, CHASE_DB1 Image_09L..10R vessels):
               the numbers in the README are measured on these only.

Each case is <stem>.jpg with <stem>_<object>.png masks (0/255), as `evaluate --pairs` reads them. Synthetic images
are 640 px high; real ones are copied as they are in /work/shared/fundus-open.

On clean photographs the model rarely fails (3 failures in 303 cases of the tuning folder), too few to say what
the flags catch. So every case also comes in three degraded copies with the same masks, the ways a photograph goes
wrong in a clinic: <stem>_glare (a bright reflex near the rim of the field, where a disc support may land),
<stem>_dark (under-exposed) and <stem>_blur (out of focus). Any case, clean or degraded, may be drawn as a support.
"""
import shutil
import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))
import synthetic  # noqa: E402
from data import HELD_OUT, FUNDUS_OPEN  # noqa: E402

N_SYNTHETIC = 10


DEGRADATIONS = ("glare", "dark", "blur")


def degrade(bgr, kind, seed):
    rng = np.random.default_rng(seed)
    h, w = bgr.shape[:2]
    img = bgr.astype(np.float32)
    if kind == "glare":
        ang = rng.uniform(0, 2 * np.pi)
        r = 0.42 * min(h, w)
        cx, cy = w / 2 + r * np.cos(ang), h / 2 + r * np.sin(ang)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        s = 0.06 * min(h, w)
        blob = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * s * s))[..., None]
        img = img + blob * (np.array([225, 245, 255], np.float32) - img) * 0.95
    elif kind == "dark":
        img = 255 * (img / 255) ** 1.6 * 0.45
    elif kind == "blur":
        img = cv2.GaussianBlur(img, (0, 0), 0.009 * w)
    return np.clip(img, 0, 255).astype(np.uint8)


def add_degraded(out, stem, bgr, masks, seed):
    for i, kind in enumerate(DEGRADATIONS):
        name = f"{stem}_{kind}"
        cv2.imwrite(str(out / f"{name}.jpg"), degrade(bgr, kind, seed * 10 + i), [cv2.IMWRITE_JPEG_QUALITY, 92])
        for obj, m in masks.items():
            cv2.imwrite(str(out / f"{name}_{obj}.png"), m)


def synthetic_cases(out, start):
    for seed in range(start, start + N_SYNTHETIC):
        g = synthetic.generate(seed, 640)
        stem = f"syn{seed}"
        bgr = cv2.cvtColor(g["image"], cv2.COLOR_RGB2BGR)
        cv2.imwrite(str(out / f"{stem}.jpg"), bgr, [cv2.IMWRITE_JPEG_QUALITY, 92])
        for name in ("disc", "cup", "vessel"):
            cv2.imwrite(str(out / f"{stem}_{name}.png"), g["masks"][name])
        add_degraded(out, stem, bgr, g["masks"], seed)


def real_cases(out, dataset, stems):
    for i, stem in enumerate(stems):
        shutil.copy(FUNDUS_OPEN / dataset / "images" / f"{stem}.jpg", out / f"{stem}.jpg")
        masks = {}
        for m in (FUNDUS_OPEN / dataset / "masks").glob(f"{stem}_*.png"):
            shutil.copy(m, out / m.name)
            masks[m.stem[len(stem) + 1:]] = cv2.imread(str(m), cv2.IMREAD_GRAYSCALE)
        add_degraded(out, stem, cv2.imread(str(out / f"{stem}.jpg")), masks, 1000 + i)


def main():
    out = Path(sys.argv[1])
    tune, report = out / "tune", out / "report"
    for d in (tune, report):
        d.mkdir(parents=True, exist_ok=True)
    synthetic_cases(tune, 700000)
    real_cases(tune, "IDRiD", [f"IDRiD_{i:02d}" for i in range(1, 7)])
    real_cases(tune, "CHASE_DB1", [f"Image_{i:02d}{s}" for i in range(1, 4) for s in "LR"])
    synthetic_cases(report, 900000)
    real_cases(report, "IDRiD", HELD_OUT["IDRiD"])
    real_cases(report, "CHASE_DB1", HELD_OUT["CHASE_DB1"])
    for d in (tune, report):
        print(d, len(list(d.glob("*.jpg"))), "cases")


if __name__ == "__main__":
    main()
