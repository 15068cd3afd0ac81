#!/usr/bin/python3
"""Compare trained networks on a bundle's val split: each on its own, averaged as an ensemble, and (with
--hflip) averaged with their horizontally flipped input. The figures behind the "tried, not shipped" rows
of VAL_TABLE.md; argmax figures, no temperature or threshold.

  /usr/bin/python3 training/compare.py brain_mri training/members/brain_mri-seed-4{2,3,4}.pt [--hflip]

A network is a member checkpoint (training/members/<bundle>-seed-N.pt, written by train.py) or a
TorchScript model.pt."""
import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fractify_train import metrics as M  # noqa: E402
from fractify_train.data import load_dataset  # noqa: E402
from fractify_train.extras import pointing_game  # noqa: E402
from fractify_train.model import EnsembleCamNet, build_model  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def load(cfg, path: str):
    if path.endswith("model.pt"):
        ts = torch.jit.load(path)
        mean, std, state = ts.mean, ts.std, ts.state_dict()
    else:
        blob = torch.load(path)
        mean, std, state = blob["mean"], blob["std"], blob["state"]
    model = build_model(cfg, mean, std)
    model.load_state_dict(state)
    return model.eval()


@torch.no_grad()
def logits(model, images, flip=False):
    out = []
    for i in range(0, len(images), 64):
        x = images[i:i + 64].float()
        lo = model(x)[0]
        if flip:
            lo = (lo + model(x.flip(-1))[0]) / 2
        out.append(lo)
    return torch.cat(out)


def report(name, lv, va, cfg, model=None):
    y = va.targets.numpy()
    p = torch.softmax(lv, 1).numpy()
    pred = p.argmax(1)
    recalls = [float((pred[y == c] == c).mean()) for c in range(p.shape[1])]
    line = (f"{name}: accuracy {(pred == y).mean():.4f}, balanced accuracy {np.mean(recalls):.4f}, "
            f"min recall {min(recalls):.3f}")
    if p.shape[1] == 2:
        line += f", AUC {M.auc(y, p[:, 1]):.4f}"
    if model is not None and va.boxes is not None:
        hits = [r[2] for r in pointing_game(model, va, cfg["labels"], False)]
        line += f", pointing game {np.mean(hits):.3f}"
    print(line, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bundle", help="config name in training/configs/")
    ap.add_argument("networks", nargs="+", help="member checkpoints or TorchScript model.pt files")
    ap.add_argument("--hflip", action="store_true", help="also average each with its flipped input")
    ap.add_argument("--data-root", default=str(ROOT.parent / "shared" / "datasets"))
    args = ap.parse_args()
    torch.set_num_threads(1)
    cfg = json.load(open(ROOT / "training" / "configs" / f"{args.bundle}.json"))
    if cfg.get("task", "softmax") != "softmax" or "guard" in cfg:
        raise SystemExit("compare.py handles softmax bundles only")
    va = load_dataset(Path(args.data_root) / cfg["dataset"], cfg["labels"], cfg["source_size"],
                      label_column=cfg.get("label_column", "label"),
                      group_column=cfg.get("group_column", "patient_id"),
                      box_spec=cfg.get("boxes"), image_size=cfg.get("image_size"))["val"]
    models = [load(cfg, p) for p in args.networks]
    for p, m in zip(args.networks, models):
        report(Path(p).name, logits(m, va.images), va, cfg, m)
        if args.hflip:
            report(Path(p).name + " + flipped", logits(m, va.images, flip=True), va, cfg)
    if len(models) > 1:
        ensemble = EnsembleCamNet(models).eval()
        report(f"ensemble of {len(models)}", logits(ensemble, va.images), va, cfg, ensemble)


if __name__ == "__main__":
    main()
