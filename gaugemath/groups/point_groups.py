r"""Finite subgroups of O(2) and O(3): cyclic, dihedral, the polyhedral groups and their full point groups.

All are :class:`~gaugemath.groups.finite.FiniteGroup` instances of real orthogonal matrices
acting actively on column vectors, ``x ↦ g x``.

Cyclic and dihedral groups (explicit element order)
    ``r`` is the counter-clockwise rotation by :math:`2\pi/N` (about :math:`+z` in SO(3)).

    * ``cyclic(N)``: index ``k`` ↔ :math:`r^k`, ``k = 0..N-1``.
    * ``dihedral(N)``: index ``k`` ↔ :math:`r^k`, index ``N + k`` ↔ :math:`r^k s`, where
      :math:`s = \mathrm{diag}(1, -1)` (reflection across the x axis) in O(2) and
      :math:`s = \mathrm{diag}(1, -1, -1)` (rotation by π about x) in SO(3); so
      :math:`s r s = r^{-1}` and the SO(3) group is the image of the O(2) one under
      :math:`h \mapsto \mathrm{diag}(h, \det h)` (:func:`gaugemath.groups.embed`).

Polyhedral rotation groups (closure order of the listed generators; see finite.py)
    Let :math:`P` be the cyclic coordinate permutation :math:`(x, y, z) \mapsto (z, x, y)`
    (rotation by :math:`2\pi/3` about :math:`(1,1,1)`), :math:`X = \mathrm{diag}(1,-1,-1)`
    (π about x), :math:`Z_4` the rotation by π/2 about z.

    * ``tetrahedral()`` T (order 12), generators :math:`(P, X)`: the rotations of the cube
      :math:`[-1,1]^3` that preserve the tetrahedron with vertices (1,1,1), (1,−1,−1),
      (−1,1,−1), (−1,−1,1); 2-fold axes x, y, z, 3-fold axes the body diagonals.
    * ``octahedral()`` O (order 24), generators :math:`(Z_4, P)`: rotations of the cube
      :math:`[-1,1]^3`; 4-fold axes x, y, z, 3-fold the body diagonals, 2-fold the face
      diagonals (1,±1,0), ....  T ⊂ O.
    * ``icosahedral()`` I (order 60), generators :math:`(P, R_5)` with :math:`R_5` the rotation
      by :math:`2\pi/5` about the vertex :math:`(0, 1, \varphi)`, :math:`\varphi = (1+\sqrt5)/2`:
      rotations of the icosahedron with the 12 vertices that are cyclic permutations of
      :math:`(0, \pm1, \pm\varphi)`; 2-fold axes include x, y, z, 3-fold axes include the body
      diagonals, so T ⊂ I (T is the subgroup fixing the inscribed cube's orientation).
    * with inversion: ``pyritohedral()`` :math:`T_h = T \times \{\pm 1\}`,
      ``full_octahedral()`` :math:`O_h`, ``full_icosahedral()`` :math:`I_h`; elements: the rotation
      group's elements in their order, then −1 times them in the same order.

Reference: J. H. Conway and D. A. Smith, *On Quaternions and Octonions* (2003), ch. 3;
M. Hamermesh, *Group Theory and its Application to Physical Problems* (1962), §2-3 and ch. 2.
"""

from __future__ import annotations

import numpy as np

from ._matrix import check_positive_int, snap
from .compact import SO2
from .finite import FiniteGroup

__all__ = [
    "cyclic",
    "dihedral",
    "tetrahedral",
    "octahedral",
    "icosahedral",
    "pyritohedral",
    "full_octahedral",
    "full_icosahedral",
    "rotation_axes",
    "GOLDEN_RATIO",
]

GOLDEN_RATIO = (1.0 + 5.0**0.5) / 2.0
AMBIENTS = ("O2", "SO3")


def _rot_z(t: np.ndarray) -> np.ndarray:
    out = np.zeros(np.shape(t) + (3, 3))
    out[..., :2, :2] = SO2.from_angle(t)
    out[..., 2, 2] = 1.0
    return out


