"""Pipeline v2 (multi-class, multi-label, guard, boxes, tiles, shortcut probes, goals).

chest_xray (config without "pipeline": 2) keeps the original binary path in pipeline.py."""
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

from . import metrics as M
from .calibrate import fit_temperature, fit_temperature_bce
from .export import export, sha256
from .shortcut import pointing_game, pointing_ci, stats_baseline


# ------------------------------------------------------------------ training helpers
def make_loss(cfg, tr, labels, sigmoid_task, log):
    """Returns (loss_fn(logits, idx) or None for the plain CE of pipeline v1, sample weights for a
    balanced sampler or None, a text for the card)."""
    tc = cfg["train"]
    C = len(labels)
    sample_w = None
    texts = []
    if sigmoid_task:
        Y = tr.multi
        pos = Y.sum(0).clamp_min(1)
        pw = ((len(Y) - pos) / pos).clamp(max=float(tc.get("pos_weight_max", 10.0)))
        log(f"BCE pos_weight {dict(zip(labels, [round(float(v), 2) for v in pw]))}")
        texts.append(f"binary cross-entropy per label with pos_weight = neg/pos capped at "
                     f"{tc.get('pos_weight_max', 10.0)} ({dict(zip(labels, [round(float(v), 2) for v in pw]))})")

        def fn(logits, idx):
            return F.binary_cross_entropy_with_logits(logits, Y[idx], pos_weight=pw)
        return fn, None, "; ".join(texts)
    cnt = torch.bincount(tr.targets, minlength=C).float().clamp_min(1)
    weight = None
    cwm = tc.get("class_weights")
    if cwm:
        w = cnt.sum() / (C * cnt)
        if cwm == "sqrt_inverse_frequency":
            w = w.sqrt()
        w = w * cnt.sum() / (w * cnt).sum()          # mean weight per training sample = 1
        weight = w
        log(f"class weights ({cwm}): {dict(zip(labels, [round(float(v), 3) for v in w]))}")
        texts.append(f"class-weighted cross-entropy ({cwm}: "
                     f"{dict(zip(labels, [round(float(v), 3) for v in w]))})")
    if tc.get("sampler") == "balanced":
        sample_w = (1.0 / cnt)[tr.targets].double()
        texts.append("class-balanced sampling with replacement (each class drawn equally often)")
    ls = tc["label_smoothing"]
    texts.append(f"label smoothing {ls}")
    if weight is None and sample_w is None and cfg.get("pipeline", 1) < 2:
        return None, None, "; ".join(texts)

    def fn(logits, idx):
        return F.cross_entropy(logits, tr.targets[idx], weight=weight, label_smoothing=ls)
    return fn, sample_w, "; ".join(texts)


def epoch_val(lv, va, labels, sigmoid_task):
    """(val loss, accuracy, macro AUC, balanced accuracy) for model selection."""
    if sigmoid_task:
        Y = va.multi.numpy()
        vloss = float(F.binary_cross_entropy_with_logits(lv, va.multi))
        p = M.sigmoid(lv.numpy())
        aucs = [M.auc(Y[:, c].astype(int), p[:, c]) for c in range(len(labels))]
        vauc = float(np.nanmean(aucs))
        vacc = float(((p >= 0.5) == (Y > 0.5)).mean())
        return vloss, vacc, vauc, vauc
    y = va.targets.numpy()
    vloss = float(F.cross_entropy(lv, va.targets))
    p = M.softmax(lv.numpy())
    pred = p.argmax(1)
    vacc = float((pred == y).mean())
    vbacc = float(np.mean([(pred[y == c] == c).mean() for c in range(len(labels)) if (y == c).any()]))
    aucs = [M.auc((y == c).astype(int), p[:, c]) for c in range(len(labels))]
    return vloss, vacc, float(np.nanmean(aucs)), vbacc


