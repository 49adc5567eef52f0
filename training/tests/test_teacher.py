"""train.Teacher: learning without forgetting, the frozen earlier model some objects are pulled towards."""
import torch

import train


def _teacher(tmp_path, model, cfg):
    path = tmp_path / "teacher.pt"
    torch.save({"config": cfg, "model": model.state_dict()}, path)
    return train.Teacher(str(path), ["disc", "vessel"], 0.5)


def test_embeddings_are_shared_only_while_the_image_encoder_is_the_teachers(tmp_path, tiny_cfg, tiny_model):
    teacher = _teacher(tmp_path, tiny_model, tiny_cfg)
    assert teacher.objects == {"disc", "vessel"} and teacher.weight == 0.5
    assert all(not p.requires_grad for p in teacher.model.parameters())
    assert teacher.same_image_encoder(tiny_model)
    changed = train.ProxyPromptModel(tiny_cfg)
    changed.load_state_dict(tiny_model.state_dict())
    with torch.no_grad():
        next(p for n, p in changed.named_parameters() if n.startswith("image_encoder.")).add_(0.1)
    assert not teacher.same_image_encoder(changed)

    class Wider:   # an image encoder with a tensor the teacher's lacks is not the teacher's
        def state_dict(self):
            return dict(tiny_model.state_dict(), **{"image_encoder.extra.weight": torch.zeros(1)})
    assert not teacher.same_image_encoder(Wider())


def test_shared_embeddings_give_the_teachers_own_logits(tmp_path, tiny_cfg, tiny_model):
    teacher = _teacher(tmp_path, tiny_model, tiny_cfg)
    S = tiny_cfg["input_size"]
    torch.manual_seed(0)
    s_img, t_img = torch.randn(1, 3, S, S), torch.randn(2, 3, S, S)
    s_msk = (torch.rand(1, 2, S, S) > 0.7).float()
    with torch.no_grad():
        emb = tiny_model.encode_image(torch.cat([s_img, t_img]))
    shared = teacher.logits(emb, s_img, s_msk, t_img, 1, S)
    own = teacher.logits(None, s_img, s_msk, t_img, 1, S)
    assert len(shared) == 2 and shared[0].shape == (2, S, S)
    for a, b in zip(shared, own):
        assert torch.allclose(a, b, atol=1e-5)


def test_an_object_can_be_held_on_one_dataset_only(tmp_path, tiny_model, tiny_cfg):
    path = tmp_path / "teacher.pt"
    torch.save({"config": tiny_cfg, "model": tiny_model.state_dict()}, path)
    teacher = train.Teacher(str(path), ["vessel", "synthetic:cup"], 1.0)
    assert teacher.keeps("synthetic", ["disc", "cup", "vessel"]) == [1, 2]
    assert teacher.keeps("HRF", ["disc", "cup", "vessel"]) == [2]
    assert teacher.keeps("synthetic2", ["cup"]) == []


def test_a_module_named_in_the_scales_learns_at_its_own_rate(tiny_model):
    trainable = list(tiny_model.named_parameters())
    loaded = {n for n, _ in trainable if not n.startswith("mask_decoder.")}
    groups = train.param_groups(trainable, loaded, 0.3, {"image_encoder": 0.1})
    scale_of = {id(p): g["scale"] for g in groups for p in g["params"]}
    for n, p in trainable:
        expected = 1.0 if n not in loaded else 0.1 if n.startswith("image_encoder.") else 0.3
        assert scale_of[id(p)] == expected, n
    assert sum(len(g["params"]) for g in groups) == len(trainable)
