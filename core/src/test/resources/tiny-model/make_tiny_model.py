#!/usr/bin/python3
"""Builds a tiny model folder that follows the ONNX contract of MODEL.md, for the Java engine's tests.

Not a trained model: its behaviour is known by construction, so tests can assert it.
S=32, C=4, h=w=2, T=4, mask 8x8. The support encoder averages each object mask over the 16x16 patch of
each of the 4 embedding cells; the prompt generator averages those fractions over the K supports; the
decoder turns each cell's fraction f into a logit 4*(f-0.5) (nearest-upsampled to 8x8), so a target's mask
is the quadrants the support mask mostly covered. The image encoder is a real patch-average + 1x1 conv.

Also writes wrong_shape_image_encoder.onnx (embedding of rank 3) for the contract test.
Run: /usr/bin/python3 make_tiny_model.py [OUT_DIR]   (default: the folder of this script)
"""
import hashlib
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

S, C, H, T, M = 32, 4, 2, 4, 8
OPSET = 17


def f32(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def const(name, arr):
    return numpy_helper.from_array(np.asarray(arr), name)


def save(graph, path):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="tiny-model")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def image_encoder(rank=4):
    nodes = [
        helper.make_node("AveragePool", ["image"], ["pooled"], kernel_shape=[16, 16], strides=[16, 16]),
        helper.make_node("Conv", ["pooled", "w", "b"], ["embedding4"]),
    ]
    if rank == 4:
        nodes.append(helper.make_node("Identity", ["embedding4"], ["embedding"]))
        out = f32("embedding", ["B", C, H, H])
    else:
        nodes.append(helper.make_node("Reshape", ["embedding4", "shape3"], ["embedding"]))
        out = f32("embedding", ["B", C, H * H])
    w = np.random.RandomState(0).randn(C, 3, 1, 1).astype(np.float32) * 0.5
    inits = [const("w", w), const("b", np.zeros(C, np.float32))]
    if rank != 4:
        inits.append(const("shape3", np.array([0, C, H * H], np.int64)))
    return helper.make_graph(nodes, "image_encoder", [f32("image", ["B", 3, S, S])], [out], inits)


def support_encoder():
    nodes = [
        # mask fraction per 16x16 patch: [K,N,2,2] -> [K,N,4,1]
        helper.make_node("AveragePool", ["support_masks"], ["frac"], kernel_shape=[16, 16], strides=[16, 16]),
        helper.make_node("Reshape", ["frac", "shape_kn41"], ["frac41"]),
        # broadcast over C: [K,N,4,C]; embedding and image enter with weight 0 so the inputs are real but inert
        helper.make_node("Mul", ["frac41", "ones_c"], ["feat"]),
        helper.make_node("ReduceMean", ["support_embedding"], ["emb_mean"], keepdims=0),
        helper.make_node("ReduceMean", ["support_image"], ["img_mean"], keepdims=0),
        helper.make_node("Add", ["emb_mean", "img_mean"], ["inert"]),
        helper.make_node("Mul", ["inert", "zero"], ["zeroed"]),
        helper.make_node("Add", ["feat", "zeroed"], ["object_features"]),
    ]
    inits = [const("shape_kn41", np.array([0, 0, H * H, 1], np.int64)),
             const("ones_c", np.ones((1, 1, 1, C), np.float32)), const("zero", np.array(0, np.float32))]
    return helper.make_graph(nodes, "support_encoder",
                             [f32("support_embedding", ["K", C, H, H]), f32("support_image", ["K", 3, S, S]),
                              f32("support_masks", ["K", "N", S, S])],
                             [f32("object_features", ["K", "N", H * H, C])], inits)


def prompt_generator():
    nodes = [
        helper.make_node("ReduceMean", ["object_features"], ["proxy0"], axes=[0], keepdims=0),  # [N,4,C]
        helper.make_node("ReduceMean", ["target_embedding"], ["t_mean"], keepdims=0),
        helper.make_node("ReduceMean", ["support_embedding"], ["s_mean"], keepdims=0),
        helper.make_node("Add", ["t_mean", "s_mean"], ["inert"]),
        helper.make_node("Mul", ["inert", "zero"], ["zeroed"]),
        helper.make_node("Add", ["proxy0", "zeroed"], ["proxy_prompt"]),
    ]
    return helper.make_graph(nodes, "prompt_generator",
                             [f32("target_embedding", [1, C, H, H]), f32("support_embedding", ["K", C, H, H]),
                              f32("object_features", ["K", "N", H * H, C])],
                             [f32("proxy_prompt", ["N", T, C])], [const("zero", np.array(0, np.float32))])


def mask_decoder():
    nodes = [
        helper.make_node("ReduceMean", ["proxy_prompt"], ["frac"], axes=[2], keepdims=0),  # [N,4]
        helper.make_node("Reshape", ["frac", "shape_n122"], ["frac2"]),  # [N,1,2,2]
        helper.make_node("Sub", ["frac2", "half"], ["centred"]),
        helper.make_node("Mul", ["centred", "four"], ["low"]),
        helper.make_node("Resize", ["low", "", "scales"], ["up"], mode="nearest"),
        helper.make_node("ReduceMean", ["target_embedding"], ["t_mean"], keepdims=0),
        helper.make_node("Mul", ["t_mean", "zero"], ["zeroed"]),
        helper.make_node("Add", ["up", "zeroed"], ["mask_logits"]),
        helper.make_node("ReduceMean", ["frac"], ["iou"], axes=[1], keepdims=1),  # [N,1]
    ]
    inits = [const("shape_n122", np.array([-1, 1, H, H], np.int64)), const("half", np.array(0.5, np.float32)),
             const("four", np.array(4.0, np.float32)), const("zero", np.array(0, np.float32)),
             const("scales", np.array([1, 1, M // H, M // H], np.float32))]
    return helper.make_graph(nodes, "mask_decoder",
                             [f32("target_embedding", [1, C, H, H]), f32("proxy_prompt", ["N", T, C])],
                             [f32("mask_logits", ["N", 1, M, M]), f32("iou", ["N", 1])], inits)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main(out):
    os.makedirs(out, exist_ok=True)
    graphs = {"image_encoder": image_encoder(), "support_encoder": support_encoder(),
              "prompt_generator": prompt_generator(), "mask_decoder": mask_decoder()}
    files = {}
    for key, g in graphs.items():
        save(g, os.path.join(out, key + ".onnx"))
        files[key] = {"path": key + ".onnx", "sha256": sha256(os.path.join(out, key + ".onnx"))}
    save(image_encoder(rank=3), os.path.join(out, "wrong_shape_image_encoder.onnx"))
    manifest = {
        "name": "tiny-test", "version": "0", "format": 1, "config": "tiny",
        "input_size": S, "embedding_channels": C, "embedding_size": S // 16, "prompt_tokens": T,
        "mask_size": S // 4, "color_order": "RGB",
        "normalization": {"mean": [123.675, 116.28, 103.53], "std": [58.395, 57.12, 57.375]},
        "max_objects": 4, "opset": OPSET, "files": files,
        "preprocessing": "as MODEL.md", "provenance": {"trained": False, "purpose": "Java engine unit tests"},
        "metrics": {},
    }
    with open(os.path.join(out, "model.json"), "w") as f:
        json.dump(manifest, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