class BoxCamLoss:
    """Box-guided CAM loss (config train.cam_box_loss = weight): for every training image and class
    with a true box, the spatial softmax of that class's CAM is pulled towards the (augmented) box
    mask, pooled to the CAM grid: loss = -sum_cells t * log_softmax(cam), t = mask / sum(mask).
    Only training changes; the exported graph and its exact CAM are unaffected."""

    def __init__(self, split, labels, weight):
        self.split = split
        self.idx = {l: i for i, l in enumerate(labels)}
        self.C = len(labels)
        self.weight = float(weight)
        self.S = split.images.shape[-1]

    def masks(self, idx):
        m = torch.zeros(len(idx), self.C, self.S, self.S)
        for j, i in enumerate(idx.tolist()):
            for lab, x0, y0, x1, y1 in self.split.boxes[i]:
                m[j, self.idx[lab], int(y0):int(y1) + 1, int(x0):int(x1) + 1] = 1.0
        return m

    def __call__(self, cam, masks):
        t = F.adaptive_avg_pool2d(masks, cam.shape[-2:]).flatten(2)        # [B,C,hw]
        tot = t.sum(-1)
        sel = tot > 1e-3
        if not bool(sel.any()):
            return cam.sum() * 0.0
        t = t[sel] / tot[sel][:, None]
        logp = F.log_softmax(cam.flatten(2)[sel], dim=-1)
        return self.weight * -(t * logp).sum(-1).mean()


# ------------------------------------------------------------------ guard rule
def guard_analysis(p, y, groups, labels, n_boot, seed):
    """Rejection rule: reject a request for modality r when p(r) < t AND argmax != r AND
    p(argmax) > u. Chosen on val: maximise the macro wrong-modality rejection rate subject to
    false rejection (right modality rejected) < 1% overall and <= 2% for every modality."""
    C = len(labels)
    ar = np.arange(C)

    def rej_matrix(pi, t, u):
        am = pi.argmax(1)
        return (pi < t) & (am[:, None] != ar[None]) & (pi.max(1)[:, None] > u)   # [n, C]

    def rates(idx, t, u):
        pi, yi = p[idx], y[idx]
        R = rej_matrix(pi, t, u)
        right = R[np.arange(len(yi)), yi]
        wrong = np.ones_like(R, dtype=bool)
        wrong[np.arange(len(yi)), yi] = False
        per_frr = [right[yi == m].mean() for m in range(C) if (yi == m).any()]
        per_wrr = [R[yi == m][:, [r for r in range(C) if r != m]].mean() for m in range(C) if (yi == m).any()]
        return {"false_rejection_rate": float(right.mean()),
                "wrong_modality_rejection_rate": float(R[wrong].mean()),
                "false_rejection_rate_max_per_modality": float(np.max(per_frr)),
                "wrong_modality_rejection_rate_macro": float(np.mean(per_wrr)),
                "wrong_modality_rejection_rate_min_per_modality": float(np.min(per_wrr))}

    all_idx = np.arange(len(y))
    grid_t = [0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]
    grid_u = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99]
    best = None
    for t in grid_t:
        for u in grid_u:
            r = rates(all_idx, t, u)
            ok = r["false_rejection_rate"] < 0.01 and r["false_rejection_rate_max_per_modality"] <= 0.02
            key = (ok, r["wrong_modality_rejection_rate_macro"], -r["false_rejection_rate"], -t, u)
            if best is None or key > best[0]:
                best = (key, t, u)
    _, t, u = best
    ci = M.bootstrap_fn(lambda i: rates(i, t, u), len(y), groups, n_boot, seed)
    R = rej_matrix(p, t, u)
    pair = {labels[m]: {labels[r]: round(float(R[y == m][:, r].mean()), 4) for r in range(C)}
            for m in range(C) if (y == m).any()}
    pred = p.argmax(1)
    conf = {labels[m]: {labels[k]: int(((y == m) & (pred == k)).sum()) for k in range(C)} for m in range(C)}
    return {
        "rule": "reject a request for modality r (HTTP 422 naming r and the recognised modality) when "
                "p(r) < t AND the argmax modality m != r AND p(m) > u, with p = softmax(logits / temperature) "
                "of this model; otherwise accept",
        "t": t, "u": u,
        "selection": "grid over t in %s and u in %s on val: maximise the macro (per true modality) "
                     "wrong-modality rejection rate subject to false rejection < 1%% overall and <= 2%% for "
                     "every modality" % (grid_t, grid_u),
        "val_rates": ci,
        "val_rejection_rate_by_true_then_requested": pair,
        "val_confusion_matrix_argmax_true_then_predicted": conf,
    }


