"""Episodic training of the ProxyPrompt model (from scratch), seeded and resumable.

  nohup /usr/bin/python3 -u training/train.py --config small --run training/runs/main --minutes 80 \
      > training/runs/train.log 2>&1 &

Each step is one episode (paper Sec. 3/4): K in 1..3 support pairs, N in 1..2 objects, 2 target
images, supports and targets always different images. Sources: the synthetic pool (disc, cup,
vessel), IDRiD (disc) and CHASE_DB1 (vessel) training pairs (held-out pairs excluded, see data.py).
Supports come from the target's dataset or, for cross-dataset prompting, from another dataset that
has the same objects. The same support image is paired with different object masks across and
within episodes (N=2), so the model must follow the mask. Loss: Dice + BCE on the logits upsampled
to S (bilinear, as the app upsamples them), plus a small IoU-head regression. AdamW with warm-up and
cosine decay over the time budget (the schedule is a function of elapsed training time, so a
resumed run continues it). Checkpoints (atomic) every --ckpt-minutes to <run>/last.pt.
"""
import argparse
import json
import math
import os
import random
import signal
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402
from proxyprompt.config import get_config  # noqa: E402
from proxyprompt.model import ProxyPromptModel  # noqa: E402

OBJECTS = {"synthetic": ["disc", "cup", "vessel"], "synthetic2": ["disc", "cup", "vessel"], "IDRiD": ["disc"],
           "CHASE_DB1": ["vessel"]}
CITATIONS = [
    {"name": "synthetic", "what": "procedural colour-fundus images from training/synthetic.py (seeds 0..pool size); "
     "disc, cup and vessel masks. The optic cup is learnt from synthetic data only."},
    {"name": "IDRiD", "what": "optic disc masks, IDRiD_01..IDRiD_16 (IDRiD_17..20 held out)",
     "citation": "Porwal P, Pachade S, Kamble R, Kokare M, Deshmukh G, Sahasrabuddhe V, Meriaudeau F. Indian "
     "Diabetic Retinopathy Image Dataset (IDRiD). Data 3(3):25, 2018. doi:10.3390/data3030025",
     "license": "CC BY 4.0"},
    {"name": "CHASE_DB1", "what": "vessel masks (1st observer), Image_01L..Image_08R (Image_09L/R, 10L/R held out)",
     "citation": "Fraz MM et al. An ensemble classification-based approach applied to retinal blood vessel "
     "segmentation. IEEE Trans Biomed Eng 59(9):2538-2548, 2012. doi:10.1109/TBME.2012.2205687",
     "license": "CC BY 4.0"},
]
HRF_CITATION = {
    "name": "HRF", "what": "vessel masks of the High-Resolution Fundus database (healthy, diabetic retinopathy and "
    "glaucoma eyes; Canon CR-1), 33 pairs (data.HELD_OUT lists the 9 held out)",
    "citation": "Budai A, Bock R, Maier A, Hornegger J, Michelson G. Robust Vessel Segmentation in Fundus Images. "
    "Int J Biomed Imaging 2013:154860. doi:10.1155/2013/154860", "license": "CC BY 4.0"}
SYN2_CITATION = {
    "name": "synthetic2", "what": "procedural colour-fundus images from training/synthetic.py style v2 (issue 14: "
    "realistic optic nerve heads with vCDR 0.1-0.9, tilted discs, soft pallor, vessels bending at the cup edge, "
    "notches, peripapillary atrophy, glare, red/dark/pale cameras); disc, cup and vessel masks"}
HYBRID_NOTE = {
    "name": "hybrid cups and pseudo-label discs", "what": "cups painted into the discs of real training photographs "
    "(synthetic.paint_cup: the photograph's own pallor flattened, a new paler soft-edged cup of known shape, vCDR "
    "0.1-0.9); HRF and CHASE_DB1 discs are pseudo-labels (training/pseudo_labels.json: the shipped model's output "
    "fitted by an ellipse, checked by eye), not expert annotations. No real cup annotation was used."}


