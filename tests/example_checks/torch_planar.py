"""Checks of the printed values of examples/torch_gcnn_vs_cnn.py (collected by tests/test_examples.py)."""

import re


def _row(out: str, name: str) -> dict:
    line = next(ln for ln in out.splitlines() if ln.startswith(f"{name}: params"))
    m = re.search(r"params (\d+) \| accuracy ([\d.]+) / ([\d.]+) / ([\d.]+) \| invariance error (\S+) / (\S+) \| "
                  r"train ([\d.]+) s \| inference ([\d.]+) ms", line)
    assert m, line
    vals = [float(v) for v in m.groups()]
    return dict(zip(("params", "upright", "rot90", "rotany", "eq90", "eq45", "train", "latency"), vals))


def check_torch_gcnn_vs_cnn(out):
    mode = re.search(r"^mode: (\w+)", out, re.M).group(1)
    rows = {n: _row(out, n) for n in ("CNN", "CNN + rot. augmentation", "p4 G-CNN", "SE(2)_8 G-CNN")}
    for name, r in rows.items():
        assert all(0 <= r[k] <= 1 for k in ("upright", "rot90", "rotany")), (name, r)
        assert r["train"] >= 0 and r["latency"] >= 0
    cnn_params = rows["CNN"]["params"]
    # the parameter counts are those of the layers (independent count: weights + biases per layer)
    assert cnn_params == (16 * 9 + 16) + (16 * 24 * 9 + 24) + (24 * 32 * 9 + 32) + (32 * 10 + 10)
    assert rows["p4 G-CNN"]["params"] == (8 * 9 + 8) + (8 * 10 * 4 * 9 + 10) + (10 * 16 * 4 * 9 + 16) + (16 * 10 + 10)
    assert rows["SE(2)_8 G-CNN"]["params"] == (6 * 25 + 6) + (6 * 6 * 8 * 9 + 6) + (6 * 10 * 8 * 9 + 10) + (10 * 10 + 10)
    for name in ("p4 G-CNN", "SE(2)_8 G-CNN"):
        # exact invariance of the logits under 90° rotations (float32 round-off) ...
        assert rows[name]["eq90"] < 1e-5, (name, rows[name])
        # ... hence identical predictions on the 90°-rotated test digits
        assert f"{name}: accuracy on 90k-rotated digits equals upright accuracy: True" in out
        assert rows[name]["rot90"] == rows[name]["upright"]
    assert rows["CNN"]["eq90"] > 1e-4  # a plain CNN has no such guarantee (the check can tell)
    if mode != "tiny":  # trained: the G-CNNs learn, and the plain CNN fails on rotated digits
        for name in ("p4 G-CNN", "SE(2)_8 G-CNN"):
            assert rows[name]["upright"] > 0.8
            assert rows[name]["rot90"] > rows["CNN"]["rot90"] + 0.2
        assert rows["CNN"]["upright"] > 0.6 and rows["CNN"]["rot90"] < rows["CNN"]["upright"] - 0.2
