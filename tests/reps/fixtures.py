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
            self._gens = None
        self._elems = np.stack(elems)
        self.name = name
        self.element_shape = self._elems.shape[1:]
        self.order = len(self._elems)
        self.ambient_dim = self.element_shape[0]
        self._keys = {self._key(e): i for i, e in enumerate(self._elems)}
        self._table = None
        if self._gens is None:
            self._gens = self._greedy_generators()

    def _greedy_generators(self):
        """A small generating set: add the first element outside the generated subgroup."""
        table = self.cayley_table()
        gens = []
        span = {0}
        for g in range(1, self.order):
            if g in span:
                continue
            gens.append(g)
            span = {0}
            frontier = [0]
            while frontier:
                new = []
                for a in frontier:
                    for b in gens:
                        p = int(table[b, a])
                        if p not in span:
                            span.add(p)
                            new.append(p)
                frontier = new
            if len(span) == self.order:
                break
        return self._elems[gens] if gens else self._elems[:1]

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


# --- minimal continuous groups (same element conventions as the gaugemath.groups catalogue)


class _Continuous(Group):
    is_finite = False

    def multiply(self, a, b):
        return np.asarray(a) @ np.asarray(b)

    def inverse(self, a):
        return np.swapaxes(np.asarray(a), -1, -2)

    def identity(self):
        return np.eye(self.element_shape[0])

    def act(self, g, x):
        return np.einsum("...ij,...j->...i", g, x)


class SO2(_Continuous):
    name, element_shape, ambient_dim = "SO(2)", (2, 2), 2

    def contains(self, a, *, atol=1e-9):
        a = np.asarray(a)
        orth = np.max(np.abs(np.swapaxes(a, -1, -2) @ a - np.eye(2)), axis=(-2, -1)) <= atol
        return orth & (np.linalg.det(a) > 0)

    def sample(self, n, seed=None):
        t = np.random.default_rng(seed).uniform(-np.pi, np.pi, n)
        c, s = np.cos(t), np.sin(t)
        return np.stack([np.stack([c, -s], -1), np.stack([s, c], -1)], -2)


class O2(SO2):
    name = "O(2)"

    def contains(self, a, *, atol=1e-9):
        a = np.asarray(a)
        return np.max(np.abs(np.swapaxes(a, -1, -2) @ a - np.eye(2)), axis=(-2, -1)) <= atol

    def sample(self, n, seed=None):
        g = SO2.sample(self, n, seed)
        f = np.random.default_rng(None if seed is None else seed + 1).integers(0, 2, n)
        g[f == 1] = g[f == 1] @ np.diag([1.0, -1.0])
        return g


class SO3(_Continuous):
    name, element_shape, ambient_dim = "SO(3)", (3, 3), 3

    def contains(self, a, *, atol=1e-9):
        a = np.asarray(a)
        orth = np.max(np.abs(np.swapaxes(a, -1, -2) @ a - np.eye(3)), axis=(-2, -1)) <= atol
        return orth & (np.linalg.det(a) > 0)

    def sample(self, n, seed=None):
        from gaugemath import so3

        return so3.as_matrix(so3.random(n, seed=seed))


class O3(SO3):
    name = "O(3)"

    def contains(self, a, *, atol=1e-9):
        a = np.asarray(a)
        return np.max(np.abs(np.swapaxes(a, -1, -2) @ a - np.eye(3)), axis=(-2, -1)) <= atol

    def sample(self, n, seed=None):
        g = SO3.sample(self, n, seed)
        f = np.random.default_rng(None if seed is None else seed + 1).integers(0, 2, n)
        g[f == 1] *= -1
        return g


class SU2(Group):
    name, element_shape, is_finite, ambient_dim = "SU(2)", (4,), False, None

    def identity(self):
        return np.array([1.0, 0, 0, 0])

    def multiply(self, a, b):
        import quaternionic

        return np.asarray(quaternionic.array(a) * quaternionic.array(b))

    def inverse(self, a):
        return np.asarray(a) * np.array([1.0, -1, -1, -1])

    def contains(self, a, *, atol=1e-9):
        return np.abs(np.linalg.norm(np.asarray(a), axis=-1) - 1) <= atol

    def sample(self, n, seed=None):
        q = np.random.default_rng(seed).standard_normal((n, 4))
        return q / np.linalg.norm(q, axis=-1, keepdims=True)


def rot2(t):
    c, s = np.cos(t), np.sin(t)
    return np.array([[c, -s], [s, c]])


def cyclic2d(N):
    return MatrixGroup(elements=[rot2(2 * np.pi * k / N) for k in range(N)], name=f"C{N}<O2")


def dihedral2d(N):
    rs = [rot2(2 * np.pi * k / N) for k in range(N)]
    return MatrixGroup(elements=rs + [r @ np.diag([1.0, -1.0]) for r in rs], name=f"D{N}<O2")


def with_inversion(G, name):
    E = G.elements()
    return MatrixGroup(elements=list(E) + [-e for e in E], name=name)


def finite_groups():
    """The finite groups of the catalogue, rebuilt locally (orders 5..120)."""
    I = icosahedral()
    return [cyclic3d(5), cyclic2d(4), dihedral3d(6), dihedral2d(5), tetrahedral(), with_inversion(tetrahedral(), "Th"),
            octahedral(), full_octahedral(), I, with_inversion(I, "Ih")]
