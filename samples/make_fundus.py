"""Writes the synthetic fundus samples: <stem>.jpg plus <stem>_disc.png, <stem>_cup.png, <stem>_vessel.png.

    /usr/bin/python3 samples/make_fundus.py OUT_DIR

Uses the project's seeded generator (training/synthetic.py, generate(seed, size, aspect)); the same seeds and
library versions give the same bytes. Called by samples/regenerate.sh.
"""
import sys
from pathlib import Path

import cv2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))
import synthetic  # noqa: E402  (the project's generator)

HEIGHT = 720
# stem, generator seed, aspect (1.0: square, disc-centred or macula-centred; 1.5: wide IDRiD-like frame)
SAMPLES = [
    ("fundus_1", 2, 1.0),
    ("fundus_2", 5, 1.0),
    ("fundus_3", 4, 1.5),
    ("fundus_4", 6, 1.5),
]


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for stem, seed, aspect in SAMPLES:
        g = synthetic.generate(seed, HEIGHT, aspect)
        ok = cv2.imwrite(str(out / f"{stem}.jpg"), cv2.cvtColor(g["image"], cv2.COLOR_RGB2BGR),
                         [cv2.IMWRITE_JPEG_QUALITY, 90])
        assert ok, stem
        for name in ("disc", "cup", "vessel"):
            assert cv2.imwrite(str(out / f"{stem}_{name}.png"), g["masks"][name]), stem
        m = g["meta"]
        print(f"{stem}: seed {seed}, {g['image'].shape[1]}x{g['image'].shape[0]}, "
              f"{'right' if m['right_eye'] else 'left'} eye, vertical CDR (drawn) {m['cdr']:.2f}")


if __name__ == "__main__":
    main()
