"""One command per modality: load data, train, calibrate, evaluate, export, write the card."""
import argparse
import copy
import hashlib
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from . import metrics as M
from .augment import augment
from .calibrate import fit_temperature, fit_temperature_bce
from .data import load_dataset, load_guard
from . import extras
from .export import export, sha256
from .model import EnsembleCamNet, build_model, describe

TRAINING_DIR = Path(__file__).resolve().parent.parent
REPO_ROOT = TRAINING_DIR.parent


class Log:
    def __init__(self, path):
        self.f = None
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.f = open(path, "w")

    def __call__(self, msg=""):
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        if self.f:
            self.f.write(line + "\n")
            self.f.flush()


def seed_everything(seed: int):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)


@torch.no_grad()
def predict(model, images: torch.Tensor, bs: int = 128) -> torch.Tensor:
    model.eval()
    out = [model(images[i:i + bs].float())[0] for i in range(0, len(images), bs)]
    return torch.cat(out)


@torch.no_grad()
def train_mean_std(model, images: torch.Tensor, bs: int = 256):
    """Pixel mean/std of train images after /255 and the in-graph resize (no augmentation)."""
    s = s2 = n = 0.0
    for i in range(0, len(images), bs):
        x = model.to_unit(images[i:i + bs].float()).double()
        s += float(x.sum())
        s2 += float((x * x).sum())
        n += x.numel()
    mean = s / n
    return mean, (s2 / n - mean * mean) ** 0.5


