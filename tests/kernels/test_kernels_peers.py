"""Exports against the peers themselves: e3nn 0.6 (element-wise) and escnn 1.0.11 (same span
on the same grid, same shells and band-limit), plus the documented layout mappings."""

import numpy as np
import pytest

from gaugemath.kernels import steerable_basis
from gaugemath.kernels.export import export_basis

from .helpers import span_projector

# every test here compares with a torch-based peer (e3nn, escnn): `pytest -m torch`
pytestmark = pytest.mark.torch
torch = pytest.importorskip("torch")


# ----------------------------------------------------------------------------- e3nn
def _e3nn_reference(basis, pts):
    """Each element rebuilt from e3nn's own wigner_3j and spherical_harmonics (float64)."""
    o3 = pytest.importorskip("e3nn.o3")
    x = torch.tensor(pts, dtype=torch.float64)
    r = np.linalg.norm(pts, axis=1)
    ref = np.zeros((len(basis), basis.out_dim, basis.in_dim, len(pts)))
    osl, isl = basis.block_slices()
    lab = (lambda v: v) if basis.group.family == "SO3" else (lambda v: v[0])
    for n, md in enumerate(basis.metadata):
        li, lo, J = lab(md["in_irrep"]), lab(md["out_irrep"]), md["J"]
        W = o3.wigner_3j(li, J, lo, dtype=torch.float64).numpy()
        Y = o3.spherical_harmonics(J, x, normalize=True, normalization="integral").numpy()
        prof = np.exp(-((r - md["radius"]) ** 2) / (2 * md["sigma"] ** 2))
        ref[n, osl[md["out_block"]], isl[md["in_block"]]] = np.einsum("ijk,pj->kip", W, Y) * prof
    return ref


@pytest.mark.parametrize(
    "group,ins,outs",
    [("SO3", [0, 1, 2], [1, 2]), ("SO3", 3, [3, 0]), ("O3", ["1o", "2e", "0o"], ["1e", "0e", "2o"])],
)
def test_e3nn_export_equals_e3nn_paths(group, ins, outs):
    b = steerable_basis("R3", group, ins, outs, size=5)
    ex = export_basis(b, "e3nn")
    pts = ex["points"].reshape(-1, 3)
    vals = ex["basis"].reshape(len(b), b.out_dim, b.in_dim, -1)
    away = np.linalg.norm(pts, axis=1) > 0
    np.testing.assert_allclose(vals[..., away], _e3nn_reference(b, pts[away]), atol=1e-14, rtol=0)
    # at the origin only J = 0 elements survive (constant intertwiners)
    origin = ~away
    for n, md in enumerate(b.metadata):
        if md["J"] > 0:
            assert np.all(vals[n][..., origin] == 0)


@pytest.mark.parametrize("group,ins,outs", [("SO3", [1, 2], [0, 2]), ("O3", ["1o", "2e"], ["1e", "2e"])])
def test_e3nn_export_is_e3nn_equivariant_and_proportional_to_native(group, ins, outs, rng):
    o3 = pytest.importorskip("e3nn.o3")
    from scipy.spatial.transform import Rotation

    from gaugemath import wigner_D
    from gaugemath.conventions import e3nn_frame

    b = steerable_basis("R3", group, ins, outs, size=5)
    ex = export_basis(b, "e3nn")
    Iin, Iout = o3.Irreps(str(ex["irreps_in"])), o3.Irreps(str(ex["irreps_out"]))
    assert Iin.dim == b.in_dim and Iout.dim == b.out_dim
    # e3nn's D of the exported Irreps strings (incl. the inversion for O(3))
    pts = rng.normal(size=(20, 3)) * 2
    from gaugemath.kernels.export import _e3nn_values

    K = _e3nn_values(b, pts)
    for R in Rotation.random(2, random_state=3).as_matrix():
        for s in ([1, -1] if group == "O3" else [1]):
            M = torch.tensor(s * R)
            old = torch.get_default_dtype()
            torch.set_default_dtype(torch.float64)  # e3nn builds its generators in the default dtype
            try:
                Do, Di = Iout.D_from_matrix(M).numpy(), Iin.D_from_matrix(M).numpy()
            finally:
                torch.set_default_dtype(old)
            Kg = _e3nn_values(b, pts @ (s * R).T)
            np.testing.assert_allclose(Kg, np.einsum("ab,nbcp,dc->nadp", Do, K, Di), rtol=0, atol=1e-12)
    # proportional to the native element in e3nn's basis B = D^real(P)
    P = e3nn_frame()

    def bmat(labels):
        mats = [np.asarray(wigner_D(lab if group == "SO3" else lab[0], P, basis="real")) for lab in labels]
        out = np.zeros((sum(m.shape[0] for m in mats),) * 2)
        o = 0
        for m in mats:
            out[o : o + len(m), o : o + len(m)] = m
            o += len(m)
        return out

    native = np.einsum("ab,nbcp,dc->nadp", bmat(b.out_irreps), b.evaluate(pts), bmat(b.in_irreps))
    for n in range(len(b)):
        u, v = native[n].ravel(), K[n].ravel()
        cos = abs(u @ v) / (np.linalg.norm(u) * np.linalg.norm(v))
        assert cos == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("group,ins,outs", [("SO3", [1, 2], [2, 1]), ("O3", ["1o", "2e"], ["1e", "2o"])])
