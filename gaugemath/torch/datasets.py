r"""Small spherical data sets for the seed experiments (issue 14, items 3a and 3b).

Digits (``sklearn.datasets.load_digits``, 8×8 images, values 0..16) are put on the sphere by
the azimuthal equidistant projection around a centre: a point :math:`x` with local
colatitude :math:`\theta` and azimuth :math:`\varphi` in the digit's frame :math:`R`
(:math:`R^{-1}x`) lands at :math:`(u, v) = (\theta/\theta_{cap})(\cos\varphi, \sin\varphi)`,
and the image square :math:`[-1,1]^2` is read there by bilinear interpolation (zero outside).
Maps are rendered on a fine Gauss–Legendre grid and band-limited by analysis to ``lmax``
(real-basis coefficients), so rotating a sample is exact: rotate its coefficients
(:func:`gaugemath.transforms.rotate_coefficients`).  Labels for segmentation come from the
geometry: pixel :math:`x` carries digit :math:`d`'s class + 1 where the interpolated image of
:math:`d` exceeds ``threshold`` (0: background).
"""

from __future__ import annotations

import numpy as np

from gaugemath import transforms as _tr

__all__ = ["load_digit_images", "render_digits", "random_rotations", "digit_coefficients", "segmentation_labels"]


def load_digit_images():
    """(images (1797, 8, 8) in [0, 1], labels (1797,)) from scikit-learn's digits."""
    from sklearn.datasets import load_digits

    d = load_digits()
    return d.images / 16.0, d.target


def random_rotations(n, seed):
    """(n, 3, 3) Haar-random rotations (fixed seed)."""
    from scipy.spatial.transform import Rotation

    return Rotation.random(n, random_state=seed).as_matrix()


def _sample(images, frames, points, cap):
    """Values (n_img, P) of each image placed with its frame at the unit vectors ``points`` (P, 3)."""
    from scipy.ndimage import map_coordinates

    loc = np.einsum("nji,pj->npi", frames, points)  # R^T x for every image and point
    th = np.arccos(np.clip(loc[..., 2], -1, 1))
    ph = np.arctan2(loc[..., 1], loc[..., 0])
    u, v = th / cap * np.cos(ph), th / cap * np.sin(ph)
    rows, cols = (1 - v) / 2 * 8 - 0.5, (u + 1) / 2 * 8 - 0.5
    out = np.empty(u.shape)
    for i, img in enumerate(images):
        out[i] = map_coordinates(img, [rows[i], cols[i]], order=1, cval=0.0)
    out[:, ~np.isfinite(out).all(0)] = 0.0
    return out


def render_digits(images, frames, grid, cap=0.9):
    """Maps ``(n, *grid.shape)`` of ``images`` (n, 8, 8) placed with ``frames`` (n, 3, 3) on ``grid``."""
    return _sample(images, frames, grid.points(), cap).reshape((len(images),) + tuple(grid.shape))


def digit_coefficients(images, lmax, frames=None, cap=0.9, oversample=2):
    """Real-basis coefficients (n, (lmax+1)²) of the band-limited digit maps (rendered on a GL grid
    of band-limit ``oversample·lmax``, then analysed to ``lmax``).  ``frames`` default: the identity
    (digits centred on the north pole, upright)."""
    n = len(images)
    frames = np.broadcast_to(np.eye(3), (n, 3, 3)) if frames is None else frames
    fine = _tr.s2_grid(oversample * lmax, "gl")
    return _tr.s2_analysis(render_digits(images, frames, fine, cap), lmax, fine, real=True)


def segmentation_labels(images, classes, frames, grid, cap=0.9, threshold=0.25):
    """Per-pixel labels ``(n_scenes, *grid.shape)``, 0 = background, class+1 where a digit's image
    exceeds ``threshold``; ``images`` (n_scenes, k, 8, 8), ``classes`` (n_scenes, k), ``frames``
    (n_scenes, k, 3, 3).  Later digits overwrite earlier ones where they overlap."""
    ns, k = classes.shape
    vals = _sample(images.reshape(ns * k, 8, 8), frames.reshape(ns * k, 3, 3), grid.points(), cap).reshape(ns, k, -1)
    lab = np.zeros((ns, vals.shape[-1]), dtype=np.int64)
    for j in range(k):
        lab = np.where(vals[:, j] > threshold, classes[:, j, None] + 1, lab)
    return lab.reshape((ns,) + tuple(grid.shape))