def train_member(cfg, seed, epochs, tr, va, labels, sigmoid_task, log):
    """One network trained from one seed, as the config says; returns it (EMA weights of the selected
    epoch, eval mode) with what the card needs to say about its training."""
    tc = cfg["train"]
    seed_everything(seed)  # the network's initialisation and the batch order follow from the seed alone
    model = build_model(cfg)
    mean, std = train_mean_std(model, tr.images)
    model.mean, model.std = mean, std
    log(f"train mean {mean:.6f} std {std:.6f} (after /255 and resize to {cfg['input_size']})")
    arch = describe(model, cfg)
    log(arch)

    opt = torch.optim.AdamW(model.parameters(), lr=tc["lr"], weight_decay=tc["weight_decay"])
    bs = tc["batch_size"]
    steps = len(tr) // bs
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=tc["lr"], total_steps=epochs * steps, pct_start=tc["pct_start"],
        anneal_strategy="cos")
    gen = torch.Generator().manual_seed(seed)
    # exponential moving average of weights and BN statistics; the EMA copy is what gets
    # evaluated, selected and exported (smooths the epoch-to-epoch noise of a small data set)
    ema_decay = float(tc.get("ema_decay", 0.0))
    ema = copy.deepcopy(model).eval() if ema_decay > 0 else model
    for p in ema.parameters():
        p.requires_grad_(ema is model)
    step = 0
    y_val = va.targets.numpy()
    pos = len(labels) - 1 if len(labels) == 2 and not sigmoid_task else None
    loss_fn, sample_w, loss_text = extras.make_loss(cfg, tr, labels, sigmoid_task, log)
    box_loss = None
    if tc.get("cam_box_loss") and tr.boxes is not None:
        box_loss = extras.BoxCamLoss(tr, labels, tc["cam_box_loss"])
        loss_text += (f"; plus box-guided CAM loss (weight {tc['cam_box_loss']}): for training images with "
                      "true boxes, cross-entropy between the spatial softmax of the true class's CAM and the "
                      "augmented box mask pooled to the CAM grid (training only; the exported CAM is unchanged)")
        log(f"box-guided CAM loss weight {tc['cam_box_loss']} on "
            f"{sum(1 for b in tr.boxes if b)} training images with boxes")
    best = None
    history = []
    t_train = time.time()
    for ep in range(1, epochs + 1):
        te = time.time()
        model.train()
        if sample_w is None:
            perm = torch.randperm(len(tr), generator=gen)
        else:
            perm = torch.multinomial(sample_w, len(tr), replacement=True, generator=gen)
        tot = 0.0
        for b in range(steps):
            idx = perm[b * bs:(b + 1) * bs]
            if box_loss is None:
                x = augment(tr.images[idx].float(), cfg["augment"], gen)
                logits, _ = model(x)
            else:
                xm = augment(torch.cat([tr.images[idx].float(), box_loss.masks(idx)], 1), cfg["augment"], gen)
                logits, cam = model(xm[:, :1])
            if loss_fn is None:
                loss = F.cross_entropy(logits, tr.targets[idx], label_smoothing=tc["label_smoothing"])
            else:
                loss = loss_fn(logits, idx)
            if box_loss is not None:
                loss = loss + box_loss(cam, xm[:, 1:])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            if ema is not model:
                d = min(ema_decay, (1.0 + step) / (10.0 + step))
                with torch.no_grad():
                    for pe, pm in zip(ema.parameters(), model.parameters()):
                        pe.mul_(d).add_(pm.detach(), alpha=1.0 - d)
                    for be, bm in zip(ema.buffers(), model.buffers()):
                        if be.dtype.is_floating_point:
                            be.mul_(d).add_(bm, alpha=1.0 - d)
                        else:
                            be.copy_(bm)
            tot += float(loss)
        lv = predict(ema, va.images)
        if pos is not None:
            vloss = float(F.cross_entropy(lv, va.targets))
            pv = M.softmax(lv.numpy())
            vacc = float((pv.argmax(1) == y_val).mean())
            vauc = M.auc((y_val == pos).astype(int), pv[:, pos]) if pos is not None else float("nan")
            history.append({"epoch": ep, "train_loss": round(tot / steps, 4), "val_nll": round(vloss, 4),
                            "val_acc": round(vacc, 4), "val_auc": round(vauc, 4),
                            "seconds": round(time.time() - te, 1)})
        else:
            vloss, vacc, vauc, vbacc = extras.epoch_val(lv, va, labels, sigmoid_task)
            history.append({"epoch": ep, "train_loss": round(tot / steps, 4), "val_nll": round(vloss, 4),
                            "val_acc": round(vacc, 4), "val_auc": round(vauc, 4),
                            "val_bacc": round(vbacc, 4), "seconds": round(time.time() - te, 1)})
        if tc["select_by"].startswith("val_bacc"):
            better = best is None or (vbacc, -vloss) > (best["val_bacc"], -best["val_nll"])
        elif tc["select_by"].startswith("val_nll"):
            better = best is None or (-vloss, vauc) > (-best["val_nll"], best["val_auc"])
        else:
            better = best is None or (vauc, -vloss) > (best["val_auc"], -best["val_nll"])
        if better:
            best = dict(history[-1])
            best_state = copy.deepcopy(ema.state_dict())
        log(f"epoch {ep:2d}/{epochs} lr {sched.get_last_lr()[0]:.2e} train_loss {tot / steps:.4f} "
            f"val_nll {vloss:.4f} val_acc {vacc:.4f} val_auc {vauc:.4f} "
            + ("" if pos is not None else f"val_bacc {history[-1]['val_bacc']:.4f} ")
            + f"{time.time() - te:.1f}s{'  *best' if better else ''}")
    train_seconds = time.time() - t_train
    log(f"training {train_seconds:.0f}s; best epoch {best['epoch']} (val_auc {best['val_auc']}, "
        f"val_nll {best['val_nll']})")
    model.load_state_dict(best_state)
    model.eval()
    return {"model": model, "best": best, "history": history, "train_seconds": train_seconds,
            "ema_decay": ema_decay, "loss_text": loss_text, "mean": mean, "std": std, "arch": arch}


def member_key(cfg, seed, epochs) -> str:
    """What decides a member's weights: data set, labels, sizes, network, training, augmentation, seed."""
    keep = {k: cfg.get(k) for k in ("dataset", "labels", "source_size", "input_size", "image_size", "model",
                                    "augment", "task", "label_column", "group_column", "multilabel_column",
                                    "boxes", "guard")}
    keep["train"] = {k: v for k, v in cfg["train"].items() if k != "seed"}
    keep["seed"], keep["epochs"] = seed, epochs
    return hashlib.sha256(json.dumps(keep, sort_keys=True).encode()).hexdigest()