def _axis_angle(axis, angle: float) -> np.ndarray:
    """Rodrigues: :math:`R = I + \\sin\\theta K + (1-\\cos\\theta) K^2`, K the cross-product matrix."""
    a = np.asarray(axis, dtype=float)
    a = a / np.linalg.norm(a)
    K = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    return np.eye(3) + np.sin(angle) * K + (1 - np.cos(angle)) * K @ K


def _ambient(ambient: str) -> str:
    if not isinstance(ambient, str) or ambient not in AMBIENTS:
        raise ValueError(f"ambient must be one of {AMBIENTS}, got {ambient!r}")
    return ambient


class _Family(FiniteGroup):
    """A FiniteGroup that remembers its family ("cyclic", "dihedral", "T", ...) and parameters."""

    def __init__(self, generators, *, name, family, elements=None, **params):
        super().__init__(generators, name=name, elements=elements)
        self.family = family
        for k, v in params.items():
            setattr(self, k, v)


def cyclic(N: int, ambient: str = "O2") -> FiniteGroup:
    r"""Cyclic group :math:`C_N` of rotations by :math:`2\pi k/N`, ``k = 0..N-1`` (index ``k``).

    ``ambient="O2"``: 2×2 matrices; ``"SO3"``: 3×3 rotations about :math:`+z`
    (counter-clockwise seen from +z).  Generator: :math:`r = R(2\pi/N)`.
    """
    N = check_positive_int(N, "N")
    ambient = _ambient(ambient)
    t = 2 * np.pi * np.arange(N) / N
    rot = SO2.from_angle if ambient == "O2" else _rot_z
    elems = snap(rot(t))
    gens = elems[1:2] if N > 1 else elems[:1]
    return _Family(gens, name=f"C_{N} < {'O(2)' if ambient == 'O2' else 'SO(3)'}", family="cyclic",
                   elements=elems, N=N, ambient=ambient)


def dihedral(N: int, ambient: str = "O2") -> FiniteGroup:
    r"""Dihedral group :math:`D_N` of order 2N: index ``k`` ↔ :math:`r^k`, ``N + k`` ↔ :math:`r^k s`.

    ``ambient="O2"``: :math:`r = R(2\pi/N)`, :math:`s = \mathrm{diag}(1,-1)` (the symmetries of
    the regular N-gon with a vertex on the +x axis).  ``ambient="SO3"``: :math:`r` about +z and
    :math:`s = \mathrm{diag}(1,-1,-1)`, the rotation by π about x.  Generators :math:`(r, s)`.
    """
    N = check_positive_int(N, "N")
    ambient = _ambient(ambient)
    t = 2 * np.pi * np.arange(N) / N
    if ambient == "O2":
        rs, s = SO2.from_angle(t), np.diag([1.0, -1.0])
    else:
        rs, s = _rot_z(t), np.diag([1.0, -1.0, -1.0])
    elems = snap(np.concatenate([rs, rs @ s]))
    gens = np.stack([elems[1], s]) if N > 1 else s[None]
    return _Family(gens, name=f"D_{N} < {'O(2)' if ambient == 'O2' else 'SO(3)'}", family="dihedral",
                   elements=elems, N=N, ambient=ambient)


_P = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])  # (x,y,z) -> (z,x,y): 2pi/3 about (1,1,1)
_X = np.diag([1.0, -1.0, -1.0])  # pi about x
_Z4 = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])  # pi/2 about z


def tetrahedral() -> FiniteGroup:
    """Rotation group T of the tetrahedron (order 12) in the cube orientation (2-fold axes x, y, z)."""
    return _Family(np.stack([_P, _X]), name="T", family="T")


def octahedral() -> FiniteGroup:
    """Rotation group O of the cube [-1,1]^3 (order 24): 4-fold axes x, y, z, 3-fold (±1,±1,±1)."""
    return _Family(np.stack([_Z4, _P]), name="O", family="O")


