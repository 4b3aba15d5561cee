"""Numba kernels for Wigner 3j symbols: the Schulten–Gordon recursion in j1.

For fixed (j2, j3, m2, m3) and m1 = -m2 - m3, f(j1) = (j1 j2 j3; m1 m2 m3) obeys
(Schulten & Gordon, J. Math. Phys. 16 (1975) 1961, Eq. 1; Luscombe & Luban,
Phys. Rev. E 57 (1998) 7274, Eqs. 2-4):

    j1 A(j1+1) f(j1+1) + B(j1) f(j1) + (j1+1) A(j1) f(j1-1) = 0,
    A(j1) = sqrt((j1^2 - (j2-j3)^2) ((j2+j3+1)^2 - j1^2) (j1^2 - m1^2)),
    B(j1) = -(2 j1 + 1) (j2(j2+1) m1 - j3(j3+1) m1 - j1(j1+1)(m3 - m2)),

on j1 = jmin..jmax, jmin = max(|j2-j3|, |m1|), jmax = j2+j3.  The recursion runs
forward from jmin while |f| grows (the classically forbidden region, where forward
is stable) and backward from jmax down to that point; the two pieces are matched
by least squares on three overlapping values, normalised by
sum_j1 (2 j1 + 1) f(j1)^2 = 1, and the sign fixed by
sign f(jmax) = (-1)^(j2 - j3 - m1) (the stretched case has a single Racah term).
Intermediate values are rescaled to avoid overflow.
"""

from __future__ import annotations

import math

import numpy as np

from ._jit import jit

BIG = 1e150


@jit
def _A(j1, j2, j3, m1):
    v = (j1 * j1 - (j2 - j3) ** 2) * ((j2 + j3 + 1.0) ** 2 - j1 * j1) * (j1 * j1 - m1 * m1)
    return math.sqrt(v) if v > 0.0 else 0.0


@jit
def _B(j1, j2, j3, m1, m2, m3):
    return -(2.0 * j1 + 1.0) * (j2 * (j2 + 1.0) * m1 - j3 * (j3 + 1.0) * m1 - j1 * (j1 + 1.0) * (m3 - m2))


@jit
def three_j_range(j2, j3, m2, m3, out):
    """Write (j1 j2 j3; m1 m2 m3) for j1 = jmin..jmax into out[0:n]; returns (jmin, n).

    The caller guarantees |m2| <= j2, |m3| <= j3, j - m integral.  n = 0 if the range is empty.
    """
    m1 = -m2 - m3
    jmin = max(abs(j2 - j3), abs(m1))
    jmax = j2 + j3
    n = int(round(jmax - jmin)) + 1
    if n <= 0:
        return jmin, 0
    if n == 1:
        out[0] = 1.0
    else:
        # forward from jmin while |f| grows
        out[0] = 1.0
        k = 0
        forward_ok = jmin > 0.0
        if forward_ok:
            j = jmin
            out[1] = -_B(j, j2, j3, m1, m2, m3) * out[0] / (j * _A(j + 1.0, j2, j3, m1))
            k = 1
            while k + 1 < n:
                j = jmin + k
                nxt = -(_B(j, j2, j3, m1, m2, m3) * out[k] + (j + 1.0) * _A(j, j2, j3, m1) * out[k - 1]) / (
                    j * _A(j + 1.0, j2, j3, m1)
                )
                if abs(nxt) < abs(out[k]) and k >= 2:
                    out[k + 1] = nxt
                    k += 1
                    break
                out[k + 1] = nxt
                k += 1
                if abs(out[k]) > BIG:
                    for i in range(k + 1):
                        out[i] /= BIG
        kf = k  # forward values valid on 0..kf
        if kf >= n - 1 and forward_ok:
            pass  # forward reached jmax
        else:
            # backward from jmax down to index lo = max(kf - 2, 0)
            lo = max(kf - 2, 0) if forward_ok else 0
            back = np.empty(n)
            back[n - 1] = 1.0
            j = jmax
            back[n - 2] = -_B(j, j2, j3, m1, m2, m3) * back[n - 1] / ((j + 1.0) * _A(j, j2, j3, m1))
            i = n - 2
            while i > lo:
                j = jmin + i
                back[i - 1] = -(_B(j, j2, j3, m1, m2, m3) * back[i] + j * _A(j + 1.0, j2, j3, m1) * back[i + 1]) / (
                    (j + 1.0) * _A(j, j2, j3, m1)
                )
                i -= 1
                if abs(back[i]) > BIG:
                    for t in range(i, n):
                        back[t] /= BIG
            if forward_ok:
                num = 0.0
                den = 0.0
                for t in range(lo, kf + 1):
                    num += out[t] * back[t]
                    den += back[t] * back[t]
                scale = num / den
                for t in range(kf + 1, n):
                    out[t] = back[t] * scale
            else:
                for t in range(n):
                    out[t] = back[t]
    norm = 0.0
    big = 0.0
    for t in range(n):
        big = max(big, abs(out[t]))
    for t in range(n):
        out[t] /= big
        norm += (2.0 * (jmin + t) + 1.0) * out[t] * out[t]
    norm = math.sqrt(norm)
    sgn = 1.0 if int(round(j2 - j3 - m1)) % 2 == 0 else -1.0
    if out[n - 1] * sgn < 0.0:
        norm = -norm
    for t in range(n):
        out[t] /= norm
    return jmin, n


@jit
def three_j_many(j1, j2, j3, m1, m2, m3, out):
    """out[i] = (j1 j2 j3; m1 m2 m3)[i] for flat arrays; zero where a selection rule fails."""
    buf = np.empty(int(round(2.0 * np.max(j2 + j3))) + 2)
    for i in range(j1.shape[0]):
        a, b, c = j1[i], j2[i], j3[i]
        x, y, z = m1[i], m2[i], m3[i]
        if abs(x + y + z) > 1e-9 or c > a + b + 1e-9 or c < abs(a - b) - 1e-9 or abs(x) > a or abs(y) > b or abs(z) > c:
            out[i] = 0.0
            continue
        jmin, n = three_j_range(b, c, y, z, buf)
        k = int(round(a - jmin))
        out[i] = buf[k] if 0 <= k < n else 0.0


@jit
def cg_table(j1, j2, out):
    """out[k, a, b] = <j1 m1; j2 m2 | j, m1+m2> with j = |j1-j2| + k, m1 = -j1 + a, m2 = -j2 + b.

    One recursion per (m1, m2) over all j (using (j j1 j2; -M m1 m2) = (j1 j2 j; m1 m2 -M)).
    Entries with |m1 + m2| > j are zero.
    """
    n1 = int(round(2.0 * j1)) + 1
    n2 = int(round(2.0 * j2)) + 1
    jlo = abs(j1 - j2)
    buf = np.empty(int(round(2.0 * (j1 + j2))) + 2)
    out[:] = 0.0
    for a in range(n1):
        m1 = -j1 + a
        for b in range(n2):
            m2 = -j2 + b
            M = m1 + m2
            jmin, n = three_j_range(j1, j2, m1, m2, buf)
            base_phase = 1.0 if int(round(j1 - j2 + M)) % 2 == 0 else -1.0
            for k in range(n):
                j = jmin + k
                out[int(round(j - jlo)), a, b] = base_phase * math.sqrt(2.0 * j + 1.0) * buf[k]
