"""Slim ResNet with in-graph preprocessing and an exact class activation map.

forward(x) takes RAW 8-bit gray values (float32 [N,1,H,W], 0..255, any H,W) and returns
(logits [N,C], cam [N,C,h,w]) where cam[n,c] = sum_k W[c,k] * F[n,k] (F = last conv
feature maps before global average pooling, W = weight of the single linear layer).
logits[n,c] = mean_hw(cam[n,c]) + b[c].
"""
from typing import List, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F


def gap_linear_cam(f: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    """Global average pool + linear layer on feature maps f [N,K,h,w], and the class activation maps of that
    head: cam[n,c] = sum_k W[c,k] f[n,k] (no bias), so logits[n,c] = mean_hw(cam[n,c]) + b[c]."""
    logits = F.linear(f.mean(dim=(2, 3)), weight, bias)
    cam = F.conv2d(f, weight.unsqueeze(-1).unsqueeze(-1))
    return logits, cam


def conv_bn_relu(cin: int, cout: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride, 1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class BasicBlock(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        if cin == cout and stride == 1:
            self.shortcut = nn.Sequential()
        else:
            self.shortcut = nn.Sequential(
                nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class CamNet(nn.Module):
    """Preprocessing + slim ResNet backbone + GAP + one linear layer."""

    def __init__(self, num_classes: int, input_size: int, stem: int,
                 widths: List[int], depths: List[int], strides: List[int],
                 mean: float = 0.0, std: float = 1.0):
        super().__init__()
        self.input_size = int(input_size)
        self.mean = float(mean)
        self.std = float(std)
        layers: List[nn.Module] = [conv_bn_relu(1, stem, 2), conv_bn_relu(stem, stem, 1)]
        c = stem
        for w, d, s in zip(widths, depths, strides):
            for i in range(d):
                layers.append(BasicBlock(c, w, s if i == 0 else 1))
                c = w
        self.backbone = nn.Sequential(*layers)
        self.fc = nn.Linear(c, num_classes)
        self.num_features = c
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        # zero-init the last BN of each residual branch (standard ResNet trick)
        for m in self.modules():
            if isinstance(m, BasicBlock):
                nn.init.zeros_(m.bn2.weight)

    def to_unit(self, x: torch.Tensor) -> torch.Tensor:
        """Raw 0..255 -> [0,1], resized to input_size x input_size (not yet normalised)."""
        x = x / 255.0
        return F.interpolate(x, size=[self.input_size, self.input_size], mode="bilinear",
                             align_corners=False, antialias=True)

    def preprocess(self, x: torch.Tensor) -> torch.Tensor:
        return (self.to_unit(x) - self.mean) / self.std

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """Last conv feature maps F [N,K,h,w] for raw 0..255 input."""
        return self.backbone(self.preprocess(x))

    def head(self, f: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        return gap_linear_cam(f, self.fc.weight, self.fc.bias)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        return self.head(self.features(x))


def build_model(cfg: dict, mean: float = 0.0, std: float = 1.0) -> CamNet:
    m = cfg["model"]
    return CamNet(len(cfg["labels"]), cfg["input_size"], m["stem"], m["widths"],
                  m["depths"], m["strides"], mean, std)


def describe(model: CamNet, cfg: dict) -> str:
    m = cfg["model"]
    n = sum(p.numel() for p in model.parameters())
    s = cfg["input_size"]
    down = 2
    for st in m["strides"]:
        down *= st
    return (f"Slim ResNet from scratch: stem 2x conv3x3 ({m['stem']} ch, stride 2), "
            f"BasicBlock stages widths {m['widths']} depths {m['depths']} strides {m['strides']}, "
            f"global average pool + single linear layer ({model.num_features}->{len(cfg['labels'])}); "
            f"input {s}x{s}, feature/CAM map {s // down}x{s // down}; {n:,} parameters")


class EnsembleCamNet(nn.Module):
    """Several CamNets of one architecture (trained from different seeds) as one GAP + linear model.

    features(x) concatenates the members' last feature maps (same h x w) along the channels, and the
    single linear layer holds each member's weights divided by the member count, with the mean bias:
    logits = mean over members of their logits, and the CAM of those logits is the mean of the members'
    CAMs. The head keeps the CamNet shape, so CAM == Grad-CAM holds for the ensemble as it does for one
    member, and the export checks run unchanged."""

    def __init__(self, members: List[CamNet]):
        super().__init__()
        n = len(members)
        self.members = nn.ModuleList(members)
        self.input_size = members[0].input_size
        self.num_features = sum(m.num_features for m in members)
        self.fc = nn.Linear(self.num_features, members[0].fc.out_features)
        with torch.no_grad():
            self.fc.weight.copy_(torch.cat([m.fc.weight for m in members], dim=1) / n)
            self.fc.bias.copy_(torch.stack([m.fc.bias for m in members]).mean(0))

    def features(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([m.features(x) for m in self.members], dim=1)

    def head(self, f: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        return gap_linear_cam(f, self.fc.weight, self.fc.bias)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        return self.head(self.features(x))