def test_e3nn_export_is_an_e3nn_tensor_product_path(group, ins, outs, rng):
    """Element (l_in, J, l_out) = (2 l_out + 1)^(-1/2) x the kernel of e3nn's
    ``TensorProduct("1x<l_in>", "1x<J>", "1x<l_out>", [(0, 0, 0, "uuu", False)])`` applied to
    (e_i, Y_J(x)) (component irrep-normalisation), times the Gaussian shell."""
    o3 = pytest.importorskip("e3nn.o3")
    from gaugemath.kernels.export import _e3nn_values, e3nn_irreps_string

    b = steerable_basis("R3", group, ins, outs, size=5)
    pts = rng.normal(size=(6, 3)) * 1.5
    ours = _e3nn_values(b, pts)
    x = torch.tensor(pts)
    r = np.linalg.norm(pts, axis=1)
    osl, isl = b.block_slices()
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        for n, md in enumerate(b.metadata):
            s_in = e3nn_irreps_string(b, [md["in_irrep"]])[2:]
            s_out = e3nn_irreps_string(b, [md["out_irrep"]])[2:]
            li, lo, J = int(s_in[:-1]), int(s_out[:-1]), md["J"]
            p_j = "e" if (s_in[-1] == s_out[-1]) else "o"  # the parity label e3nn's selection rule needs
            tp = o3.TensorProduct(f"1x{s_in}", f"1x{J}{p_j}", f"1x{s_out}", [(0, 0, 0, "uuu", False)])
            Y = o3.spherical_harmonics(J, x, normalize=True, normalization="integral")
            cols = [tp(torch.eye(2 * li + 1)[i].expand(len(pts), -1), Y) for i in range(2 * li + 1)]
            K = torch.stack(cols, -1).permute(1, 2, 0).numpy() / np.sqrt(2 * lo + 1)  # (k, i, P)
            prof = np.exp(-((r - md["radius"]) ** 2) / (2 * md["sigma"] ** 2))
            np.testing.assert_allclose(ours[n, osl[md["out_block"]], isl[md["in_block"]]], K * prof, rtol=0, atol=1e-13)
    finally:
        torch.set_default_dtype(old)


# ---------------------------------------------------------------------------- escnn
@pytest.fixture(scope="module")
def escnn():
    from ._escnn_compat import load_escnn

    mod = load_escnn()
    if mod is None:
        pytest.skip("escnn is not importable")
    return mod


def _escnn_group_and_reprs(escnn, group, ins, outs):
    from escnn import group as eg

    from gaugemath.kernels.export import escnn_irrep_ids
    from gaugemath.groups import as_group

    G = as_group(group)
    E = {"SO2": lambda: eg.so2_group(8), "O2": lambda: eg.o2_group(8), "SO3": lambda: eg.so3_group(2),
         "O3": lambda: eg.o3_group(2)}.get(G.family)
    E = E() if E else (eg.cyclic_group(G.N) if G.family == "cyclic" else eg.dihedral_group(G.N))
    b = steerable_basis("R3" if G.family in ("SO3", "O3") else "R2", group, ins, outs, size=5, sigma=0.5)

    def rep(labels):
        irreps = [E.irrep(*t) for t in escnn_irrep_ids(b, labels)]
        return eg.directsum(irreps) if len(irreps) > 1 else irreps[0]

    return E, b, rep(b.in_irreps), rep(b.out_irreps)


