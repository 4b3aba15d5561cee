"""Issue 'Groups, representations, induced representations' benchmark (items 2, 3): gaugemath.reps
beside escnn.group on the same tasks, in one run, as ratios (escnn time / gaugemath time).

    python benchmarks/bench_reps.py            # full sizes
    python benchmarks/bench_reps.py --quick    # small sizes (smoke test)

Cases: Ind C_N -> D_N and O -> O_h (explicit matrices; and with the irreps decomposition,
which escnn always computes); decomposition of D^l1 (x) D^l2 for l1, l2 <= 10 (all pairs);
building the irreps of O_h.  escnn caches representations by name, so every escnn call gets a
fresh name (its caches of groups and subgroups stay warm, as they would in use).
Groups come from gaugemath.groups.as_group names.
escnn computes its SO(3) Clebsch-Gordan coefficients numerically on first use (without py3nj) and
caches them on disk; the escnn column is timed after one warm-up call that fills that cache (a cold
first fill for l <= 10 took more than 15 minutes here).  Targets (issue): >= 10x vs escnn for both inductions and the SO(3) tensor-product decompositions.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))

from _harness import Case, format_rows, run_cases, set_threads  # noqa: E402


def _groups(N):
    from gaugemath.groups import as_group

    return as_group(f"D{N}"), as_group(f"C{N}"), as_group("O"), as_group("Oh")


def cases(quick: bool, lmax: int | None = None) -> list[Case]:
    from gaugemath import reps
    from gaugemath.reps import finite as rfin

    try:
        from tests.kernels._escnn_compat import load_escnn

        escnn = load_escnn()
    except Exception:
        escnn = None
    counter = itertools.count()
    out = []
    N = 8 if quick else 16
    DN, CN, O, Oh = _groups(N)
    chi1 = reps.irreps(CN)[1]
    T1 = reps.irrep(O, "T1")
    peers_cn, peers_o, peers_cn_dec, peers_o_dec = {}, {}, {}, {}
    if escnn is not None:
        eg = escnn.group
        eD = eg.dihedral_group(N)
        eC, _, _ = eD.subgroup((None, N))
        eOh = eg.full_octa_group()
        eO, _, _ = eOh.subgroup((1, "octa"))
        eT1 = [r for r in eO.irreps() if r.size == 3][0]

        def esc_cn():
            return eD.induced_representation((None, N), eC.irrep(1), name=f"ind{next(counter)}")

        def esc_o():
            return eOh.induced_representation((1, "octa"), eT1, name=f"ind{next(counter)}")

        peers_cn = peers_cn_dec = {"escnn": esc_cn}
        peers_o = peers_o_dec = {"escnn": esc_o}
    out.append(Case(f"Ind C{N} -> D{N} (chi_1), matrices", lambda: reps.induce(chi1, DN, CN), peers_cn, ">= 10x vs escnn"))
    out.append(Case(f"Ind C{N} -> D{N} + decomposition", lambda: reps.decompose(reps.induce(chi1, DN, CN)),
                    peers_cn_dec, "(escnn decomposes)"))
    out.append(Case("Ind O -> O_h (T1), matrices", lambda: reps.induce(T1, Oh, O), peers_o, ">= 10x vs escnn"))
    out.append(Case("Ind O -> O_h + decomposition", lambda: reps.decompose(reps.induce(T1, Oh, O)), peers_o_dec,
                    "(escnn decomposes)"))

    L = lmax if lmax is not None else (4 if quick else 10)
    from gaugemath.groups import as_group

    G = as_group("SO3")
    pairs = [(l1, l2) for l1 in range(L + 1) for l2 in range(L + 1)]
    D = {ell: reps.so3_irrep(G, ell, "real") for ell in range(L + 1)}

    def ours_all():
        return [reps.decompose(reps.tensor_product(D[a], D[b])) for a, b in pairs]

    def ours_generic():  # structure hidden: Casimir + highest weights on the matrices only
        return [reps.decompose(reps.Representation(G, D[a].dim * D[b].dim, reps.tensor_product(D[a], D[b]).matrices))
                for a, b in pairs[:: max(1, len(pairs) // 12)]]

    peers_t = {}
    if escnn is not None:
        eS = escnn.group.so3_group(L)

        def esc_all():
            return [eS.irrep(a).tensor(eS.irrep(b)) for a, b in pairs]

        esc_all()  # fill escnn's on-disk/in-memory CG cache first (it is what a user has after one run)
        peers_t = {"escnn (CG cache warm)": esc_all}
    out.append(Case(f"decompose D^l1 (x) D^l2, all l1,l2 <= {L}", ours_all, peers_t, ">= 10x vs escnn"))
    out.append(Case(f"decompose, structure hidden ({len(pairs[:: max(1, len(pairs) // 12)])} pairs)", ours_generic, {}))

    def build_irreps():  # the construction itself: reps.irreps caches its result on the group
        return rfin._build_irreps(Oh)

    out.append(Case("build irreps of O_h (Cayley table given)", build_irreps, {}))
    return out


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--lmax", type=int, default=None, help="largest l of the tensor products (default 10)")
    args = parser.parse_args(argv)
    set_threads(1)
    print("\n## single thread\n")
    print(format_rows(run_cases(cases(args.quick, args.lmax), repeat=3)))


if __name__ == "__main__":
    main()