def icosahedral() -> FiniteGroup:
    r"""Rotation group I of the icosahedron with vertices the cyclic permutations of
    :math:`(0, \pm1, \pm\varphi)` (order 60): 2-fold axes x, y, z, 5-fold axes the vertices."""
    r5 = _axis_angle([0.0, 1.0, GOLDEN_RATIO], 2 * np.pi / 5)
    return _Family(np.stack([_P, r5]), name="I", family="I")


def _with_inversion(G: FiniteGroup, name: str, family: str) -> FiniteGroup:
    E = G.elements()
    elems = np.concatenate([E, -E])
    gens = np.concatenate([G.generators(), -np.eye(3)[None]])
    return _Family(gens, name=name, family=family, elements=elems, rotation_subgroup=G)


def pyritohedral() -> FiniteGroup:
    r""":math:`T_h = T \times \{\pm 1\}` (order 24): T's elements, then their negatives."""
    return _with_inversion(tetrahedral(), "T_h", "Th")


def full_octahedral() -> FiniteGroup:
    r""":math:`O_h = O \times \{\pm 1\}` (order 48): O's elements, then their negatives."""
    return _with_inversion(octahedral(), "O_h", "Oh")


def full_icosahedral() -> FiniteGroup:
    r""":math:`I_h = I \times \{\pm 1\}` (order 120): I's elements, then their negatives."""
    return _with_inversion(icosahedral(), "I_h", "Ih")


def rotation_axes(G: FiniteGroup, *, atol: float = 1e-8) -> dict[int, np.ndarray]:
    r"""Rotation axes of a finite subgroup of O(3), grouped by fold ``n``: ``{n: (k, 3) unit axes}``.

    For each element the rotation part :math:`R = (\det g)\, g` is written as a rotation by
    :math:`\omega \in (0, \pi]` about :math:`\hat n` (:math:`\cos\omega = (\mathrm{tr}R - 1)/2`,
    axis from the antisymmetric part, or from :math:`R + I` when :math:`\omega = \pi`); axes are
    identified up to sign (the representative has its first non-zero coordinate positive) and
    the fold is :math:`2\pi/\omega_{\min}`.  For T: {2: 3 axes, 3: 4}; O: {2: 6, 3: 4, 4: 3};
    I: {2: 15, 3: 10, 5: 6}.
    """
    if not isinstance(G, FiniteGroup) or G.element_shape != (3, 3):
        raise ValueError(f"G must be a finite group of 3x3 matrices, got {G!r}")
    E = G.elements()
    R = E * np.sign(np.linalg.det(E))[:, None, None]
    cosw = np.clip((np.trace(R, axis1=1, axis2=2) - 1) / 2, -1.0, 1.0)
    omega = np.arccos(cosw)
    axes_found: list[np.ndarray] = []
    min_angle: list[float] = []
    for Rm, w in zip(R, omega):
        if w < 1e-6:
            continue
        v = np.array([Rm[2, 1] - Rm[1, 2], Rm[0, 2] - Rm[2, 0], Rm[1, 0] - Rm[0, 1]])
        if np.linalg.norm(v) < 1e-6:  # omega = pi: R + I = 2 n n^T
            S = Rm + np.eye(3)
            v = S[np.argmax(np.linalg.norm(S, axis=0))]
        v = v / np.linalg.norm(v)
        nz = np.flatnonzero(np.abs(v) > 1e-9)[0]
        v = v * np.sign(v[nz])
        for i, a in enumerate(axes_found):
            if np.max(np.abs(a - v)) <= 1e-6:
                min_angle[i] = min(min_angle[i], float(w))
                break
        else:
            axes_found.append(v)
            min_angle.append(float(w))
    out: dict[int, list[np.ndarray]] = {}
    for a, w in zip(axes_found, min_angle):
        n = int(round(2 * np.pi / w))
        out.setdefault(n, []).append(snap(a))
    return {n: np.asarray(v) for n, v in sorted(out.items())}
