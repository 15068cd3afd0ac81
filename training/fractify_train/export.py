"""TorchScript export and the round-trip / CAM-vs-Grad-CAM checks."""
import hashlib
from pathlib import Path

import torch


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _rel(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a - b).abs().max() / b.abs().max().clamp_min(1e-12))


def export(model, path: Path, val_images: torch.Tensor, log, n_check: int = 8) -> dict:
    """Script + save the eval-mode model, reload it and check it against the eager model.

    Returns the cam_check dict for the card; raises AssertionError on failure."""
    model = model.eval()
    scripted = torch.jit.script(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    scripted.save(str(path))
    loaded = torch.jit.load(str(path))
    loaded.eval()

    # 1) TorchScript round trip == eager, on val images and on other square sizes
    g = torch.Generator().manual_seed(0)
    idx = torch.linspace(0, len(val_images) - 1, n_check).long()
    xs = val_images[idx].float()
    inputs = {f"val_{xs.shape[-1]}": xs}
    for s in (160, 256, 512):
        inputs[f"val_resized_{s}"] = torch.nn.functional.interpolate(
            xs, size=[s, s], mode="bilinear", align_corners=False, antialias=True).round()
    inputs["random_300"] = torch.randint(0, 256, (2, 1, 300, 300), generator=g).float()
    roundtrip = {}
    with torch.no_grad():
        for k, x in inputs.items():
            le, ce = model(x)
            ll, cl = loaded(x)
            roundtrip[k] = {"logits_max_rel_diff": _rel(ll, le), "cam_max_rel_diff": _rel(cl, ce),
                            "cam_shape": list(cl.shape)}
            assert _rel(ll, le) < 1e-5 and _rel(cl, ce) < 1e-5, (k, roundtrip[k])
    log(f"  TorchScript round trip vs eager: {roundtrip}")

    # 2) analytic CAM (from the exported graph) vs autograd Grad-CAM for the predicted class
    errs, bias_errs = [], []
    for i in range(len(xs)):
        x = xs[i:i + 1]
        f = model.features(x).detach().requires_grad_(True)
        logits, _ = model.head(f)
        c = int(logits.argmax(1))
        (grad,) = torch.autograd.grad(logits[0, c], f)
        alpha = grad.mean(dim=(2, 3), keepdim=True)          # Grad-CAM channel weights
        gradcam = (alpha * f).sum(dim=1)[0].detach()         # no ReLU
        with torch.no_grad():
            l_ts, cam_ts = loaded(x)
        hw = cam_ts.shape[-1] * cam_ts.shape[-2]
        errs.append(_rel(cam_ts[0, c] / hw, gradcam))
        # logits = spatial mean of CAM + bias
        recon = cam_ts[0].mean(dim=(1, 2)) + model.fc.bias.detach()
        bias_errs.append(_rel(recon, l_ts[0]))
    max_err = max(errs)
    ok = max_err < 1e-4 and max(bias_errs) < 1e-4
    h, w = cam_ts.shape[-2], cam_ts.shape[-1]
    check = {
        "passed": bool(ok),
        "samples": len(xs),
        "cam_hw": [int(h), int(w)],
        "relation": f"Grad-CAM(predicted class) == CAM / (h*w) = CAM / {h * w}",
        "max_relative_error": max_err,
        "tolerance": 1e-4,
        "logits_equal_cam_spatial_mean_plus_bias_max_rel_error": max(bias_errs),
        "torchscript_vs_eager_max_rel_diff": max(
            max(v["logits_max_rel_diff"], v["cam_max_rel_diff"]) for v in roundtrip.values()),
        "torchscript_checked_input_sizes": list(roundtrip.keys()),
    }
    log(f"  CAM vs Grad-CAM on {len(xs)} val samples: max rel error {max_err:.2e} "
        f"(logit = mean(CAM)+bias: {max(bias_errs):.2e}) -> {'PASS' if ok else 'FAIL'}")
    assert ok, check
    return check