ESCNN_CASES = [
    ("SO2", [0, 1, 2], [0, 1, 3]),
    ("O2", ["trivial", "sign", 1], ["sign", 2]),
    ("C4", [0, 1, 2], [1, 2]),
    ("D4", [(0, 0), (1, 2), 1], [(1, 0), 1]),
    ("C3", [0, 1], [1]),
    ("SO3", [0, 1, 2], [1, 2]),
    ("O3", [(1, 1), (2, -1)], [(1, -1), (0, 1)]),
]


@pytest.mark.parametrize("group,ins,outs", ESCNN_CASES)
def test_escnn_export_spans_escnn_kernels(escnn, group, ins, outs):
    _compare_with_escnn(escnn, group, ins, outs)


@pytest.mark.parametrize("group,ins,outs", [("O2", ["trivial", 1], ["sign", 1, 2]), ("D6", [(0, 3), 1], [(1, 0), 2])])
def test_escnn_export_with_our_reflection_axis(escnn, group, ins, outs):
    _compare_with_escnn(escnn, group, ins, outs, axis=0.0)


def _compare_with_escnn(escnn, group, ins, outs, axis=None):
    from escnn import kernels as ek
    from escnn.nn.modules.conv.rd_convolution import get_grid_coords

    E, b, rin, rout = _escnn_group_and_reprs(escnn, group, ins, outs)
    fmax = dict(zip(b.radii.tolist(), b.fmax.tolist()))
    keep = lambda attr: attr["irrep:frequency"] <= fmax[round(float(attr["radius"]), 3)]  # noqa: E731
    fn = {"SO2": ek.kernels_SO2_act_R2, "O2": ek.kernels_O2_act_R2, "cyclic": ek.kernels_CN_act_R2,
          "dihedral": ek.kernels_DN_act_R2, "SO3": ek.kernels_SO3_act_R3, "O3": ek.kernels_O3_act_R3}[b.group.family]
    extra = {} if axis is None else dict(axis=axis)
    eb = fn(rin, rout, radii=b.radii.tolist(), sigma=b.sigmas.tolist(), maximum_frequency=int(b.fmax.max()), filter=keep, **extra)
    d = 3 if b.group.family in ("SO3", "O3") else 2
    ex = export_basis(b, "escnn") if axis is None else export_basis(b, "escnn", escnn_axis=axis)
    pts = ex["points"].reshape(-1, d)
    np.testing.assert_allclose(pts, get_grid_coords(d, b.size), rtol=0, atol=1e-12)  # the documented layout
    ours = ex["basis"].reshape(len(b), b.out_dim, b.in_dim, -1)
    theirs = eb.sample(torch.tensor(pts, dtype=torch.float32)).double().numpy()  # (P, n, out, in)
    theirs = np.transpose(theirs, (1, 2, 3, 0))
    assert eb.dim == len(b)
    P1, r1 = span_projector(ours)
    P2, r2 = span_projector(theirs, tol=1e-6)
    assert r1 == r2 == len(b)
    np.testing.assert_allclose(P1, P2, rtol=0, atol=2e-6)  # escnn samples in float32 internally


def test_escnn_irreps_equal_ours(escnn):
    """The feature bases agree, so the escnn export needs no change of feature basis."""
    from escnn import group as eg
    from scipy.spatial.transform import Rotation

    from gaugemath.groups import O2
    from gaugemath.kernels.irreps import irrep_matrix

    S = eg.so3_group(4)
    for R in Rotation.random(3, random_state=1).as_matrix():
        for ell in range(4):
            np.testing.assert_allclose(S.irrep(ell)(S.element(R, "MAT")), irrep_matrix("SO3", ell, R), rtol=0, atol=1e-12)
    O = eg.o2_group(6)
    for theta in (0.3, -2.0):
        for flip in (0, 1):
            g = O.element((flip, theta))
            for lab in [(0, 0), (1, 0), (1, 1), (1, 3)]:
                np.testing.assert_allclose(O.irrep(*lab)(g), irrep_matrix("O2", lab, O2.from_angle_reflection(theta, flip)), rtol=0, atol=1e-12)
    D = eg.dihedral_group(6)
    for t in range(6):
        for flip in (0, 1):
            g = D.element((flip, t))
            for lab in [(0, 0), (1, 0), (1, 1), (1, 2), (0, 3), (1, 3)]:
                np.testing.assert_allclose(D.irrep(*lab)(g), irrep_matrix("D6", lab, O2.from_angle_reflection(2 * np.pi * t / 6, flip)), rtol=0, atol=1e-12)
