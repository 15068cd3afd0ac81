"""Shortcut probes: a trivial image-statistics classifier, CAM pointing game, subgroup splits."""
import numpy as np
import torch
import torch.nn.functional as F

from . import metrics as M


def image_stats(images: torch.Tensor) -> np.ndarray:
    """Per image: 32-bin gray histogram, mean, std, share of black (0) and near-white (>=250)
    pixels, and the extent (width, height, aspect) of the non-black content. No anatomy."""
    x = images[:, 0].float()
    n = x.shape[0]
    feats = []
    for i in range(n):
        a = x[i]
        h = torch.histc(a, bins=32, min=0, max=255) / a.numel()
        cols = (a > 10).any(0).nonzero()
        rows = (a > 10).any(1).nonzero()
        w = float(cols.max() - cols.min() + 1) / a.shape[1] if len(cols) else 0.0
        hh = float(rows.max() - rows.min() + 1) / a.shape[0] if len(rows) else 0.0
        feats.append(torch.cat([h, torch.tensor([
            float(a.mean()) / 255, float(a.std()) / 255, float((a == 0).float().mean()),
            float((a >= 250).float().mean()), w, hh, w / max(hh, 1e-3)])]))
    return torch.stack(feats).numpy().astype(np.float64)


def stats_baseline(tr_images, tr_y, va_images, va_y, n_classes: int, seed: int = 0):
    """Multinomial logistic regression (L2, LBFGS) on image_stats: fit on train, score val."""
    ftr, fva = image_stats(tr_images), image_stats(va_images)
    mu, sd = ftr.mean(0), ftr.std(0) + 1e-6
    xtr = torch.tensor((ftr - mu) / sd)
    xva = torch.tensor((fva - mu) / sd)
    ytr = torch.as_tensor(tr_y).long()
    torch.manual_seed(seed)
    lin = torch.nn.Linear(xtr.shape[1], n_classes).double()
    # class-balanced loss so that the baseline is not just the majority class
    cnt = torch.bincount(ytr, minlength=n_classes).double().clamp_min(1)
    w = (cnt.sum() / (n_classes * cnt))
    opt = torch.optim.LBFGS(lin.parameters(), lr=0.5, max_iter=300, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(lin(xtr), ytr, weight=w) + 1e-3 * lin.weight.pow(2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    with torch.no_grad():
        p = torch.softmax(lin(xva), 1).numpy()
    return p


def pointing_game(model, split, labels, multilabel: bool, bs: int = 64) -> dict:
    """For every val image with a true box: is the peak of the true class's CAM (bilinearly
    upsampled to the image) inside a true box of that class? Multi-label: one trial per
    (image, true class with a box)."""
    idx = {l: i for i, l in enumerate(labels)}
    records = []
    S = split.images.shape[-1]
    model.eval()
    with torch.no_grad():
        for s in range(0, len(split), bs):
            _, cam = model(split.images[s:s + bs].float())
            up = F.interpolate(cam, size=[S, S], mode="bilinear", align_corners=False)
            for j in range(cam.shape[0]):
                i = s + j
                boxes = split.boxes[i]
                if not boxes:
                    continue
                classes = sorted({b[0] for b in boxes})
                if not multilabel:
                    classes = [labels[int(split.targets[i])]]
                for lab in classes:
                    bb = [b for b in boxes if b[0] == lab]
                    if not bb:
                        continue
                    m = up[j, idx[lab]]
                    k = int(m.argmax())
                    py, px = k // S, k % S
                    hit = any(x0 <= px <= x1 and y0 <= py <= y1 for _, x0, y0, x1, y1 in bb)
                    c = (S - 1) / 2.0
                    chit = any(x0 <= c <= x1 and y0 <= c <= y1 for _, x0, y0, x1, y1 in bb)
                    records.append((i, lab, bool(hit), bool(chit), px, py))
    return records


def pointing_ci(hit_list, groups, n=1000, seed=17):
    """Grouped bootstrap CI for a share of hits (hit_list: 0/1 per trial, groups per trial)."""
    h = np.asarray(hit_list, dtype=float)
    return M.bootstrap_fn(lambda i: {"v": float(h[i].mean()) if len(i) else float("nan")},
                          len(h), groups, n, seed)["v"]
