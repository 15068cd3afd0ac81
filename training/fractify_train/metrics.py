"""Metrics, Youden threshold, ECE and patient-level bootstrap CIs (numpy only)."""
import numpy as np


def softmax(logits: np.ndarray, t: float = 1.0) -> np.ndarray:
    z = logits / t
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _rankdata(a: np.ndarray) -> np.ndarray:
    """Average ranks (1-based), ties get the mean rank."""
    order = np.argsort(a, kind="mergesort")
    s = a[order]
    ranks = np.empty(len(a), dtype=np.float64)
    i = 0
    n = len(a)
    while i < n:
        j = i
        while j + 1 < n and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = 0.5 * (i + j) + 1.0
        i = j + 1
    return ranks


def auc(y: np.ndarray, score: np.ndarray) -> float:
    """ROC AUC via Mann-Whitney U (ties count half). y in {0,1}."""
    pos = y == 1
    n1, n0 = int(pos.sum()), int((~pos).sum())
    if n1 == 0 or n0 == 0:
        return float("nan")
    r = _rankdata(score)
    return float((r[pos].sum() - n1 * (n1 + 1) / 2.0) / (n1 * n0))


def youden_threshold(y: np.ndarray, score: np.ndarray) -> float:
    """Threshold maximising sensitivity + specificity - 1 (predict positive if score >= t).
    Returned as the midpoint between the optimal cut and the next lower distinct score."""
    u = np.unique(score)[::-1]  # descending candidates
    best, best_j = u[0], -1.0
    n1, n0 = (y == 1).sum(), (y == 0).sum()
    for i, t in enumerate(u):
        pred = score >= t
        j = (pred & (y == 1)).sum() / n1 + (~pred & (y == 0)).sum() / n0 - 1
        if j > best_j + 1e-12:
            best_j = j
            best = (t + u[i + 1]) / 2.0 if i + 1 < len(u) else t
    return float(best)


def ece(probs: np.ndarray, y: np.ndarray, bins: int = 15) -> float:
    """Top-label expected calibration error with equal-width confidence bins."""
    conf = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == y).astype(np.float64)
    edges = np.linspace(0.0, 1.0, bins + 1)
    e = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            e += m.mean() * abs(correct[m].mean() - conf[m].mean())
    return float(e)


def point_metrics(logits, y, temperature, positive, threshold, bins):
    """Binary metrics for class index `positive` vs the rest at a fixed threshold."""
    p_raw = softmax(logits, 1.0)
    p_cal = softmax(logits, temperature)
    yb = (y == positive).astype(int)
    score = p_cal[:, positive]
    pred = score >= threshold
    sens = float((pred & (yb == 1)).sum() / max((yb == 1).sum(), 1))
    spec = float((~pred & (yb == 0)).sum() / max((yb == 0).sum(), 1))
    return {
        "accuracy": float((pred == (yb == 1)).mean()),
        "balanced_accuracy": (sens + spec) / 2.0,
        "auc": auc(yb, score),
        "sensitivity": sens,
        "specificity": spec,
        "accuracy_argmax": float((p_cal.argmax(1) == y).mean()),
        "ece_before_temperature": ece(p_raw, y, bins),
        "ece_after_temperature": ece(p_cal, y, bins),
    }


def bootstrap(logits, y, groups, temperature, positive, threshold, bins, n, seed):
    """Point estimates + percentile 95% CIs, resampling whole groups (patients) with
    replacement; temperature and threshold stay fixed (as shipped)."""
    point = point_metrics(logits, y, temperature, positive, threshold, bins)
    ug = sorted(set(groups))
    gidx = {g: [] for g in ug}
    for i, g in enumerate(groups):
        gidx[g].append(i)
    members = [np.array(gidx[g]) for g in ug]
    rng = np.random.default_rng(seed)
    samples = {k: [] for k in point}
    for _ in range(n):
        pick = rng.integers(0, len(ug), len(ug))
        idx = np.concatenate([members[i] for i in pick])
        m = point_metrics(logits[idx], y[idx], temperature, positive, threshold, bins)
        for k, v in m.items():
            if not np.isnan(v):
                samples[k].append(v)
    out = {}
    for k, v in point.items():
        lo, hi = np.percentile(samples[k], [2.5, 97.5])
        out[k] = {"value": round(v, 4), "ci95": [round(float(lo), 4), round(float(hi), 4)]}
    return out


# ---------------------------------------------------------------------------------------------
# multi-class (softmax) and multi-label (sigmoid) metrics, generic grouped bootstrap
# ---------------------------------------------------------------------------------------------

def sigmoid(logits: np.ndarray, t: float = 1.0) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-logits / t))


