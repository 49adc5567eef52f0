#!/usr/bin/python3
"""Copies a few open fundus pairs, halved in size, into this folder for the engine's real-image tests.

Source: ../shared/fundus-open (IDRiD disc masks, CHASE_DB1 1st-observer vessel masks; both CC BY 4.0, see
MANIFEST.md there and README.md here). IDRiD_17/18 and CHASE Image_09L/10R are held out from training;
IDRiD_01 and Image_01L serve as supports. Images: INTER_AREA to half size, JPEG quality 92. Disc masks:
nearest. Vessel masks: INTER_AREA then >= 0.4 (so 1-pixel vessels survive the halving).
Image_01L_disc.png is NOT expert ground truth: a circle we placed on the optic disc by eye (centre where
the vessel trunk leaves the bright disc, radius 42 px by eye) so that the same CHASE support can carry a disc mask for the
object-switch test.
Run: /usr/bin/python3 make_fixtures.py /work/shared/fundus-open
"""
import os
import sys

import cv2
import numpy as np

SRC = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/fundus-open"
OUT = os.path.dirname(os.path.abspath(__file__))


def half(img, interp):
    return cv2.resize(img, (img.shape[1] // 2, img.shape[0] // 2), interpolation=interp)


def copy(dataset, stem, obj):
    img = cv2.imread(f"{SRC}/{dataset}/images/{stem}.jpg", cv2.IMREAD_COLOR)
    mask = cv2.imread(f"{SRC}/{dataset}/masks/{stem}_{obj}.png", cv2.IMREAD_GRAYSCALE)
    small = half(img, cv2.INTER_AREA)
    cv2.imwrite(f"{OUT}/{stem}.jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 92])
    if obj == "vessel":
        m = half((mask > 0).astype(np.float32), cv2.INTER_AREA) >= 0.4
    else:
        m = half((mask > 0).astype(np.uint8), cv2.INTER_NEAREST) > 0
    cv2.imwrite(f"{OUT}/{stem}_{obj}.png", (m * 255).astype(np.uint8))
    return small


for stem in ("IDRiD_01", "IDRiD_17", "IDRiD_18"):
    copy("IDRiD", stem, "disc")
chase = None
for stem in ("Image_01L", "Image_09L", "Image_10R"):
    im = copy("CHASE_DB1", stem, "vessel")
    if stem == "Image_01L":
        chase = im
# centre read off the image by eye: where the main vessel trunk leaves the bright disc
x, y = 258, 228
r = 42  # by eye: the yellow rim of the disc
disc = np.zeros(chase.shape[:2], np.uint8)
cv2.circle(disc, (int(x), int(y)), r, 255, -1)
cv2.imwrite(f"{OUT}/Image_01L_disc.png", disc)
print("drawn disc for Image_01L at", x, y, "radius", r)
