"""Checks of the printed values of the torch_* spherical examples (issue 14, 3a/3b)."""

import re


def _rows(out, metric):
    rows = {}
    for m in re.finditer(rf"^(.+?): rotated-test {metric} ([\d.]+), parameters (\d+), (?:invariance|equivariance) error "
                         r"([\d.e+-]+), training ([\d.]+) s, inference ([\d.]+) ms/", out, re.M):
        rows[m.group(1)] = (float(m.group(2)), int(m.group(3)), float(m.group(4)))
    return rows


def check_torch_s2cnn_vs_augmentation(out):
    rows = _rows(out, "accuracy")
    assert set(rows) == {"S2CNN, no augmentation", "planar CNN, 0 rotated copies", "planar CNN, 1 rotated copies",
                         "planar CNN, 3 rotated copies"}, rows
    acc, n, err = rows["S2CNN, no augmentation"]
    assert 0.0 <= acc <= 1.0 and n > 0
    # built-in invariance: only the ReLU's aliasing on the grid breaks it (a few per cent)
    assert err < 0.2
    assert all(err < e for k, (_, _, e) in rows.items() if k.startswith("planar"))


def check_torch_s2_segmentation(out):
    rows = _rows(out, "mean IoU")
    assert set(rows) == {"S2CNN, no augmentation", "planar CNN, 0 rotated copies", "planar CNN, 2 rotated copies"}, rows
    iou, n, err = rows["S2CNN, no augmentation"]
    assert 0.0 <= iou <= 1.0 and n > 0
    assert err < 0.2
    assert all(err < e for k, (_, _, e) in rows.items() if k.startswith("planar"))
