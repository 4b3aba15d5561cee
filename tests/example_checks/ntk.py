"""Checks of the printed values of examples/ntk_*.py (collected by tests/test_examples.py)."""

import re

from example_checks._parsing import numbers_after as _numbers


def check_ntk_emergent_equivariance(out):
    # the hand-written MLP is the gaugemath.ntk network whose kernel the infinite ensemble uses
    assert 0 <= _numbers(out, "max |hand-written forward - gaugemath.ntk apply| =")[0] < 1e-12
    errs = _numbers(out, "finite ensemble invariance error (M = 1, 4, 16, 64):")
    assert len(errs) == 4 and all(0 < e < 1 for e in errs)
    assert errs[0] > errs[1] > errs[2] > errs[3]
    # independent members: the non-invariant part of the mean shrinks like 1/sqrt(M) (sqrt(64) = 8)
    assert 4 < errs[0] / errs[3] < 16
    # the infinite ensemble trained on the augmented set is invariant to rounding (Gerken & Kessel 2024) ...
    assert 0 <= _numbers(out, "and t = inf:")[0] < 1e-13
    # ... and without augmentation it is not
    assert _numbers(out, "without augmentation, infinite ensemble invariance error:")[0] > 0.05
    # the 64-member mean is near the infinite ensemble at the same flow time (finite width, finite M)
    assert 0 < _numbers(out, "from the infinite ensemble at time t:")[0] < 0.1
    accs = _numbers(out, "test accuracy:")  # finite ensemble, infinite at t, at t = inf, without augmentation
    assert len(accs) == 4 and all(0 <= a <= 1 for a in accs)
    assert accs[2] > 0.5  # converged kernel regression on 60 digits x 4 rotations is far above chance (0.1)
    # CNN kernels: jointly invariant (i.i.d. filters), not invariant in one argument
    joint, one_sided = _numbers(out, "CNN kernel: max |K(gx, gx') - K(x, x')| =")[:2]
    assert 0 <= joint < 1e-12 and one_sided > 1e-3
    # C4-augmented CNN = p4-CNN at t = inf (K_p4 = group-averaged K_CNN): both invariant, the plain CNN not; the
    # remaining error is the rounding of a t = inf kernel regression with a badly conditioned kernel
    assert _numbers(out, "CNN, no augmentation: test accuracy")[1] > 0.05
    assert _numbers(out, "CNN, C4-augmented (isotypic): test accuracy")[1] < 1e-8
    assert _numbers(out, "p4-CNN: test accuracy")[1] < 1e-8
    assert _numbers(out, "CNN, C4-augmented (isotypic): test accuracy")[0] == _numbers(out, "p4-CNN: test accuracy")[0]
    assert 0 <= _numbers(out, "max |augmented CNN - p4-CNN| over the rotated test digits:")[0] < 1e-7
