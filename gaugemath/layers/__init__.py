"""Reference (NumPy, backend-agnostic) equivariant layers.

- :mod:`gaugemath.layers.gcnn` — G-CNN lifting and group correlations on p4 / p4m
  (Cohen & Welling 2016);
- :mod:`gaugemath.layers.se2` — SE(2) with N discrete rotations (filters rotated by
  band-limited resampling);
- :mod:`gaugemath.layers.healpix_windows`, :mod:`gaugemath.layers.healpix_shift`,
  :mod:`gaugemath.layers.window_attention` — nested HEALPix windows, patch merging, ring and
  geometric shifted windows with masks, and a reference window-attention block (HEAL-SWIN,
  Carlsson et al. 2024; Swin, Liu et al. 2021);
- :mod:`gaugemath.layers.spherical` — S² → SO(3) and SO(3) → SO(3) correlations and zonal
  S² convolution in the harmonic domain (Cohen et al. 2018; Esteves et al. 2018).

See docs/layers.md for formulas, array layouts and measured equivariance errors.
"""

from gaugemath.layers.gcnn import (
    act_on_features,
    act_on_image,
    d4_cayley_table,
    group_conv_p4,
    group_conv_p4m,
    lift_p4,
    lift_p4m,
    pool_rotations,
)
from gaugemath.layers.healpix_shift import (
    WindowShift,
    attention_mask,
    geometric_shift,
    ring_shift,
)
from gaugemath.layers.healpix_windows import (
    check_window_size,
    face_coordinates,
    patch_merge,
    patch_unmerge,
    relative_position_index,
    window_layout,
    window_partition,
    window_pixels,
    window_reverse,
)
from gaugemath.layers.spherical import (
    act_on_s2_coefficients,
    act_on_so3_coefficients,
    evaluate_s2,
    evaluate_so3,
    s2_so3_correlation,
    s2_so3_correlation_layer,
    s2_zonal_conv,
    s2_zonal_conv_layer,
    so3_so3_correlation,
    so3_so3_correlation_layer,
)
from gaugemath.layers.window_attention import patch_merging, window_self_attention
from gaugemath.layers.se2 import (
    act_on_features_se2,
    group_conv_se2,
    lift_se2,
    rotate_filters,
    rotated_filter_bank,
)

__all__ = [
    "act_on_features",
    "act_on_image",
    "d4_cayley_table",
    "group_conv_p4",
    "group_conv_p4m",
    "lift_p4",
    "lift_p4m",
    "pool_rotations",
    "act_on_features_se2",
    "group_conv_se2",
    "lift_se2",
    "rotate_filters",
    "rotated_filter_bank",
    "act_on_s2_coefficients",
    "act_on_so3_coefficients",
    "evaluate_s2",
    "evaluate_so3",
    "s2_so3_correlation",
    "s2_so3_correlation_layer",
    "s2_zonal_conv",
    "s2_zonal_conv_layer",
    "so3_so3_correlation",
    "so3_so3_correlation_layer",
    "WindowShift",
    "attention_mask",
    "check_window_size",
    "face_coordinates",
    "geometric_shift",
    "patch_merge",
    "patch_merging",
    "patch_unmerge",
    "relative_position_index",
    "ring_shift",
    "window_self_attention",
    "window_layout",
    "window_partition",
    "window_pixels",
    "window_reverse",
]