# ------------------------------------------------------------------ goals
def _lookup(d, path):
    cur = d
    for k in path.split("."):
        if cur is None or k not in cur:
            return None
        cur = cur[k]
    return cur


def evaluate_goals(goals, facts):
    out = []
    for g in goals:
        v = _lookup(facts, g["metric"])
        value = v.get("value") if isinstance(v, dict) else v
        ci = v.get("ci95") if isinstance(v, dict) else None
        met = None
        if value is not None:
            met = value >= g["value"] if g["op"] == ">=" else value < g["value"]
        out.append({"goal": g["text"], "metric": g["metric"], "target": f"{g['op']} {g['value']}",
                    "val_value": value, "val_ci95": ci, "met_on_val": met})
    return out


# ------------------------------------------------------------------ the rest of a run
def finish(cfg, args, model, lv, tr, va, labels, counts, sigmoid_task, log, t0, train_seconds,
           best, history, epochs, ema_decay, command, out_dir, mean, std, arch, loss_text):
    tc, ev, cc = cfg["train"], cfg["eval"], cfg["card"]
    normal = cfg["normal_labels"]
    gcol = cfg.get("group_column", "patient_id")
    C = len(labels)
    lvn = lv.numpy().astype(np.float64)
    y = va.targets.numpy()
    binary = (C == 2 and not sigmoid_task)

    # ---- calibration
    if sigmoid_task:
        cal = fit_temperature_bce(lv, va.multi)
    else:
        cal = fit_temperature(lv, va.targets)
    T = cal["temperature"]
    log(f"temperature {T:.4f}: val NLL {cal['nll_before']:.4f} -> {cal['nll_after']:.4f}")
    p = M.sigmoid(lvn, T) if sigmoid_task else M.softmax(lvn, T)
    act = "sigmoid" if sigmoid_task else "softmax"

    # ---- thresholds (per abnormal label, Youden on val, one-vs-rest)
    thresholds = {}
    Y = va.multi.numpy() if sigmoid_task else None
    for c, lab in enumerate(labels):
        if lab in normal:
            continue
        yc = (Y[:, c] > 0.5).astype(int) if sigmoid_task else (y == c).astype(int)
        if yc.sum() == 0 or yc.sum() == len(yc):
            thresholds[lab] = 0.5
            log(f"  {lab}: no val positives (or negatives) -> threshold 0.5 (not tuned)")
        else:
            thresholds[lab] = round(M.youden_threshold(yc, p[:, c]), 6)
    thr_method = (f"Youden's J (max sensitivity + specificity - 1) per abnormal label on the val set, "
                  f"one label vs the rest, applied to the temperature-scaled probability "
                  f"p(label) = {act}(logits / T)[label]; report the label as a finding if p >= threshold "
                  f"(midpoint between adjacent val scores)")
    if not sigmoid_task and not binary:
        thr_method += ("; the classes are mutually exclusive (softmax): the argmax label is the "
                       "predicted type, and accuracy / balanced accuracy / recall below are argmax figures")
    if "guard" in cfg:
        thresholds = {}
        thr_method = ("none: the guard produces no findings; use guard_rule (reject when p(requested) < t and the "
                      "argmax modality differs with p(argmax) > u)")
    log(f"thresholds {thresholds}")

    # ---- metrics with grouped bootstrap CIs
    bins, nb, bseed = ev["ece_bins"], ev["bootstrap"], ev["bootstrap_seed"]
    if binary:
        posi = 1
        met = M.bootstrap(lvn, y, va.patients, T, posi, thresholds[labels[posi]], bins, nb, bseed)
        met["auc_label"] = labels[posi]
    elif sigmoid_task:
        met = M.nest(M.bootstrap_fn(lambda i: M.multilabel_metrics(lvn[i], Y[i], T, labels, thresholds, bins),
                                    len(y), va.patients, nb, bseed))
    else:
        met = M.nest(M.bootstrap_fn(lambda i: M.multiclass_metrics(lvn[i], y[i], T, labels, normal,
                                                                   thresholds, bins),
                                    len(y), va.patients, nb, bseed))
    ng = len(set(va.patients))
    met["n"] = {"total": len(va), "groups": ng, **counts["val"]}
    met["note"] = (f"val set; the epoch, temperature and threshold(s) were all chosen on this same val set, "
                   f"so these figures are optimistic. 95% CIs: percentile bootstrap, {nb} resamples of whole "
                   f"groups (labels.csv column '{gcol}', {ng} groups in val) with replacement, temperature "
                   f"and thresholds held fixed.")
    for k, v in met.items():
        if isinstance(v, dict) and "value" in v and v["value"] is not None:
            log(f"  val {k:34s} {v['value']:.4f}  95% CI {v['ci95']}")
    for lab, d in met.get("per_label", {}).items():
        log(f"  val {lab}: " + ", ".join(f"{k} {v['value']}" for k, v in d.items()))

    facts = {"metrics": met}
    extra = {}

    # ---- pointing game
    if va.boxes is not None:
        recs = pointing_game(model, va, labels, sigmoid_task)
        hits = [r[2] for r in recs]
        ci = pointing_ci(hits, [va.patients[r[0]] for r in recs], nb, bseed)
        per = {}
        for r in recs:
            per.setdefault(r[1], []).append(r[2])
        pg = {"value": ci["value"], "ci95": ci["ci95"], "n": len(recs),
              "n_groups": len({va.patients[r[0]] for r in recs}),
              "definition": ("share of val images with a true box where the peak of the CAM of the true class "
                             "(" + ("every boxed subtype of the image counts as one trial" if sigmoid_task
                                    else "the image's label") +
                             "), bilinearly upsampled to the image, falls inside a true box of that class "
                             "(box edges inclusive); CI by grouped bootstrap"),
              "per_label": {k: {"value": round(float(np.mean(v)), 4), "n": len(v)} for k, v in sorted(per.items())},
              "centre_baseline": round(float(np.mean([r[3] for r in recs])), 4),
              "centre_baseline_definition": "share of the same trials whose box contains the image centre "
                                            "(a CAM that always peaks in the middle would score this)"}
        extra["pointing_game"] = pg
        facts["pointing_game"] = pg
        log(f"pointing game {pg['value']} CI {pg['ci95']} n {pg['n']} (centre baseline {pg['centre_baseline']})")

    # ---- shortcut probes
    sc = cfg.get("shortcut")
    probes = {}
    if sc:
        nc = 2 if sigmoid_task else C
        pb = stats_baseline(tr.images, tr.targets, va.images, va.targets, nc)
        pred = pb.argmax(1)
        rec = [float((pred[y == c] == c).mean()) for c in range(nc) if (y == c).any()]
        base = {"accuracy": round(float((pred == y).mean()), 4), "balanced_accuracy": round(float(np.mean(rec)), 4)}
        if nc == 2:
            base["auc"] = round(M.auc(y, pb[:, 1]), 4)
        else:
            base["auc_macro_ovr"] = round(float(np.nanmean([M.auc((y == c).astype(int), pb[:, c]) for c in range(nc)])), 4)
        for grp in sc.get("baseline_one_vs_rest", []):
            c = labels.index(grp)
            base[f"auc_{grp}_vs_rest"] = round(M.auc((y == c).astype(int), pb[:, c]), 4)
        probes["image_statistics_baseline"] = {
            "what": ("multinomial logistic regression on anatomy-free image statistics (32-bin gray histogram, "
                     "mean, std, share of black and near-white pixels, extent/aspect of the non-black content), "
                     "class-balanced, fitted on train, scored on val"
                     + (" (target: any haemorrhage box vs none)" if sigmoid_task else "")),
            "val": base}
        log(f"shortcut probe (image statistics only): {base}")
        subs = {}
        for sg in sc.get("subgroups", []):
            col = sg["column"]
            vals = []
            for r in va.rows:
                if col == "orig_size":
                    vals.append(f"{r['orig_w']}x{r['orig_h']}" if r.get("orig_w") else "?")
                else:
                    vals.append(r.get(col) or "(none)")
            vals = np.array(vals)
            if binary:
                pr = (p[:, 1] >= thresholds[labels[1]]).astype(int)
            elif sigmoid_task:
                pr = (p >= np.array([thresholds[l] for l in labels])).any(1).astype(int)
            else:
                pr = p.argmax(1)
            d = {}
            for v in sorted(set(vals)):
                m = vals == v
                d[v] = {"n": int(m.sum()), "accuracy": round(float((pr[m] == y[m]).mean()), 4),
                        "counts": {labels[c] if not sigmoid_task else ("positive" if c else "none"):
                                   int((y[m] == c).sum()) for c in range(nc) if (y[m] == c).any()}}
            subs[col] = {"what": sg.get("what", ""), "by_value": d}
            log(f"subgroup {col}: {d}")
        if subs:
            probes["subgroups"] = subs
        if sc.get("note"):
            probes["note"] = sc["note"]
        extra["shortcut_checks"] = probes

    # ---- guard rule
    if "guard" in cfg:
        g = guard_analysis(p, y, va.patients, labels, nb, bseed)
        kinds = np.array([r.get("kind", "image") for r in va.rows])
        g["val_by_kind"] = {k: {"n": int((kinds == k).sum()),
                                "argmax_accuracy": round(float((p.argmax(1)[kinds == k] == y[kinds == k]).mean()), 4)}
                            for k in sorted(set(kinds))}
        extra["guard_rule"] = g
        facts["guard"] = g["val_rates"]
        log(f"guard rule t={g['t']} u={g['u']}: {g['val_rates']}")
        log(f"guard confusion: {g['val_confusion_matrix_argmax_true_then_predicted']}")

    # ---- export + checks
    model_path = out_dir / "model.pt"
    cam_check = export(model, model_path, va.images, log)
    size = model_path.stat().st_size
    assert size < 15 * 2 ** 20, size
    log(f"wrote {model_path} ({size / 2**20:.2f} MiB)")
    wall = time.time() - t0

    goals = evaluate_goals(cfg.get("goals", []), facts)
    for gl in goals:
        log(f"goal {gl['goal']}: val {gl['val_value']} {gl['val_ci95']} -> "
            f"{'MET' if gl['met_on_val'] else 'NOT MET'}")
    limitations = list(cc["limitations"])
    for gl in goals:
        if not gl["met_on_val"]:
            limitations.append(f"Goal not reached on val: {gl['goal']} (target {gl['target']}); measured "
                               f"{gl['val_value']} (95% CI {gl['val_ci95']}).")
    if "image_statistics_baseline" in probes:
        b = probes["image_statistics_baseline"]["val"]
        limitations.append("Shortcut probe (measured): a classifier that sees only image statistics (histogram, "
                           "brightness, black borders; no anatomy) reaches on val " +
                           ", ".join(f"{k} {v}" for k, v in b.items()) +
                           "; " + sc.get("interpretation", "the higher this is, the more the labels can be "
                                                              "separated without looking at pathology."))

    aug = cfg["augment"]
    S0 = cfg["source_size"]
    card = {
        "name": cfg["name"],
        "version": cfg["version"],
        "modality": cfg["modality"],
        "role": cfg.get("role", "primary"),
        "file": "model.pt",
        "sha256": sha256(model_path),
        "file_size_bytes": size,
        "architecture": arch,
        "parameters": sum(p_.numel() for p_ in model.parameters()),
        "labels": labels,
        "normal_labels": normal,
        "activation": act,
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
            **cfg.get("tile", {}),
        },
        "output": {
            "type": "tuple (logits, cam)",
            "logits": f"float32 [N, {C}] raw (uncalibrated) logits in label order; "
                      f"probabilities = {act}(logits / temperature)"
                      + (" (independent per label, multi-label)" if sigmoid_task else ""),
            "cam": f"float32 [N, {C}, {cam_check['cam_hw'][0]}, {cam_check['cam_hw'][1]}] class "
                   "activation maps cam[n,c] = sum_k W[c,k] F[n,k] (no bias, no ReLU, not normalised); "
                   "logits[n,c] = mean(cam[n,c]) + bias[c]; the map covers the whole (square) input image",
        },
        "thresholds": thresholds,
        "threshold_method": thr_method,
        "metrics": met,
        **extra,
        "goals": goals,
        "training": {
            "dataset": cc["dataset_name"],
            "dataset_folder": cfg.get("dataset") or [d["folder"] for d in cfg["guard"]["datasets"]],
            "provenance": cc["provenance_summary"],
            "license": cc["license"],
            "group_column": gcol,
            "train_count": {"total": len(tr), "groups": len(set(tr.patients)), **counts["train"]},
            "val_count": {"total": len(va), "groups": len(set(va.patients)), **counts["val"]},
            "epochs": epochs,
            "best_epoch": best["epoch"],
            **({"ensemble_members": best["members"]} if "members" in best else {}),
            "selection": tc["select_by"],
            "seed": tc["seed"],
            "batch_size": tc["batch_size"],
            "optimizer": f"{tc['optimizer']} (lr {tc['lr']}, weight_decay {tc['weight_decay']}), "
                         f"{tc['schedule']}; {loss_text}"
                         + (f"; weight EMA decay {ema_decay} (EMA weights evaluated and exported)"
                            if ema_decay > 0 else ""),
            "augmentations": (
                f"on the raw 0..255 {S0}x{S0} image before the model's in-graph preprocessing: random "
                f"resized crop (area {aug['crop_scale']}, aspect {aug['crop_ratio']}) "
                f"+ rotation +/-{aug['rotate_deg']} deg as one bilinear affine warp (black "
                f"outside), gamma exp(+/-{aug['gamma']}), contrast +/-{aug['contrast']}, "
                f"brightness +/-{aug['brightness']}; "
                + ("random horizontal flip" if aug.get("hflip") else "no horizontal flip")
                + (f"; random black margins (0 to {aug['border_jitter']} of the side on each edge, to hide "
                   "the letterbox geometry of the source images)" if aug.get("border_jitter") else "")
                + (f". Rationale: {aug['rationale']}" if aug.get("rationale") else "")),
            "wall_time_seconds": round(wall, 1),
            "train_loop_seconds": round(train_seconds, 1),
            "hardware": f"{os.cpu_count()}-core CPU, torch threads {torch.get_num_threads()}",
            "torch_version": torch.__version__,
            "command": command,
            "history": history,
        },
        "intended_use": cc["intended_use"],
        "limitations": limitations,
        "cam_check": cam_check,
    }
    for k in ("notes",):
        if k in cc:
            card[k] = cc[k]
    with open(out_dir / "card.json", "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    log(f"wrote {out_dir / 'card.json'}; total wall time {wall:.0f}s")
    return card
