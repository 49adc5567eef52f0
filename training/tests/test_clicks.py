"""Click prompts (issue 21): zero clicks give exactly the base output (PyTorch and ONNX Runtime), the click
simulation puts clicks where the protocol says, and the click training only moves the click path."""
import numpy as np
import pytest
import torch

import click_train
import export
from proxyprompt.clicks import click_maps, has_clicks, next_click, noc
from proxyprompt.model import ProxyPromptModel


@pytest.fixture(scope="module")
def base_and_click(tiny_cfg):
    torch.manual_seed(0)
    base = ProxyPromptModel(tiny_cfg).eval()
    model, _ = click_train.build({"config": tiny_cfg, "model": base.state_dict()}, {"width": 8})
    with torch.no_grad():   # a trained-looking head: the zero-initialised output would hide a leak
        for n, p in model.named_parameters():
            if n.startswith("click_refine."):
                p.normal_(0, 0.3)
    return base, model.eval()


def _inputs(cfg, N=2, seed=1):
    g = torch.Generator().manual_seed(seed)
    S = cfg["input_size"]
    return (torch.randn(1, 3, S, S, generator=g), torch.randn(2, 3, S, S, generator=g),
            (torch.rand(2, N, S, S, generator=g) > 0.5).float())


def test_zero_clicks_give_exactly_the_base_output(base_and_click, tiny_cfg):
    base, model = base_and_click
    img, s_img, s_msk = _inputs(tiny_cfg)
    with torch.no_grad():
        e, se, hr = model.encode_image(img), model.encode_image(s_img), model.encode_hr(img)
        pp = model.generate_prompt(e, se, model.encode_support(se, s_img, s_msk))
        ref = base.decode(e, pp, hr)
        none = model.decode(e, pp, hr)
        empty = model.decode(e, pp, hr, torch.zeros(2, 0, 2), torch.zeros(2, 0))
        one = model.decode(e, pp, hr, torch.tensor([[[10.0, 20.0]], [[50.0, 60.0]]]), torch.tensor([[1.0], [0.0]]))
    for out in (none, empty):
        assert torch.equal(out[0], ref[0]) and torch.equal(out[1], ref[1])
    assert not torch.equal(one[0], ref[0]), "a click changes the output"