def dice_bce(logits_up, gt, iou_pred):
    """logits_up, gt: [N, S, S]; iou_pred [N]. Returns loss, per-object hard dice."""
    p = torch.sigmoid(logits_up)
    inter = (p * gt).sum((1, 2))
    dice = 1 - (2 * inter + 1) / (p.sum((1, 2)) + gt.sum((1, 2)) + 1)
    bce = F.binary_cross_entropy_with_logits(logits_up, gt, reduction="none").mean((1, 2))
    with torch.no_grad():
        hard = (logits_up > 0).float()
        gb = (gt >= 0.5).float()
        hi = (hard * gb).sum((1, 2))
        hd = (2 * hi + 1e-6) / (hard.sum((1, 2)) + gb.sum((1, 2)) + 1e-6)
        iou_true = hi / ((hard + gb).clamp(max=1).sum((1, 2)) + 1e-6)
    loss = dice + bce + 0.1 * F.mse_loss(iou_pred, iou_true, reduction="none")
    return loss.mean(), hd


class EpisodeSampler:
    def __init__(self, sets, rng, probs=None, kmax=3, nmax=2, n_targets=2, multi=0.5, object_weights=None,
                 hybrid_cup=False, dc_pair=0.0):
        """hybrid_cup: real photographs with a disc also offer "cup" (painted when loaded); dc_pair:
        probability that a two-object episode of a dataset with disc and cup asks for exactly those."""
        self.hybrid_cup, self.dc_pair = hybrid_cup, dc_pair
        self.sets, self.rng = sets, rng
        default = {"synthetic": 0.45, "IDRiD": 0.25, "CHASE_DB1": 0.30}
        p = {k: (probs or default).get(k, 0) for k in sets}
        tot = sum(p.values())
        self.names = [k for k in p if p[k] > 0]
        self.p = np.array([p[k] / tot for k in self.names])
        self.kmax, self.nmax, self.n_targets, self.multi = kmax, nmax, n_targets, multi
        self.object_weights = object_weights or {}

    def item_objects(self, it):
        return data.objects_of_item(it) if self.hybrid_cup else set(it["masks"])

    def weight(self, name, obj):
        """How often dataset {name} is asked for {obj}: "name:obj" in the object weights, else "obj", else 1."""
        return self.object_weights.get(f"{name}:{obj}", self.object_weights.get(obj, 1.0))

    def objects_of(self, name):
        """The objects dataset {name} is asked for (one weighted 0 for it is never asked, nor given as a support)."""
        if self.hybrid_cup and name in data.HYBRID_CUP_SOURCES:
            objs = sorted({o for it in self.sets[name] for o in self.item_objects(it)})
        else:
            objs = OBJECTS.get(name) or sorted({o for it in self.sets[name] for o in it["masks"]})
        return [o for o in objs if self.weight(name, o) > 0]

    def sample(self):
        r = self.rng
        tname = self.names[r.choice(len(self.names), p=self.p)]
        avail = self.objects_of(tname)
        top = min(self.nmax, len(avail))
        if top > 1 and r.random() < self.multi:   # several objects of the same images: must follow the mask
            n = int(r.integers(2, top + 1))
        else:
            n = 1
        w = np.array([self.weight(tname, o) for o in avail], dtype=float)
        if n == 2 and "disc" in avail and "cup" in avail and r.random() < self.dc_pair:
            objs = ["disc", "cup"] if r.random() < 0.5 else ["cup", "disc"]
        else:
            objs = list(r.choice(avail, size=n, replace=False, p=w / w.sum()))
        titems = [it for it in self.sets[tname] if all(o in self.item_objects(it) for o in objs)]
        K = int(r.integers(1, self.kmax + 1))
        # support source: same dataset (60 %) or another one with these objects (cross-dataset)
        others = [s for s in self.sets if s != tname and all(o in self.objects_of(s) for o in objs)]
        sname = tname if (not others or r.random() < 0.6) else others[r.integers(len(others))]
        sitems = [it for it in self.sets[sname] if all(o in self.item_objects(it) for o in objs)]
        nt = min(self.n_targets, len(titems))
        tidx = r.choice(len(titems), size=nt, replace=False)
        targets = [titems[i] for i in tidx]
        used = {t["stem"] for t in targets}
        pool = [it for it in sitems if it["stem"] not in used]
        K = min(K, len(pool))
        sidx = r.choice(len(pool), size=K, replace=False)
        return {"objects": objs, "targets": targets, "supports": [pool[i] for i in sidx],
                "tsrc": tname, "ssrc": sname}