def member(cfg, seed, epochs, tr, va, labels, sigmoid_task, log, args):
    """A trained member: from --members-dir when a checkpoint of the same key is there (same config,
    seed and epochs: the same training), otherwise trained now and checkpointed there."""
    key = member_key(cfg, seed, epochs)
    path = Path(args.members_dir) / f"{args.modality}-seed-{seed}.pt" if args.members_dir else None
    if path is not None and path.exists():
        blob = torch.load(path)
        if blob["key"] == key:
            model = build_model(cfg, blob["mean"], blob["std"])
            model.load_state_dict(blob["state"])
            model.eval()
            log(f"member seed {seed}: checkpoint {path} (trained {blob['trained_at']}, "
                f"{blob['train_seconds']:.0f}s, best epoch {blob['best']['epoch']})")
            return {"model": model, "checkpoint": f"{path.name} (trained {blob['trained_at']})",
                    **{k: blob[k] for k in ("best", "history", "train_seconds", "ema_decay", "loss_text", "mean",
                                            "std", "arch")}}
        log(f"member seed {seed}: checkpoint {path} is from another configuration; training again")
    log(f"member seed {seed}: training")
    m = train_member(cfg, seed, epochs, tr, va, labels, sigmoid_task, log)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        torch.save({"key": key, "state": m["model"].state_dict(), "trained_at": time.strftime("%Y-%m-%d %H:%M"),
                    **{k: v for k, v in m.items() if k != "model"}}, path)
    return m


