"""A tiny local finite matrix group (closure of generators) used to test gaugemath.reps
independently of the group catalogue; it implements the gaugemath.groups.base.Group interface."""

from __future__ import annotations

import numpy as np

from gaugemath.groups.base import Group


class MatrixGroup(Group):
    """Finite group of real orthogonal matrices given by generators, or by an explicit list."""

    is_finite = True

    def __init__(self, generators=None, name="G", elements=None):
        if elements is None:
            gens = [np.asarray(g, dtype=float) for g in generators]
            d = gens[0].shape[0]
            elems = [np.eye(d)]
            frontier = [np.eye(d)]
            while frontier:
                new = []
                for a in frontier:
                    for g in gens:
                        p = g @ a
                        if not any(np.allclose(p, e, atol=1e-9) for e in elems):
                            elems.append(p)
                            new.append(p)
                frontier = new
            self._gens = np.stack(gens)
        else:
            elems = [np.asarray(e, dtype=float) for e in elements]
            self._gens = np.stack(elems[1:] if len(elems) > 1 else elems)
        self._elems = np.stack(elems)
        self.name = name
        self.element_shape = self._elems.shape[1:]
        self.order = len(self._elems)
        self.ambient_dim = self.element_shape[0]
        self._keys = {self._key(e): i for i, e in enumerate(self._elems)}
        self._table = None

    @staticmethod
    def _key(e):
        return tuple(np.round(np.asarray(e), 6).ravel() + 0.0)

    def identity(self):
        return np.eye(self.element_shape[0])

    def multiply(self, a, b):
        return np.asarray(a) @ np.asarray(b)

    def inverse(self, a):
        return np.swapaxes(np.asarray(a), -1, -2)

    def contains(self, a, *, atol=1e-9):
        a = np.asarray(a)
        flat = a.reshape((-1,) + self.element_shape)
        ok = [bool(np.any(np.max(np.abs(self._elems - x), axis=(1, 2)) <= atol)) for x in flat]
        return np.asarray(ok).reshape(a.shape[: a.ndim - 2])

    def sample(self, n, seed=None):
        return self._elems[np.random.default_rng(seed).integers(0, self.order, n)]

    def elements(self):
        return self._elems

    def generators(self):
        return self._gens

    def index(self, a):
        a = np.asarray(a)
        flat = a.reshape((-1,) + self.element_shape)
        try:
            out = [self._keys[self._key(x)] for x in flat]
        except KeyError:
            raise ValueError(f"element not in {self.name}") from None
        return np.asarray(out, dtype=np.int64).reshape(a.shape[: a.ndim - 2])

    def cayley_table(self):
        if self._table is None:
            prod = np.einsum("aij,bjk->abik", self._elems, self._elems)
            self._table = self.index(prod)
        return self._table

    def act(self, g, x):
        return np.einsum("...ij,...j->...i", g, x)


def rot_z(t):
    c, s = np.cos(t), np.sin(t)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1.0]])


def cyclic3d(N):
    return MatrixGroup(elements=[rot_z(2 * np.pi * k / N) for k in range(N)], name=f"C{N}")


def dihedral3d(N):
    s = np.diag([1.0, -1.0, -1.0])
    rs = [rot_z(2 * np.pi * k / N) for k in range(N)]
    return MatrixGroup(elements=rs + [r @ s for r in rs], name=f"D{N}")


def octahedral():
    return MatrixGroup([rot_z(np.pi / 2), np.array([[0, 0, 1.0], [1, 0, 0], [0, 1, 0]])], name="O")


def tetrahedral():
    return MatrixGroup([np.diag([1.0, -1, -1]), np.array([[0, 0, 1.0], [1, 0, 0], [0, 1, 0]])], name="T")


def full_octahedral():
    O = octahedral().elements()
    return MatrixGroup(elements=list(O) + [-e for e in O], name="Oh")


def icosahedral():
    phi = (1 + 5**0.5) / 2
    # 5-fold rotation about axis (0, 1, phi)/|.| and a 3-fold about (1,1,1); I with 2-fold axes x,y,z
    def axis_angle(ax, t):
        ax = np.asarray(ax, float) / np.linalg.norm(ax)
        K = np.array([[0, -ax[2], ax[1]], [ax[2], 0, -ax[0]], [-ax[1], ax[0], 0]])
        return np.eye(3) + np.sin(t) * K + (1 - np.cos(t)) * K @ K
    return MatrixGroup([axis_angle([0, 1, phi], 2 * np.pi / 5), axis_angle([1, 1, 1], 2 * np.pi / 3)], name="I")