AUX_CLASSES = ["disc", "cup", "vessel"]


class AuxDenseHead(torch.nn.Module):
    """Training-only auxiliary head (not exported, not part of the contract): predicts disc / cup /
    vessel maps at S/4 directly from each image embedding (one linear map per token to its 4x4
    sub-pixels). It pushes the shared image encoder to encode fine structure such as vessels,
    which the prompt-driven decoder path alone learnt too slowly from scratch on a CPU budget."""

    def __init__(self, C, n=len(AUX_CLASSES)):
        super().__init__()
        self.n = n
        self.proj = torch.nn.Conv2d(C, n * 16, 1)

    def forward(self, emb):  # [B, C, h, w] -> [B, n, 4h, 4w]
        return F.pixel_shuffle(self.proj(emb), 4)


def nest_loss(up, objects):
    """Cup inside disc, learnt by the model: where both are asked for in one episode, the fraction of
    the cup output's mass that is not covered by the disc output, sum relu(p_cup - p_disc) / sum p_cup
    (sigmoid probabilities of the logits upsampled to S)."""
    if "disc" not in objects or "cup" not in objects:
        return None
    p = torch.sigmoid(up)
    pc, pd = p[objects.index("cup")], p[objects.index("disc")]
    return F.relu(pc - pd).sum() / (pc.sum() + 1.0)


class Teacher:
    """A frozen copy of an earlier model whose outputs some objects' predictions are pulled towards (learning
    without forgetting, Li & Hoiem 2017): what the new training is not about (e.g. vessels and discs while the cup
    is taught) stays as the earlier model had it, instead of drifting with the shared decoder."""

    def __init__(self, path, objects, weight):
        ck = torch.load(path, map_location="cpu")
        self.model = ProxyPromptModel(ck["config"])
        self.model.load_state_dict(ck["model"])
        self.model.eval()
        for p in self.model.parameters():
            p.requires_grad_(False)
        self.objects = set(objects)
        self.weight = weight
        self.path = path

    def keeps(self, source, objects):
        """Indices of {objects} pulled towards the teacher in an episode whose targets come from {source}: an entry
        "disc" holds that object everywhere, "synthetic:cup" only on that dataset (where its masks are exact)."""
        return [i for i, o in enumerate(objects) if o in self.objects or f"{source}:{o}" in self.objects]

    def same_image_encoder(self, student):
        """Whether the student's image encoder is the teacher's (its embeddings can then be reused)."""
        def encoder(state):
            return {k: v for k, v in state.items() if k.startswith("image_encoder.")}
        mine, theirs = encoder(self.model.state_dict()), encoder(student.state_dict())
        return mine.keys() == theirs.keys() and all(torch.equal(v, mine[k]) for k, v in theirs.items())

    @torch.no_grad()
    def logits(self, emb, s_img, s_msk, t_img, K, S):
        """Upscaled logits [T, N, S, S] of every target, with emb the student's embeddings when shared (else None)."""
        m = self.model
        imgs = torch.cat([s_img, t_img])
        emb = m.encode_image(imgs) if emb is None else emb
        t_hr = m.encode_hr(t_img) if m.has_hr else None
        s_emb = emb[:K]
        g = m.encode_support(s_emb, s_img, s_msk)
        out = []
        for j in range(t_img.shape[0]):
            t_emb = emb[K + j:K + j + 1]
            lg, _ = m.decode(t_emb, m.generate_prompt(t_emb, s_emb, g), None if t_hr is None else t_hr[j:j + 1])
            out.append(F.interpolate(lg, size=(S, S), mode="bilinear", align_corners=False)[:, 0])
        return out