def main(argv=None):
    ap = argparse.ArgumentParser(description="Train, calibrate and export one Fractify model.")
    ap.add_argument("modality", help="config name in training/configs/<modality>.json")
    ap.add_argument("--data-root", default=str(REPO_ROOT / ".." / "shared" / "datasets"),
                    help="folder holding <dataset>/labels.csv (default: ../shared/datasets "
                         "relative to the repository root)")
    ap.add_argument("--out", default=None, help="bundle folder (default: models/<modality>)")
    ap.add_argument("--log", default=None, help="log file (default: training/logs/<modality>.log)")
    ap.add_argument("--epochs", type=int, default=None, help="override the config (timing runs)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=None,
                    help="override the config's train.seed, and train that one network even where the config "
                         "asks for an ensemble (seed-variance runs)")
    ap.add_argument("--members-dir", default=str(TRAINING_DIR / "members"),
                    help="where trained networks are checkpointed and reused from (an ensemble's members); "
                         "'' to neither read nor write checkpoints (default: training/members, not committed)")
    args = ap.parse_args(argv)

    t0 = time.time()
    cfg = json.load(open(TRAINING_DIR / "configs" / f"{args.modality}.json"))
    tc = cfg["train"]
    if args.seed is not None:
        tc["seed"] = args.seed
    epochs = args.epochs or tc["epochs"]
    out_dir = Path(args.out) if args.out else REPO_ROOT / "models" / args.modality
    log = Log(args.log or TRAINING_DIR / "logs" / f"{args.modality}.log")
    torch.set_num_threads(args.threads)
    seed_everything(tc["seed"])
    command = "/usr/bin/python3 training/train.py " + " ".join(sys.argv[1:] if argv is None else argv)
    log(f"command: {command}")
    log(f"torch {torch.__version__}, numpy {np.__version__}, python {platform.python_version()}, "
        f"threads {torch.get_num_threads()}, cpu count {os.cpu_count()}")

    labels = cfg["labels"]
    sigmoid_task = cfg.get("task", "softmax") == "sigmoid"
    if "guard" in cfg:
        data_root = Path(args.data_root).resolve()
        splits = load_guard(data_root, cfg["guard"], labels, cfg["source_size"])
    else:
        data_root = Path(args.data_root).resolve() / cfg["dataset"]
        splits = load_dataset(data_root, labels, cfg["source_size"],
                              label_column=cfg.get("label_column", "label"),
                              group_column=cfg.get("group_column", "patient_id"),
                              multilabel_column=cfg.get("multilabel_column"),
                              box_spec=cfg.get("boxes"), image_size=cfg.get("image_size"))
    tr, va = splits["train"], splits["val"]
    if sigmoid_task:
        counts = {s.name: {**{l: int(s.multi[:, i].sum()) for i, l in enumerate(labels)},
                           "none": int((s.targets == 0).sum())} for s in (tr, va)}
    else:
        counts = {s.name: {l: int((s.targets == i).sum()) for i, l in enumerate(labels)}
                  for s in (tr, va)}
    log(f"data {data_root}: train {len(tr)} {counts['train']}, val {len(va)} {counts['val']} "
        f"({time.time() - t0:.1f}s)")

    seeds = [args.seed] if args.seed is not None else cfg.get("ensemble", {}).get("seeds", [tc["seed"]])
    members = [member(cfg, s, epochs, tr, va, labels, sigmoid_task, log, args) for s in seeds]
    first = members[0]
    mean, std, ema_decay, loss_text = first["mean"], first["std"], first["ema_decay"], first["loss_text"]
    if len(members) == 1:
        model, best, history, train_seconds, arch = (first[k] for k in
                                                     ("model", "best", "history", "train_seconds", "arch"))
    else:
        model = EnsembleCamNet([m["model"] for m in members]).eval()
        best = {"epoch": [m["best"]["epoch"] for m in members],
                "members": [{"seed": s, "best_epoch": m["best"]["epoch"], "train_loop_seconds": round(m["train_seconds"], 1),
                             "trained": m.get("checkpoint", "in this run")} for s, m in zip(seeds, members)]}
        history = {str(s): m["history"] for s, m in zip(seeds, members)}
        train_seconds = sum(m["train_seconds"] for m in members)
        tc["seed"] = seeds
        arch = (f"Ensemble of {len(members)} networks of one architecture trained from seeds {seeds}; logits = "
                f"the mean of the members' logits, one GAP + linear head over the members' concatenated "
                f"feature maps (weights / {len(members)}, mean bias), so the CAM is the mean of the members' "
                f"CAMs. Each member: {first['arch']}")
        log(arch)
    pos = len(labels) - 1 if len(labels) == 2 and not sigmoid_task else None
    y_val = va.targets.numpy()

    # calibration + threshold + metrics on val
    lv = predict(model, va.images)
    if pos is None or cfg.get("pipeline", 1) >= 2:
        return extras.finish(cfg, args, model, lv, tr, va, labels, counts, sigmoid_task, log, t0,
                             train_seconds, best, history, epochs, ema_decay, command, out_dir,
                             mean, std, arch, loss_text)
    cal = fit_temperature(lv, va.targets)
    T = cal["temperature"]
    log(f"temperature {T:.4f}: val NLL {cal['nll_before']:.4f} -> {cal['nll_after']:.4f}")
    lvn = lv.numpy().astype(np.float64)
    p_cal = M.softmax(lvn, T)
    ev = cfg["eval"]
    thresholds = {}
    assert pos is not None, "only binary modalities are implemented for thresholds/metrics so far"
    pos_label = labels[pos]
    if cfg["threshold"]["method"] == "youden":
        thr = M.youden_threshold((y_val == pos).astype(int), p_cal[:, pos])
        thr_method = (f"Youden's J (max sensitivity + specificity - 1) on the val set, applied to the "
                      f"temperature-scaled probability p({pos_label}) = softmax(logits / T)[{pos}]; "
                      f"predict {pos_label} if p >= threshold (midpoint between adjacent val scores)")
    else:
        thr = float(cfg["threshold"]["value"])
        thr_method = f"fixed threshold {thr} on p({pos_label})"
    thresholds[pos_label] = round(thr, 6)
    met = M.bootstrap(lvn, y_val, va.patients, T, pos, thr, ev["ece_bins"], ev["bootstrap"],
                      ev["bootstrap_seed"])
    met["n"] = {"total": len(va), **counts["val"]}
    met["note"] = ("val set; the epoch, temperature and threshold were all chosen on this same val set, "
                   "so these figures are optimistic. 95% CIs: percentile bootstrap, 1000 resamples of "
                   "patients (one image per patient), temperature and threshold held fixed.")
    log(f"threshold p({pos_label}) >= {thr:.4f}")
    for k, v in met.items():
        if isinstance(v, dict) and "value" in v:
            log(f"  val {k:24s} {v['value']:.4f}  95% CI [{v['ci95'][0]:.4f}, {v['ci95'][1]:.4f}]")

    # export + checks
    model_path = out_dir / "model.pt"
    cam_check = export(model, model_path, va.images, log)
    size = model_path.stat().st_size
    log(f"wrote {model_path} ({size / 2**20:.2f} MiB)")
    wall = time.time() - t0

    cc = cfg["card"]
    card = {
        "name": cfg["name"],
        "version": cfg["version"],
        "modality": cfg["modality"],
        "role": cfg.get("role", "primary"),
        "file": "model.pt",
        "sha256": sha256(model_path),
        "file_size_bytes": size,
        "architecture": arch,
        "parameters": sum(p.numel() for p in model.parameters()),
        "labels": labels,
        "normal_labels": cfg["normal_labels"],
        "activation": "softmax",
        "temperature": round(T, 6),
        "input": {
            "channels": 1,
            "size": cfg["input_size"],
            "value_range": "0..255 gray",
            "resize": "bilinear, antialias",
            "mean": round(mean, 6),
            "std": round(std, 6),
            "tensor": "float32 [N, 1, H, W], any H and W (square expected), raw gray values as floats",
            "preprocessing": cc["preprocessing"],
        },
        "output": {
            "type": "tuple (logits, cam)",
            "logits": f"float32 [N, {len(labels)}] raw (uncalibrated) logits in label order; "
                      "probabilities = softmax(logits / temperature)",
            "cam": f"float32 [N, {len(labels)}, {cam_check['cam_hw'][0]}, {cam_check['cam_hw'][1]}] class "
                   "activation maps cam[n,c] = sum_k W[c,k] F[n,k] (no bias, no ReLU, not normalised); "
                   "logits[n,c] = mean(cam[n,c]) + bias[c]; the map covers the whole (square) input image",
        },
        "thresholds": thresholds,
        "threshold_method": thr_method,
        "metrics": met,
        "training": {
            "dataset": cc["dataset_name"],
            "dataset_folder": cfg["dataset"],
            "provenance": cc["provenance_summary"],
            "license": cc["license"],
            "train_count": {"total": len(tr), **counts["train"]},
            "val_count": {"total": len(va), **counts["val"]},
            "epochs": epochs,
            "best_epoch": best["epoch"],
            **({"ensemble_members": best["members"]} if "members" in best else {}),
            "selection": tc["select_by"],
            "seed": tc["seed"],
            "batch_size": tc["batch_size"],
            "optimizer": f"{tc['optimizer']} (lr {tc['lr']}, weight_decay {tc['weight_decay']}), "
                         f"{tc['schedule']}; cross-entropy with label smoothing {tc['label_smoothing']}"
                         + (f"; weight EMA decay {ema_decay} (EMA weights evaluated and exported)"
                            if ema_decay > 0 else ""),
            "augmentations": (
                f"on the raw 0..255 {cfg['source_size']}x{cfg['source_size']} image before the model's in-graph preprocessing: random "
                f"resized crop (area {cfg['augment']['crop_scale']}, aspect {cfg['augment']['crop_ratio']}) "
                f"+ rotation +/-{cfg['augment']['rotate_deg']} deg as one bilinear affine warp (black "
                f"outside), gamma exp(+/-{cfg['augment']['gamma']}), contrast +/-{cfg['augment']['contrast']}, "
                f"brightness +/-{cfg['augment']['brightness']}; "
                + ("horizontal flip" if cfg["augment"].get("hflip") else "no horizontal flip")),
            "wall_time_seconds": round(wall, 1),
            "train_loop_seconds": round(train_seconds, 1),
            "hardware": f"{os.cpu_count()}-core CPU, torch threads {torch.get_num_threads()}",
            "torch_version": torch.__version__,
            "command": command,
            "history": history,
        },
        "intended_use": cc["intended_use"],
        "limitations": cc["limitations"],
        "cam_check": cam_check,
    }
    with open(out_dir / "card.json", "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    log(f"wrote {out_dir / 'card.json'}; total wall time {wall:.0f}s")
    return card
