"""Writes the real sample photographs: small copies of open IDRiD photographs with their expert optic-disc masks.

    /usr/bin/python3 samples/make_real.py OUT_DIR [FUNDUS_OPEN]

FUNDUS_OPEN (default /work/shared/fundus-open, or $FUNDUS_OPEN) holds IDRiD/images/<stem>.jpg (1024 x 680) and
IDRiD/masks/<stem>_disc.png (see its MANIFEST.md). Each photograph is scaled to 768 x 510 with INTER_AREA and saved as
JPEG quality 90; its mask is scaled with INTER_AREA and kept where >= 0.5 (0/255 PNG). The same library versions give
the same bytes. Called by samples/regenerate.sh. IDRiD is CC BY 4.0 (credit in samples/README.md).
"""
import os
import sys
from pathlib import Path

import cv2
import numpy as np

# IDRiD_03 is the support (it trained the model); IDRiD_19 and IDRiD_20 were held out from training.
STEMS = ["IDRiD_03", "IDRiD_19", "IDRiD_20"]
WIDTH, HEIGHT = 768, 510


def main():
    out = Path(sys.argv[1])
    src = Path(sys.argv[2] if len(sys.argv) > 2 else os.environ.get("FUNDUS_OPEN", "/work/shared/fundus-open"))
    out.mkdir(parents=True, exist_ok=True)
    for stem in STEMS:
        img = cv2.imread(str(src / "IDRiD" / "images" / f"{stem}.jpg"), cv2.IMREAD_COLOR)
        mask = cv2.imread(str(src / "IDRiD" / "masks" / f"{stem}_disc.png"), cv2.IMREAD_GRAYSCALE)
        assert img is not None and mask is not None, f"{stem} not found under {src}"
        small = cv2.resize(img, (WIDTH, HEIGHT), interpolation=cv2.INTER_AREA)
        m = cv2.resize((mask > 127).astype(np.float32), (WIDTH, HEIGHT), interpolation=cv2.INTER_AREA)
        assert cv2.imwrite(str(out / f"{stem}.jpg"), small, [cv2.IMWRITE_JPEG_QUALITY, 90]), stem
        assert cv2.imwrite(str(out / f"{stem}_disc.png"), ((m >= 0.5) * 255).astype(np.uint8)), stem
        print(f"{stem}: {WIDTH}x{HEIGHT}, disc {int((m >= 0.5).sum())} px")


if __name__ == "__main__":
    main()