def episode_loss(model, ep, cache, S, rng, strength=1.0, aux=None, nest=0.0, teacher=None, teacher_emb=False):
    sup = [data.load_pair(cache, it, ep["objects"], S, rng, strength) for it in ep["supports"]]
    tgt = [data.load_pair(cache, it, ep["objects"], S, rng, strength) for it in ep["targets"]]
    s_img = torch.stack([s[0] for s in sup])
    s_msk = torch.stack([s[1] for s in sup])
    t_img = torch.stack([t[0] for t in tgt])
    imgs = torch.cat([s_img, t_img])
    emb = model.encode_image(imgs)
    t_hr = model.encode_hr(t_img) if model.has_hr else None
    K = len(sup)
    s_emb = emb[:K]
    g = model.encode_support(s_emb, s_img, s_msk)
    losses, dices = [], []
    kept = teacher.keeps(ep["tsrc"], ep["objects"]) if teacher is not None else []
    t_logits = teacher.logits(emb.detach() if teacher_emb else None, s_img, s_msk, t_img, K, S) if kept else None
    for j, t in enumerate(tgt):
        t_emb = emb[K + j:K + j + 1]
        pp = model.generate_prompt(t_emb, s_emb, g)
        logits, iou = model.decode(t_emb, pp, None if t_hr is None else t_hr[j:j + 1])
        up = F.interpolate(logits, size=(S, S), mode="bilinear", align_corners=False)[:, 0]
        l, d = dice_bce(up, t[2], iou[:, 0])
        if nest > 0:
            nl = nest_loss(up, list(ep["objects"]))
            if nl is not None:
                l = l + nest * nl
        if kept:
            l = l + teacher.weight * F.binary_cross_entropy_with_logits(up[kept], torch.sigmoid(t_logits[j][kept]))
        losses.append(l)
        dices.append(d)
    loss = torch.stack(losses).mean()
    if aux is not None:
        gts = torch.stack([x[2] for x in sup] + [t[2] for t in tgt])          # [B, N, S, S]
        pred = aux(emb)                                                        # [B, 3, 4h, 4h]
        gts = F.avg_pool2d(gts, S // pred.shape[-1])                           # [B, N, 4h, 4h]
        idx = [AUX_CLASSES.index(o) for o in ep["objects"] if o in AUX_CLASSES]
        cols = [i for i, o in enumerate(ep["objects"]) if o in AUX_CLASSES]
        if idx:
            lg, gt = pred[:, idx].flatten(0, 1), gts[:, cols].flatten(0, 1)
            pr = torch.sigmoid(lg)
            dl = 1 - (2 * (pr * gt).sum((1, 2)) + 1) / (pr.sum((1, 2)) + gt.sum((1, 2)) + 1)
            bce = F.binary_cross_entropy_with_logits(lg, gt, reduction="none").mean((1, 2))
            loss = loss + 0.5 * (dl + bce).mean()
    return loss, torch.stack(dices).mean(0)


def param_groups(trainable, loaded, init_scale, module_scales):
    """Optimizer groups, each with its learning-rate scale: new tensors at 1, loaded ones at {init_scale}, or at
    {module_scales}[module] for a module named there (e.g. the image encoder learning slower than the rest)."""
    groups = [{"params": [p for n, p in trainable if n not in loaded], "scale": 1.0}]
    by_scale = {}
    for n, p in trainable:
        if n in loaded:
            by_scale.setdefault(module_scales.get(n.split(".")[0], init_scale), []).append(p)
    return groups + [{"params": ps, "scale": sc} for sc, ps in by_scale.items()]


def name_values(text):
    """'a=1,b=0.5' -> {'a': 1.0, 'b': 0.5} ('' -> {})."""
    return {k: float(v) for k, v in (x.split("=") for x in text.split(",") if x)}


def lr_at(frac, base, warm_frac=0.03, floor=0.05):
    if frac < warm_frac:
        return base * max(frac / warm_frac, 0.02)
    t = min(1.0, (frac - warm_frac) / (1 - warm_frac))
    return base * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * t)))


