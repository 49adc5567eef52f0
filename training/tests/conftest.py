import sys
from pathlib import Path

import pytest
import torch

TRAINING = Path(__file__).resolve().parents[1]
REPO = TRAINING.parent
sys.path.insert(0, str(TRAINING))
# optional onnxruntime unpacked from a wheel (README: training/runs/ort); CI may not have it
if (TRAINING / "runs" / "ort" / "onnxruntime").is_dir():
    sys.path.append(str(TRAINING / "runs" / "ort"))
torch.set_num_threads(2)


@pytest.fixture(scope="session")
def tiny_cfg():
    from proxyprompt.config import get_config
    return get_config("tiny")


@pytest.fixture(scope="session")
def tiny_model(tiny_cfg):
    from proxyprompt.model import ProxyPromptModel
    torch.manual_seed(0)
    return ProxyPromptModel(tiny_cfg).eval()
