"""Issue 11 (item 6, speed): the infinite ensemble trained on a fully augmented set, isotypic block solve vs one
dense solve, in one run, as ratios (dense time / isotypic time).

    python benchmarks/bench_ntk_predict.py            # 200 training images x |G| (C4: 800, D4: 1600 rows)
    python benchmarks/bench_ntk_predict.py --quick    # 40 training images (smoke test)

Both paths are ``gaugemath.ntk.augmentation.predict_augmented`` (``method="isotypic"`` and ``method="dense"``) on
the same data: random 8x8 images, rot90 (C4) or rot90 + flips (D4) acting by pixel permutations, an invariant
scalar target, the arc-cosine NTK/NNGP of a one-hidden-layer ReLU network (written below), times t = 1 and
t = inf, mean only and mean + covariance of 50 test images.  Kernel evaluations are included (the dense path
evaluates the (|G|n)^2 Gram matrix, the isotypic path n x |G|n entries).  Goal (issue): ratio >= |G|.
Also printed: the largest difference between the two answers, and each path's equivariance error
max_g |mu(g x*) - mu(x*)| at the test images, and a table of both errors against the condition number.
"""

from __future__ import annotations

import argparse
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from _harness import Case, format_rows, run_cases, set_threads  # noqa: E402

TIMES = [1.0, np.inf]


def arccos_kernels(a, b):
    """(nngp, ntk) of f(x) = v . relu(W x / sqrt(d)) / sqrt(width) (Cho & Saul 2009; Jacot et al. 2018)."""
    a, b = a.reshape(len(a), -1), b.reshape(len(b), -1)
    d = a.shape[1]
    na, nb = np.linalg.norm(a, axis=1), np.linalg.norm(b, axis=1)
    dot = a @ b.T
    cos = np.clip(dot / np.outer(na, nb), -1.0, 1.0)
    th = np.arccos(cos)
    nngp = np.outer(na, nb) / (2 * np.pi * d) * (np.sin(th) + (np.pi - th) * cos)
    return nngp, nngp + dot / d * (np.pi - th) / (2 * np.pi)


def pixel_action(group, size):
    """Permutation matrices of the group's 2x2 matrices on the pixel centres ((g.f)(q) = f(g^-1 q))."""
    h = (size - 1) / 2
    r, c = np.divmod(np.arange(size * size), size)
    pts = np.stack([c - h, h - r], axis=1)
    out = np.zeros((group.order, size * size, size * size))
    for g, M in enumerate(np.asarray(group.elements())):
        q = pts @ M.T
        out[g, np.round(h - q[:, 1]).astype(int) * size + np.round(q[:, 0] + h).astype(int), np.arange(size**2)] = 1
    return out


def problem(name, n, m=50, seed=0):
    from gaugemath.groups import as_group

    G = as_group(name)
    rng = np.random.default_rng(seed)
    return G, pixel_action(G, 8), rng.normal(size=(n, 8, 8)), rng.normal(size=n), rng.normal(size=(m, 8, 8))


def compare(name, n) -> str:
    """Max |isotypic - dense| (mean, covariance) and the equivariance errors of both paths."""
    from gaugemath.ntk.augmentation import predict_augmented

    G, act, x, y, xs = problem(name, n)
    moved = np.concatenate([(xs.reshape(len(xs), -1) @ act[g].T).reshape(xs.shape) for g in range(G.order)])
    res = {}
    for method in ("isotypic", "dense"):
        p = predict_augmented(arccos_kernels, x, y, xs, G, act, t=TIMES, covariance=True, method=method)
        mu = predict_augmented(arccos_kernels, x, y, moved, G, act, t=TIMES, method=method).mean
        mu = mu.reshape(len(TIMES), G.order, len(xs))
        res[method] = (p, float(np.max(np.abs(mu - mu[:, :1]))))
    (pi, ei), (pd, ed) = res["isotypic"], res["dense"]
    return (f"{name}, {n} x {G.order}: max |mean_iso - mean_dense| = {np.max(np.abs(pi.mean - pd.mean)):.1e}, "
            f"max |cov_iso - cov_dense| = {np.max(np.abs(pi.covariance - pd.covariance)):.1e}; equivariance error "
            f"isotypic {ei:.1e}, dense {ed:.1e} (t = {TIMES})")


def conditioning_table() -> str:
    """Equivariance error at t = inf of both paths on D4-augmented 4x4 images (10 training, 6 test images) for
    RBF kernels of growing width, i.e. growing condition number of the augmented NTK (docs/ntk.md)."""
    from gaugemath.groups import as_group
    from gaugemath.ntk.augmentation import augment, predict_augmented

    G = as_group("D4")
    act = pixel_action(G, 4)
    rng = np.random.default_rng(1)
    x, y, xs = rng.normal(size=(10, 4, 4)), rng.normal(size=10), rng.normal(size=(6, 4, 4))
    moved = np.concatenate([(xs.reshape(6, -1) @ act[g].T).reshape(xs.shape) for g in range(G.order)])
    lines = ["| condition number | isotypic | dense |", "|---|---|---|"]
    for scale in (16.0, 64.0, 256.0, 1024.0):
        def k(a, b, scale=scale):
            a, b = a.reshape(len(a), -1), b.reshape(len(b), -1)
            d2 = (a**2).sum(1)[:, None] + (b**2).sum(1)[None, :] - 2 * a @ b.T
            return np.exp(-np.maximum(d2, 0.0) / (2 * scale))

        xa, _ = augment(x, y, G, act)
        w = np.linalg.eigvalsh(k(xa, xa))
        errs = []
        for method in ("isotypic", "dense"):
            mu = predict_augmented(k, x, y, moved, G, act, method=method).mean.reshape(G.order, len(xs))
            errs.append(np.max(np.abs(mu - mu[:1])))
        lines.append(f"| {w[-1] / w[0]:.1e} | {errs[0]:.1e} | {errs[1]:.1e} |")
    return "\n".join(lines)


def cases(quick: bool) -> list[Case]:
    from gaugemath.ntk.augmentation import predict_augmented

    n = 40 if quick else 200
    out = []
    for name in ("C4", "D4"):
        G, act, x, y, xs = problem(name, n)
        for cov in (False, True):
            def run(method, cov=cov, G=G, act=act, x=x, y=y, xs=xs):
                return predict_augmented(arccos_kernels, x, y, xs, G, act, t=TIMES, covariance=cov, method=method)

            label = "mean + covariance" if cov else "mean"
            out.append(Case(f"{name}: {n} x {G.order} augmented, {label}", lambda run=run: run("isotypic"),
                            {"dense solve (method='dense')": lambda run=run: run("dense")}, f">= {G.order}x"))
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    set_threads(1)
    n = 40 if args.quick else 200
    for name in ("C4", "D4"):
        print(compare(name, n))
    print("\nD4, RBF kernels of growing width, t = inf: equivariance error\n")
    print(conditioning_table())
    print("\n## single thread\n")
    print(format_rows(run_cases(cases(args.quick), repeat=3)))


if __name__ == "__main__":
    main()
