"""Draws docs/screenshots/vessels-heldout-chase.png: `segment` output on the held-out CHASE_DB1 fixture next to the
expert's vessel annotation. From the repository root:

  F=core/src/test/resources/fundus-heldout
  java -jar target/proxyprompt.jar segment --support $F/Image_01L.jpg --mask vessel=$F/Image_01L_vessel.png \
      --mask disc=$F/Image_01L_disc.png --out /tmp/segout $F/Image_09L.jpg
  /usr/bin/python3 tools/vessel_figure.py /tmp/segout docs/screenshots/vessels-heldout-chase.png
"""
import sys

import cv2
import numpy as np

FIXTURES = "core/src/test/resources/fundus-heldout/"


def main(seg_dir, out):
    img = cv2.imread(FIXTURES + "Image_09L.jpg")
    vessels = cv2.imread(seg_dir + "/Image_09L/vessel.png", 0) > 127
    disc = cv2.imread(seg_dir + "/Image_09L/disc.png", 0) > 127
    truth = cv2.imread(FIXTURES + "Image_09L_vessel.png", 0) > 127
    print("vessel Dice", round(2 * (vessels & truth).sum() / (vessels.sum() + truth.sum()), 4))
    left = img.copy()
    left[vessels] = (0.2 * left[vessels] + 0.8 * np.array([60, 235, 60])).astype(np.uint8)
    contours, _ = cv2.findContours(disc.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    cv2.drawContours(left, contours, -1, (255, 220, 0), 3)
    right = np.zeros_like(img)
    right[truth] = 255
    cv2.imwrite(out, np.hstack([left, right]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
