"""bench_ort.py runs end to end on the tiny config and its old and new export forms agree with eager."""
import json

import pytest


def test_bench_ort_times_current_and_baseline_forms(capsys):
    pytest.importorskip("onnxruntime")
    import bench_ort
    bench_ort.main(["--config", "tiny", "--repeats", "1", "--warmup", "0", "--threads", "1", "--baseline",
                    "--graphs", "support_encoder,mask_decoder", "--compare-opt", "session.intra_op.allow_spinning=0"])
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(out["ms"]) == {"support_encoder", "mask_decoder"}
    assert set(out["ort_over_pytorch"]) == {"ort", "ort_baseline", "ort_opt"}
    for graph in out["max_abs_diff"].values():
        assert max(graph.values()) < 1e-4
