"""Preprocessing shared with the Java app (model.json "preprocessing"): resize the longest side to S
(bilinear, aspect kept), normalise RGB with the SAM mean/std, pad bottom/right with zeros after
normalisation. Masks: nearest resize to {0,1}, padded with 0. Logits cover the padded S x S square."""
import cv2
import numpy as np

MEAN = np.array([123.675, 116.28, 103.53], dtype=np.float32)
STD = np.array([58.395, 57.12, 57.375], dtype=np.float32)


def resized_shape(h, w, S):
    scale = S / max(h, w)
    return max(1, int(round(h * scale))), max(1, int(round(w * scale)))


def prepare_image(rgb, S):
    """rgb: HxWx3 uint8 (RGB order) -> float32 [3, S, S], plus (new_h, new_w)."""
    h, w = rgb.shape[:2]
    nh, nw = resized_shape(h, w, S)
    img = cv2.resize(rgb, (nw, nh), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    img = (img - MEAN) / STD
    out = np.zeros((S, S, 3), np.float32)
    out[:nh, :nw] = img
    return out.transpose(2, 0, 1).copy(), (nh, nw)


def prepare_mask(mask, S):
    """mask: HxW (0/255 or bool) -> float32 [S, S] in {0, 1}."""
    h, w = mask.shape[:2]
    nh, nw = resized_shape(h, w, S)
    m = cv2.resize((mask > 0).astype(np.uint8), (nw, nh), interpolation=cv2.INTER_NEAREST)
    out = np.zeros((S, S), np.float32)
    out[:nh, :nw] = m
    return out


def read_rgb(path):
    bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if bgr is None:
        raise FileNotFoundError(path)
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def read_mask(path):
    m = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    if m is None:
        raise FileNotFoundError(path)
    return m