def save_atomic(obj, path):
    tmp = str(path) + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def validate(model, S, seeds=range(950000, 950006)):
    """Quick held-out synthetic check (seeds never in the pool): support = next seed."""
    import synthetic
    from proxyprompt.preprocess import prepare_image, prepare_mask
    model.eval()
    res = {"disc": [], "cup": [], "vessel": []}
    with torch.no_grad():
        gens = [synthetic.generate(s, max(384, S)) for s in seeds]
        for i in range(0, len(gens) - 1, 2):
            sg, tg = gens[i], gens[i + 1]
            si = torch.from_numpy(prepare_image(sg["image"], S)[0])[None]
            ti, (nh, nw) = prepare_image(tg["image"], S)
            ti = torch.from_numpy(ti)[None]
            objs = list(res)
            sm = torch.stack([torch.from_numpy(prepare_mask(sg["masks"][o], S)) for o in objs])[None]
            logits, _ = model(ti, si, sm)
            up = F.interpolate(logits, size=(S, S), mode="bilinear", align_corners=False)[:, 0, :nh, :nw]
            for j, o in enumerate(objs):
                gt = torch.from_numpy(prepare_mask(tg["masks"][o], S))[:nh, :nw]
                pr = (up[j] > 0).float()
                res[o].append(float((2 * (pr * gt).sum() + 1e-6) / (pr.sum() + gt.sum() + 1e-6)))
    model.train()
    return {k: round(float(np.mean(v)), 4) for k, v in res.items()}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", default="small")
    ap.add_argument("--run", default="training/runs/main")
    ap.add_argument("--syn", help="synthetic pairs folder (made by synthetic.py --out; created if missing; "
                    "default training/runs/synpool<size>)")
    ap.add_argument("--syn-count", type=int, default=1600)
    ap.add_argument("--minutes", type=float, default=80.0, help="training time budget (wall clock)")
    ap.add_argument("--max-steps", type=int, default=0)
    ap.add_argument("--lr", type=float, default=6e-4)
    ap.add_argument("--wd", type=float, default=0.02)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ckpt-minutes", type=float, default=4.0)
    ap.add_argument("--val-minutes", type=float, default=10.0)
    ap.add_argument("--no-real", action="store_true", help="synthetic data only")
    ap.add_argument("--init", help="start from these weights (weights.pt / checkpoint) instead of scratch")
    ap.add_argument("--freeze", default="",
                    help="comma-separated top-level modules to keep fixed, e.g. vim,bridge")
    ap.add_argument("--module-lr-scale", default="",
                    help="'image_encoder=0.1': the loaded tensors of these modules learn at this scale of --lr "
                         "(instead of --init-lr-scale)")
    ap.add_argument("--init-lr-scale", type=float, default=1.0,
                    help="learning-rate factor for the tensors loaded by --init (new tensors get the full rate)")
    ap.add_argument("--aux", type=int, default=1, help="training-only auxiliary dense head (1 on, 0 off)")
    ap.add_argument("--nmax", type=int, default=2, help="max objects per episode")
    ap.add_argument("--multi", type=float, default=0.5, help="probability of N>=2 when the dataset has several objects")
    ap.add_argument("--probs", default="synthetic=0.45,IDRiD=0.25,CHASE_DB1=0.30",
                    help="target dataset probabilities")
    ap.add_argument("--augment", type=float, default=1.0,
                    help="camera/geometry augmentation strength (data.augment; 1 = the shipped recipe)")
    ap.add_argument("--syn2", help="v2 synthetic pairs folder (synthetic.py --style v2), dataset 'synthetic2'")
    ap.add_argument("--real", default="IDRiD,CHASE_DB1", help="open datasets to train on (HRF is opt-in)")
    ap.add_argument("--pseudo-discs", type=int, default=0,
                    help="1: HRF / CHASE_DB1 photographs carry their checked pseudo-label disc (pseudo_labels.json)")
    ap.add_argument("--hybrid-cup", type=int, default=0,
                    help="1: real photographs with a disc also offer a painted cup (synthetic.paint_cup)")
    ap.add_argument("--dc-pair", type=float, default=0.0,
                    help="probability that a two-object episode asks for disc and cup together")
    ap.add_argument("--nest", type=float, default=0.0,
                    help="weight of the cup-inside-disc loss (episodes asking for both)")
    ap.add_argument("--teacher", help="a frozen earlier model (weights.pt / checkpoint) whose outputs the "
                    "--teacher-objects are pulled towards (learning without forgetting)")
    ap.add_argument("--teacher-objects", default="disc,vessel",
                    help="objects held by the teacher: 'disc' everywhere, 'synthetic:cup' on that dataset only")
    ap.add_argument("--teacher-weight", type=float, default=1.0,
                    help="weight of the BCE to the teacher's probabilities, next to Dice + BCE to the masks")
    ap.add_argument("--object-weights", default="",
                    help="relative weights for drawing a dataset's objects, e.g. cup=3 or HRF:vessel=0 "
                         "(one dataset's; 0 never asks it; default: all 1)")
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    # Debian's torch 1.13 + oneDNN: conv backward intermittently returns garbage gradients (1e12..inf)
    # for these shapes; the native kernels are correct (and not slower here). See README.
    torch.backends.mkldnn.enabled = False
    run = Path(a.run)
    run.mkdir(parents=True, exist_ok=True)
    ckpt_path = run / "last.pt"
    cfg = get_config(a.config)
    S = cfg["input_size"]
    syn_side = max(384, S)
    syn = Path(a.syn or f"training/runs/synpool{syn_side}")
    if not syn.is_dir() or len(list(syn.glob("*_vessel.png"))) < 50:
        import synthetic
        print(f"generating synthetic pool in {syn} ({a.syn_count} images)", flush=True)
        for s in range(a.syn_count):
            g = synthetic.generate(s, syn_side)
            syn.mkdir(parents=True, exist_ok=True)
            import cv2
            cv2.imwrite(str(syn / f"syn_{s:06d}.jpg"), cv2.cvtColor(g["image"], cv2.COLOR_RGB2BGR),
                        [cv2.IMWRITE_JPEG_QUALITY, 97])
            for k, m in g["masks"].items():
                cv2.imwrite(str(syn / f"syn_{s:06d}_{k}.png"), m)

    torch.manual_seed(a.seed)
    model = ProxyPromptModel(cfg)
    ck = torch.load(ckpt_path, map_location="cpu") if ckpt_path.exists() else None   # this run's own, to resume
    init_note = None
    loaded = set()
    aux_init = None
    if a.init and ck is None:
        ck0 = torch.load(a.init, map_location="cpu")
        own = model.state_dict()
        same = {k: v for k, v in ck0["model"].items() if k in own and own[k].shape == v.shape}
        model.load_state_dict(same, strict=False)
        loaded = set(same)
        aux_init = ck0.get("aux")
        skipped = sorted(k for k in own if k not in same)
        if any(k.startswith("hr_stem.") for k in skipped):
            # a new high-resolution stem: silence the loaded refinement's correction so the run starts
            # exactly at the loaded model's coarse output instead of at noise from random features
            with torch.no_grad():
                last = model.mask_decoder.hr_refine.hyper.layers[-1]
                last.weight.zero_()
                last.bias.zero_()
            print("new hr_stem: refinement correction reset to zero", flush=True)
        st0 = ck0.get("state", {})
        init_note = {"init_from": a.init, "init_steps": st0.get("step"),
                     "init_minutes": round(st0.get("elapsed", 0) / 60, 1),
                     "reinitialised": skipped}
        print(f"warm start from {a.init}: {len(same)} tensors loaded, re-initialised {skipped}", flush=True)
    frozen = [x for x in a.freeze.split(",") if x]
    for name, p in model.named_parameters():
        if name.split(".")[0] in frozen:
            p.requires_grad_(False)
    if ck is not None:   # resuming a warm-started run: rebuild the same parameter groups
        init0 = ck["state"].get("init")
        if init0 and "init_lr_scale" in init0:
            loaded = {n for n in model.state_dict() if n not in set(init0["reinitialised"])}
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    module_scales = name_values(a.module_lr_scale)
    groups = param_groups(trainable, loaded, a.init_lr_scale, module_scales)
    if loaded:
        if init_note:
            init_note["init_lr_scale"] = a.init_lr_scale
            if module_scales:
                init_note["module_lr_scale"] = module_scales
    opt = torch.optim.AdamW([g for g in groups if g["params"]], lr=a.lr, weight_decay=a.wd)
    aux = AuxDenseHead(cfg["embed_channels"]) if a.aux else None
    state = {"step": 0, "elapsed": 0.0, "seed": a.seed}
    if frozen:
        state["frozen"] = frozen
    if aux is not None and aux_init is not None:
        aux.load_state_dict(aux_init)   # a trained auxiliary head: a fresh one would disturb the encoder
    if init_note:
        state["init"] = init_note
    rng = np.random.default_rng(a.seed)
    if aux is not None and (ck is None or "aux" in ck):
        opt.add_param_group({"params": list(aux.parameters()), "scale": 1.0})
    if ck is not None:
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        if aux is not None:
            if "aux" in ck:
                aux.load_state_dict(ck["aux"])
            else:  # resuming a run that had no auxiliary head: add it now
                opt.add_param_group({"params": list(aux.parameters()), "scale": 1.0})
                state["aux_from_step"] = ck["state"]["step"]
        state = dict(ck["state"], **{k: v for k, v in state.items() if k == "aux_from_step"})
        rng = np.random.default_rng([a.seed, state["step"]])
        torch.manual_seed(a.seed + state["step"])
        print(f"resumed from {ckpt_path} at step {state['step']} ({state['elapsed'] / 60:.1f} min)", flush=True)
    if "init" in state:
        print("warm-start info:", json.dumps(state["init"]), flush=True)
    real = tuple(x for x in a.real.split(",") if x)
    teacher = Teacher(a.teacher, [x for x in a.teacher_objects.split(",") if x], a.teacher_weight) \
        if a.teacher else None
    teacher_emb = teacher is not None and "image_encoder" in frozen and teacher.same_image_encoder(model)
    if teacher is not None:
        print(f"teacher {a.teacher} for {sorted(teacher.objects)} (weight {a.teacher_weight}; "
              f"{'shares' if teacher_emb else 'recomputes'} the image embeddings)", flush=True)

    def open_sets():
        return data.open_datasets(syn, include_real=not a.no_real, syn2_dir=a.syn2, real=real,
                                  pseudo_discs=bool(a.pseudo_discs))
    sets = open_sets()
    print("datasets:", {k: len(v) for k, v in sets.items()}, flush=True)
    sampler = EpisodeSampler(sets, rng, probs=name_values(a.probs), nmax=a.nmax, multi=a.multi,
                             object_weights=name_values(a.object_weights), hybrid_cup=bool(a.hybrid_cup),
                             dc_pair=a.dc_pair)
    cache = data.ImageCache(syn_side)
    budget = a.minutes * 60
    model.train()
    t_last_ck = t_last_val = time.time()
    t_prev = time.time()
    ema_loss, ema_d = None, {}
    hist = []
    # A run paused with SIGSTOP (so that benchmarks can use the CPU) gets SIGCONT on resuming: the step
    # it was paused in counts with the typical step's time, so the pause does not spend the time budget.
    resumed = {"flag": False}
    signal.signal(signal.SIGCONT, lambda *_: resumed.update(flag=True))
    step_ema = None

    def checkpoint(final=False):
        cites = list(CITATIONS)
        if a.syn2:
            cites.append(SYN2_CITATION)
        if "HRF" in real:
            cites.append(HRF_CITATION)
        if a.hybrid_cup or a.pseudo_discs:
            cites.append(HYBRID_NOTE)
        prov = {"trained": True, "steps": state["step"], "seed": a.seed, "config": a.config,
                "training_time_minutes": round(state["elapsed"] / 60, 1), "data": cites,
                "held_out": data.HELD_OUT,
                "command": "/usr/bin/python3 -u training/train.py " + " ".join(argv or sys.argv[1:]),
                "optimizer": f"AdamW lr {a.lr} wd {a.wd}, warm-up + cosine over {a.minutes} min",
                "episodes": f"K 1-3 supports, N 1-{a.nmax} objects (P(N>=2)={a.multi} where possible), "
                            f"2 targets per episode, target datasets {a.probs}"
                            + (f", object weights {a.object_weights}" if a.object_weights else "")
                            + (f", disc+cup together in {a.dc_pair} of two-object episodes" if a.dc_pair else "")
                            + (", hybrid (painted) cups on real photographs" if a.hybrid_cup else "")}
        if a.nest:
            prov["structure"] = (f"cup inside disc learnt by a loss: {a.nest} x sum relu(p_cup - p_disc) / sum p_cup "
                                 "in episodes asking for both (no post-processing in the model)")
        if teacher is not None:
            prov["teacher"] = (f"{sorted(teacher.objects)} pulled towards {teacher.path} (BCE to its probabilities, "
                               f"weight {teacher.weight}): learning without forgetting")
        if "init" in state:
            prov["warm_start"] = state["init"]
        if aux is not None:
            prov["auxiliary_head"] = ("training-only dense disc/cup/vessel head on the image embedding "
                                      f"(from step {state.get('aux_from_step', 0)}; not exported)")
        ck_out = {"config": cfg, "model": model.state_dict(), "opt": opt.state_dict(), "state": state,
                  "provenance": prov, "history": hist[-2000:]}
        if aux is not None:
            ck_out["aux"] = aux.state_dict()
        save_atomic(ck_out, ckpt_path)
        if final:
            save_atomic({"config": cfg, "model": model.state_dict(), "provenance": prov}, run / "final.pt")

    while state["elapsed"] < budget and (not a.max_steps or state["step"] < a.max_steps):
        frac = state["elapsed"] / budget
        for gp in opt.param_groups:
            gp["lr"] = lr_at(frac, a.lr) * gp.get("scale", 1.0)
        ep = sampler.sample()
        loss, dices = episode_loss(model, ep, cache, S, rng, strength=a.augment, aux=aux, nest=a.nest,
                                   teacher=teacher, teacher_emb=teacher_emb)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(list(model.parameters()) + (list(aux.parameters()) if aux else []), 1.0)
        opt.step()
        now = time.time()
        dt = now - t_prev
        if resumed["flag"] and step_ema is not None:
            dt = step_ema
            resumed["flag"] = False
        step_ema = dt if step_ema is None else 0.9 * step_ema + 0.1 * dt
        state["elapsed"] += dt
        t_prev = now
        state["step"] += 1
        lv = float(loss)
        ema_loss = lv if ema_loss is None else 0.98 * ema_loss + 0.02 * lv
        for o, d in zip(ep["objects"], dices.tolist()):
            key = f"{ep['tsrc'][:3]}-{o}"
            ema_d[key] = d if key not in ema_d else 0.95 * ema_d[key] + 0.05 * d
        hist.append((state["step"], round(lv, 4)))
        if state["step"] % 25 == 0:
            print(json.dumps({"step": state["step"], "min": round(state["elapsed"] / 60, 2), "loss": round(ema_loss, 4),
                              "lr": round(opt.param_groups[0]["lr"], 6),
                              "dice_ema": {k: round(v, 3) for k, v in sorted(ema_d.items())}}), flush=True)
        if now - t_last_val > a.val_minutes * 60:
            print(json.dumps({"step": state["step"], "val_synthetic_heldout": validate(model, S)}), flush=True)
            t_last_val = time.time()
            t_prev = time.time()  # validation time is not training time
        if now - t_last_ck > a.ckpt_minutes * 60:
            checkpoint()
            t_last_ck = time.time()
            t_prev = time.time()
            sets2 = open_sets()  # pool may still be growing
            if sum(map(len, sets2.values())) != sum(map(len, sets.values())):
                sets = sets2
                sampler.sets = sets
    checkpoint(final=True)
    print(json.dumps({"done": True, "step": state["step"], "minutes": round(state["elapsed"] / 60, 1),
                      "val_synthetic_heldout": validate(model, S)}), flush=True)


if __name__ == "__main__":
    main()