def test_a_row_without_clicks_is_untouched_by_the_head(base_and_click, tiny_cfg):
    """Only padding (-1) in a row: the refinement head leaves that row's logits as the decoder made them."""
    _, model = base_and_click
    C = tiny_cfg["embed_channels"]
    m = 64
    logits = torch.randn(2, 1, m, m)
    out = model.click_refine(logits, torch.tensor([[[10.0, 10.0]], [[30.0, 30.0]]]), torch.tensor([[1.0], [-1.0]]),
                             tiny_cfg["input_size"], torch.randn(2, C), torch.randn(2, C // 8, 16, 16),
                             torch.randn(1, 4, m, m))
    assert torch.equal(out[1], logits[1]) and not torch.equal(out[0], logits[0])
    assert has_clicks(torch.zeros(3, 0)).tolist() == [[[[False]]]] * 3


def test_click_maps_peak_at_the_click_and_are_zero_without_clicks():
    maps = click_maps(torch.tensor([[[17.5, 49.5]]]), torch.tensor([[1.0]]), 16, 64, [4.0])
    assert maps.shape == (1, 2, 16, 16)
    y, x = np.unravel_index(int(maps[0, 0].argmax()), (16, 16))
    assert (x, y) == (4, 12)          # the pixel centre (18, 50) is the centre of cell (4, 12) of a 4-pixel grid
    assert float(maps[0, 1].abs().max()) == 0.0    # no negative click
    assert float(click_maps(torch.zeros(2, 0, 2), torch.zeros(2, 0), 16, 64, [4.0]).abs().max()) == 0.0


def test_next_click_goes_to_the_centre_of_the_largest_error_region():
    gt = np.zeros((40, 60), bool)
    gt[10:30, 10:30] = True
    pred = gt.copy()
    pred[10:21, 10:21] = False          # missed 11 x 11 corner (121 px), centre (15, 15)
    pred[2:6, 40:44] = True             # false 4 x 4 blob (16 px)
    assert next_click(pred, gt) == (15, 15, True)
    pred2 = gt.copy()
    pred2[0:12, 40:60] = True           # false region larger than any missed one
    x, y, positive = next_click(pred2, gt)
    assert not positive and 40 <= x < 60 and 0 <= y < 12
    assert next_click(gt, gt) is None


def test_noc_counts_clicks_to_the_threshold_capped():
    assert noc([0.80, 0.86, 0.91], 0.85, 5) == 1
    assert noc([0.92], 0.90, 5) == 0
    assert noc([0.5, 0.6, 0.7], 0.9, 5) == 5


def test_click_training_moves_only_the_click_path(tiny_cfg, base_and_click):
    base, _ = base_and_click
    torch.manual_seed(0)
    model, names = click_train.build({"config": tiny_cfg, "model": base.state_dict()})
    assert names and all(n.startswith(click_train.TRAINABLE) for n in names)
    img, s_img, s_msk = _inputs(tiny_cfg, N=1)
    with torch.no_grad():
        e, se, hr = model.encode_image(img), model.encode_image(s_img), model.encode_hr(img)
        pp = model.generate_prompt(e, se, model.encode_support(se, s_img, s_msk))
        logits, _ = model.decode(e, pp, hr)
    m = logits.shape[-1]
    gt = torch.zeros(m, m)
    gt[m // 4:m // 2, m // 4:m // 2] = 1
    ep = {"emb": e, "pp": pp, "hr": hr, "gt": gt, "logits0": logits, "valid": np.ones((m, m), bool)}
    before = {k: v.clone() for k, v in model.state_dict().items()}
    opt = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=0.1)
    dices = click_train.run_episodes(model, [ep, ep], 2)
    opt.step()
    assert len(dices) == 3
    changed = {k for k, v in model.state_dict().items() if not torch.equal(v, before[k])}
    assert changed and all(k.startswith(click_train.TRAINABLE) for k in changed)


def test_exported_decoder_with_zero_points_equals_the_base_graph_in_onnxruntime(tmp_path, base_and_click, tiny_cfg):
    ort = pytest.importorskip("onnxruntime")
    base, model = base_and_click
    pb = export.export_graphs(export.prepare_for_export(base), tmp_path / "base")
    pm = export.export_graphs(export.prepare_for_export(model), tmp_path / "clicks")
    import onnx
    ins = [i.name for i in onnx.load(str(pm["mask_decoder"])).graph.input]
    assert ins == ["target_embedding", "target_hr_features", "proxy_prompt", "point_coords", "point_labels"]
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    sb = ort.InferenceSession(str(pb["mask_decoder"]), opts, providers=["CPUExecutionProvider"])
    sm = ort.InferenceSession(str(pm["mask_decoder"]), opts, providers=["CPUExecutionProvider"])
    for N in (1, 3):
        ex = export.example_inputs(tiny_cfg, K=1, N=N, seed=N)
        feed = {k: ex[k].numpy() for k in ("target_embedding", "target_hr_features", "proxy_prompt")}
        a = sb.run(None, feed)
        b = sm.run(None, dict(feed, point_coords=np.zeros((N, 0, 2), np.float32),
                              point_labels=np.zeros((N, 0), np.float32)))
        assert all(np.array_equal(x, y) for x, y in zip(a, b))
        c = sm.run(None, dict(feed, point_coords=ex["point_coords"].numpy(), point_labels=ex["point_labels"].numpy()))
        with torch.no_grad():
            ref = export.prepare_for_export(model).decode(ex["target_embedding"], ex["proxy_prompt"],
                                                          ex["target_hr_features"], ex["point_coords"],
                                                          ex["point_labels"])
        assert np.abs(c[0] - ref[0].numpy()).max() < 1e-3
