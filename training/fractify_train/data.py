"""Load a curated Fractify data set (labels.csv + images/) into memory as raw uint8 tensors."""
import csv
from pathlib import Path

import numpy as np
import torch
from PIL import Image


def _to_gray(im: Image.Image) -> Image.Image:
    if im.mode in ("RGBA", "LA", "P"):
        im = im.convert("RGBA")
        bg = Image.new("RGBA", im.size, (0, 0, 0, 255))
        im = Image.alpha_composite(bg, im)
    return im.convert("L")


def _square(im: Image.Image, size: int) -> Image.Image:
    """Same as the gateway: letterbox onto a black square (centred), then resize."""
    if im.size != (size, size):
        side = max(im.size)
        canvas = Image.new("L", (side, side), 0)
        canvas.paste(im, ((side - im.size[0]) // 2, (side - im.size[1]) // 2))
        im = canvas.resize((size, size), Image.LANCZOS if side > size else Image.BICUBIC)
    return im


def _load_gray(path: Path, size: int) -> np.ndarray:
    im = _square(_to_gray(Image.open(path)), size)
    return np.asarray(im, dtype=np.uint8)


class Split:
    def __init__(self, name, images, targets, patients, files, rows=None, boxes=None, multi=None):
        self.name = name
        self.images = images      # uint8 [N,1,S,S]
        self.targets = targets    # int64 [N] (softmax tasks; for sigmoid tasks: any-positive 0/1)
        self.patients = patients  # list[str]  (bootstrap / split group)
        self.files = files        # list[str]
        self.rows = rows or []    # list[dict] the labels.csv rows
        self.boxes = boxes        # list[list[(label, x0, y0, x1, y1)]] in source_size pixels, or None
        self.multi = multi        # float32 [N,C] multi-label targets (sigmoid tasks), or None

    def __len__(self):
        return len(self.targets)


def _parse_boxes(r: dict, spec: dict, labels, scale: float):
    """Boxes of one row as (label, x0, y0, x1, y1) in source_size pixel coordinates."""
    out = []
    if spec["format"] == "columns":          # x_min,y_min,x_max,y_max + the row's label
        if r.get("x_min"):
            out.append((r[spec.get("label_column", "label")],
                        *[float(r[k]) * scale for k in ("x_min", "y_min", "x_max", "y_max")]))
    elif spec["format"] == "class_boxes":    # "<class>:x0,y0,x1,y1;..."
        for part in filter(None, (r.get(spec.get("column", "boxes")) or "").split(";")):
            cls, coords = part.split(":")
            x0, y0, x1, y1 = (float(v) * scale for v in coords.split(","))
            lab = spec.get("class_to_label", {}).get(cls, cls)
            out.append((lab, x0, y0, x1, y1))
    else:
        raise SystemExit(f"unknown box format {spec['format']}")
    return [b for b in out if b[0] in labels]


def load_dataset(root: Path, labels, source_size: int, label_column: str = "label",
                 group_column: str = "patient_id", multilabel_column: str = None,
                 box_spec: dict = None, image_size: int = None):
    """Softmax tasks: `label_column` values must equal `labels`.
    Sigmoid (multi-label) tasks: `multilabel_column` holds '|'-separated labels (empty = none)."""
    rows = list(csv.DictReader(open(root / "labels.csv", newline="")))
    if multilabel_column:
        present = sorted({v for r in rows for v in r[multilabel_column].split("|") if v})
    else:
        present = sorted({r[label_column] for r in rows})
    if present != sorted(labels):
        raise SystemExit(f"labels in {root}/labels.csv {present} != config labels {labels}")
    index = {l: i for i, l in enumerate(labels)}
    scale = source_size / float(image_size) if image_size else 1.0
    splits = {}
    for name in ("train", "val"):
        sel = [r for r in rows if r["split"] == name]
        if not sel:
            raise SystemExit(f"no '{name}' rows in {root}/labels.csv")
        imgs = np.stack([_load_gray(root / r["file"], source_size) for r in sel])[:, None]
        multi = None
        if multilabel_column:
            multi = torch.zeros(len(sel), len(labels))
            for i, r in enumerate(sel):
                for v in filter(None, r[multilabel_column].split("|")):
                    multi[i, index[v]] = 1.0
            targets = (multi.sum(1) > 0).long()
        else:
            targets = torch.tensor([index[r[label_column]] for r in sel], dtype=torch.long)
        boxes = [_parse_boxes(r, box_spec, labels, scale) for r in sel] if box_spec else None
        splits[name] = Split(
            name, torch.from_numpy(imgs), targets,
            [r[group_column] for r in sel], [r["file"] for r in sel], sel, boxes, multi)
    tr, va = set(splits["train"].patients), set(splits["val"].patients)
    if tr & va:
        raise SystemExit(f"{len(tr & va)} groups occur in both train and val")
    return splits


def _stitch_opgs(root: Path, rows, tile: int):
    """Re-assemble the (half-resolution) panoramic crops from their tiles, in memory only.
    Dropped tiles (1..15 caries pixels) are filled with the mean of the present tiles."""
    by_group = {}
    for r in rows:
        by_group.setdefault(r["group"], []).append(r)
    out = []
    for g, rs in sorted(by_group.items()):
        nr = max(int(r["tile_row"]) for r in rs) + 1
        nc = max(int(r["tile_col"]) for r in rs) + 1
        canvas = np.full((nr * tile, nc * tile), -1.0)
        for r in rs:
            a = np.asarray(_to_gray(Image.open(root / r["file"])), dtype=np.float64)
            y, x = int(r["tile_row"]) * tile, int(r["tile_col"]) * tile
            canvas[y:y + tile, x:x + tile] = a
        fill = canvas[canvas >= 0].mean()
        canvas[canvas < 0] = fill
        out.append((g, rs[0]["split"], Image.fromarray(canvas.round().astype(np.uint8))))
    return out


def load_guard(data_root: Path, guard_cfg: dict, labels, source_size: int):
    """Modality recogniser data: every dataset's train/val images labelled with its modality.
    `group` keeps each dataset's own grouping (prefixed by the dataset), so splits stay grouped."""
    index = {l: i for i, l in enumerate(labels)}
    acc = {"train": [], "val": []}
    for ds in guard_cfg["datasets"]:
        root = data_root / ds["folder"]
        rows = list(csv.DictReader(open(root / "labels.csv", newline="")))
        gcol = ds.get("group_column", "group")
        for r in rows:
            if r["split"] in acc:
                acc[r["split"]].append((_load_gray(root / r["file"], source_size), index[ds["modality"]],
                                        f"{ds['folder']}:{r[gcol]}", f"{ds['folder']}/{r['file']}",
                                        {"dataset": ds["folder"], "kind": ds.get("kind", "image")}))
        if ds.get("stitch_tiles"):
            for g, split, im in _stitch_opgs(root, rows, int(ds["stitch_tiles"])):
                # whole OPGs are few next to their tiles: repeated in train (not in val)
                for _ in range(int(ds.get("stitch_repeat_train", 1)) if split == "train" else 1):
                  if split in acc:
                    acc[split].append((np.asarray(_square(im, source_size), dtype=np.uint8),
                                       index[ds["modality"]], f"{ds['folder']}:{g}",
                                       f"{ds['folder']}/stitched:{g}",
                                       {"dataset": ds["folder"], "kind": "stitched_opg"}))
    splits = {}
    for name, items in acc.items():
        splits[name] = Split(name, torch.from_numpy(np.stack([i[0] for i in items])[:, None]),
                             torch.tensor([i[1] for i in items], dtype=torch.long),
                             [i[2] for i in items], [i[3] for i in items], [i[4] for i in items])
    tr, va = set(splits["train"].patients), set(splits["val"].patients)
    if tr & va:
        raise SystemExit(f"{len(tr & va)} groups occur in both train and val")
    return splits
