"""Batched augmentation on RAW 0..255 images (before the model's own preprocessing)."""
import math

import torch
import torch.nn.functional as F


def augment(x: torch.Tensor, cfg: dict, gen: torch.Generator) -> torch.Tensor:
    """x: float32 [B,1,H,W] raw 0..255. Returns the same shape, values clamped to 0..255.

    Random resized crop (area scale, aspect ratio) + small rotation as one affine warp
    (outside pixels black, like the gateway's letterbox), then brightness / contrast / gamma.
    """
    a = cfg
    b = x.shape[0]

    def u(lo, hi):
        return lo + (hi - lo) * torch.rand(b, generator=gen)

    scale = u(*a["crop_scale"])
    logr = u(math.log(a["crop_ratio"][0]), math.log(a["crop_ratio"][1]))
    ratio = torch.exp(logr)
    w = torch.sqrt(scale * ratio).clamp(max=1.0)
    h = torch.sqrt(scale / ratio).clamp(max=1.0)
    tx = (1 - w) * (2 * torch.rand(b, generator=gen) - 1)
    ty = (1 - h) * (2 * torch.rand(b, generator=gen) - 1)
    ang = u(-a["rotate_deg"], a["rotate_deg"]) * math.pi / 180.0
    cos, sin = torch.cos(ang), torch.sin(ang)
    theta = torch.stack([
        torch.stack([w * cos, -h * sin, tx], 1),
        torch.stack([w * sin, h * cos, ty], 1)], 1)
    if a.get("hflip", False):
        flip = (torch.rand(b, generator=gen) < 0.5).float() * -2 + 1
        theta[:, :, 0] = theta[:, :, 0] * flip[:, None]
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)

    # optional (off unless configured, so older configs draw the same random numbers):
    # black out random margins (up to border_jitter of the side on each edge), so that the
    # letterbox/border geometry of the source images stops being informative
    bj = float(a.get("border_jitter", 0.0))
    if bj > 0:
        S = x.shape[-1]
        ys = torch.arange(S).float()
        m = (torch.rand(b, 4, generator=gen) * bj * S)
        keep_y = (ys[None] >= m[:, 0:1]) & (ys[None] < S - m[:, 1:2])          # [B,S]
        keep_x = (ys[None] >= m[:, 2:3]) & (ys[None] < S - m[:, 3:4])
        x = x * (keep_y[:, None, :, None] & keep_x[:, None, None, :]).float()

    # extra channels (e.g. box masks) follow the geometric warp only, never the photometric part
    extra = None
    if x.shape[1] > 1:
        x, extra = x[:, :1], x[:, 1:]

    # photometric: gamma on [0,1], then contrast around the image mean, then brightness
    g = torch.exp(u(-a["gamma"], a["gamma"]))[:, None, None, None]
    x = 255.0 * (x.clamp(0, 255) / 255.0) ** g
    c = u(1 - a["contrast"], 1 + a["contrast"])[:, None, None, None]
    m = x.mean(dim=(1, 2, 3), keepdim=True)
    x = (x - m) * c + m
    br = u(1 - a["brightness"], 1 + a["brightness"])[:, None, None, None]
    x = x * br
    x = x.clamp(0, 255)
    return x if extra is None else torch.cat([x, extra], 1)
