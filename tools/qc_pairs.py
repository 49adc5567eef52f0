"""Builds the two folders of annotated cases on which the quality flags were tuned and then measured.

    /usr/bin/python3 tools/qc_pairs.py OUT_DIR

OUT_DIR/tune   synthetic seeds 700000..700023 (used by no training or evaluation run) and the fundus-open pairs
               that trained the model (IDRiD_01..16 disc, CHASE_DB1 Image_01L..08R vessels): QualityCheck.Limits
               were chosen on these.
OUT_DIR/report the held-out synthetic seeds 900000..900023 (training/evaluate.py's held-out range) and the held-out
               real stems of training/data.py HELD_OUT (IDRiD_17..20 disc, CHASE_DB1 Image_09L..10R vessels):
               the numbers in the README are measured on these only.

Each case is <stem>.jpg with <stem>_<object>.png masks (0/255), as `evaluate --pairs` reads them. Synthetic images
are 640 px high; real ones are copied as they are in /work/shared/fundus-open.
"""
import shutil
import sys
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))
import synthetic  # noqa: E402
from data import HELD_OUT, FUNDUS_OPEN  # noqa: E402

N_SYNTHETIC = 24


def synthetic_cases(out, start):
    for seed in range(start, start + N_SYNTHETIC):
        g = synthetic.generate(seed, 640)
        stem = f"syn{seed}"
        cv2.imwrite(str(out / f"{stem}.jpg"), cv2.cvtColor(g["image"], cv2.COLOR_RGB2BGR),
                    [cv2.IMWRITE_JPEG_QUALITY, 92])
        for name in ("disc", "cup", "vessel"):
            cv2.imwrite(str(out / f"{stem}_{name}.png"), g["masks"][name])


def real_cases(out, dataset, stems):
    for stem in stems:
        shutil.copy(FUNDUS_OPEN / dataset / "images" / f"{stem}.jpg", out / f"{stem}.jpg")
        for m in (FUNDUS_OPEN / dataset / "masks").glob(f"{stem}_*.png"):
            shutil.copy(m, out / m.name)


def main():
    out = Path(sys.argv[1])
    tune, report = out / "tune", out / "report"
    for d in (tune, report):
        d.mkdir(parents=True, exist_ok=True)
    synthetic_cases(tune, 700000)
    real_cases(tune, "IDRiD", [f"IDRiD_{i:02d}" for i in range(1, 17)])
    real_cases(tune, "CHASE_DB1", [f"Image_{i:02d}{s}" for i in range(1, 9) for s in "LR"])
    synthetic_cases(report, 900000)
    real_cases(report, "IDRiD", HELD_OUT["IDRiD"])
    real_cases(report, "CHASE_DB1", HELD_OUT["CHASE_DB1"])
    for d in (tune, report):
        print(d, len(list(d.glob("*.jpg"))), "cases")


if __name__ == "__main__":
    main()