def binary_ece(p: np.ndarray, y: np.ndarray, bins: int = 15) -> float:
    """ECE of a binary probability p = P(y=1) (reliability over equal-width bins of p)."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    e = 0.0
    for i, (lo, hi) in enumerate(zip(edges[:-1], edges[1:])):
        m = (p >= lo) & (p <= hi) if i == 0 else (p > lo) & (p <= hi)
        if m.any():
            e += m.mean() * abs(y[m].mean() - p[m].mean())
    return float(e)


def multiclass_metrics(logits, y, temperature, labels, normal_labels, thresholds, bins):
    """Flat dict: argmax accuracy / balanced accuracy, macro one-vs-rest AUC, ECE, and per label
    recall/precision (argmax) + AUC + sensitivity/specificity at the label's threshold."""
    p_raw = softmax(logits, 1.0)
    p = softmax(logits, temperature)
    pred = p.argmax(1)
    out = {"accuracy": float((pred == y).mean())}
    recalls, aucs = [], []
    for c, lab in enumerate(labels):
        yc = (y == c)
        rec = float((pred[yc] == c).mean()) if yc.any() else float("nan")
        recalls.append(rec)
        a = auc(yc.astype(int), p[:, c])
        aucs.append(a)
        out[f"recall/{lab}"] = rec
        out[f"precision/{lab}"] = float((y[pred == c] == c).mean()) if (pred == c).any() else float("nan")
        out[f"auc/{lab}"] = a
        if lab in thresholds:
            hit = p[:, c] >= thresholds[lab]
            out[f"sensitivity_at_threshold/{lab}"] = float(hit[yc].mean()) if yc.any() else float("nan")
            out[f"specificity_at_threshold/{lab}"] = float((~hit[~yc]).mean()) if (~yc).any() else float("nan")
    out["balanced_accuracy"] = float(np.nanmean(recalls))
    out["min_recall"] = float(np.nanmin(recalls))
    out["auc_macro_ovr"] = float(np.nanmean(aucs))
    ab = np.array([labels[c] not in normal_labels for c in range(len(labels))])
    if ab.any() and (~ab).any():
        # abnormal (any non-normal class) vs normal: the triage question
        s = p[:, ab].sum(1)
        ya = ab[y]
        out["auc_abnormal_vs_normal"] = auc(ya.astype(int), s)
        pa = ab[pred]
        out["sensitivity_abnormal_argmax"] = float(pa[ya].mean()) if ya.any() else float("nan")
        out["specificity_abnormal_argmax"] = float((~pa[~ya]).mean()) if (~ya).any() else float("nan")
    out["ece_before_temperature"] = ece(p_raw, y, bins)
    out["ece_after_temperature"] = ece(p, y, bins)
    return out


def multilabel_metrics(logits, Y, temperature, labels, thresholds, bins):
    """Flat dict for sigmoid multi-label models: per label AUC and sensitivity/specificity at the
    threshold, macro AUC over labels with both classes present, any-positive AUC (max score),
    exact-match accuracy at the thresholds, mean binary ECE before/after temperature."""
    p_raw = sigmoid(logits, 1.0)
    p = sigmoid(logits, temperature)
    out = {}
    aucs, e_raw, e_cal = [], [], []
    hits = np.zeros_like(Y, dtype=bool)
    for c, lab in enumerate(labels):
        yc = Y[:, c] > 0.5
        a = auc(yc.astype(int), p[:, c])
        aucs.append(a)
        out[f"auc/{lab}"] = a
        hit = p[:, c] >= thresholds[lab]
        hits[:, c] = hit
        out[f"sensitivity_at_threshold/{lab}"] = float(hit[yc].mean()) if yc.any() else float("nan")
        out[f"specificity_at_threshold/{lab}"] = float((~hit[~yc]).mean()) if (~yc).any() else float("nan")
        e_raw.append(binary_ece(p_raw[:, c], yc.astype(float), bins))
        e_cal.append(binary_ece(p[:, c], yc.astype(float), bins))
    out["auc_macro"] = float(np.nanmean(aucs))
    anyy = Y.max(1) > 0.5
    out["auc_any_positive_max_score"] = auc(anyy.astype(int), p.max(1))
    anyhit = hits.any(1)
    out["sensitivity_any_positive_at_thresholds"] = float(anyhit[anyy].mean()) if anyy.any() else float("nan")
    out["specificity_any_positive_at_thresholds"] = float((~anyhit[~anyy]).mean()) if (~anyy).any() else float("nan")
    out["exact_match_at_thresholds"] = float((hits == (Y > 0.5)).all(1).mean())
    out["label_accuracy_at_thresholds"] = float((hits == (Y > 0.5)).mean())
    out["ece_before_temperature"] = float(np.mean(e_raw))
    out["ece_after_temperature"] = float(np.mean(e_cal))
    return out


def bootstrap_fn(fn, n_items, groups, n, seed):
    """Point estimates + percentile 95% CIs of the flat dict fn(idx), resampling whole groups
    with replacement. NaN resamples (a class absent from the resample) are skipped."""
    point = fn(np.arange(n_items))
    ug = sorted(set(groups))
    gidx = {g: [] for g in ug}
    for i, g in enumerate(groups):
        gidx[g].append(i)
    members = [np.array(gidx[g]) for g in ug]
    rng = np.random.default_rng(seed)
    samples = {k: [] for k in point}
    for _ in range(n):
        pick = rng.integers(0, len(ug), len(ug))
        m = fn(np.concatenate([members[i] for i in pick]))
        for k, v in m.items():
            if k in samples and not np.isnan(v):
                samples[k].append(v)
    out = {}
    for k, v in point.items():
        if samples[k] and not np.isnan(v):
            lo, hi = np.percentile(samples[k], [2.5, 97.5])
            out[k] = {"value": round(float(v), 4), "ci95": [round(float(lo), 4), round(float(hi), 4)]}
        else:
            out[k] = {"value": None if np.isnan(v) else round(float(v), 4), "ci95": None}
    return out


def nest(flat: dict) -> dict:
    """{'recall/glioma': x} -> {'per_label': {'glioma': {'recall': x}}}; other keys unchanged."""
    out, per = {}, {}
    for k, v in flat.items():
        if "/" in k:
            m, lab = k.split("/", 1)
            per.setdefault(lab, {})[m] = v
        else:
            out[k] = v
    if per:
        out["per_label"] = per
    return out
