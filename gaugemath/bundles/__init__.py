r"""Homogeneous spaces, principal and associated bundles, sections and gauge maps.

See ``docs/bundles.md`` for the concepts, formulas and conventions.
"""

from __future__ import annotations

from .associated import AssociatedBundle as AssociatedBundle
from .associated import so2_character as so2_character
from .associated import so2_rotation as so2_rotation
from .homogeneous import Circle as Circle
from .homogeneous import EuclideanSpace as EuclideanSpace
from .homogeneous import HomogeneousSpace as HomogeneousSpace
from .homogeneous import gauge_factor as gauge_factor
from .homogeneous import rotation_2d as rotation_2d
from .homogeneous import transition as transition
from .homogeneous import wrap_angle as wrap_angle
from .finite import FiniteQuotient as FiniteQuotient
from .finite import cayley_table as cayley_table
from .healpix_atlas import FaceGluing as FaceGluing
from .healpix_atlas import face_frame as face_frame
from .healpix_atlas import face_gluing as face_gluing
from .healpix_atlas import face_gluings as face_gluings
from .healpix_atlas import face_vertices as face_vertices
from .healpix_atlas import glue_pixels as glue_pixels
from .healpix_atlas import gluing_tables as gluing_tables
from .healpix_atlas import vertex_holonomy as vertex_holonomy
from .icosahedral import IcosahedralAtlas as IcosahedralAtlas
from .icosahedral import icosahedral_rotations as icosahedral_rotations
from .icosahedral import icosahedron_vertices as icosahedron_vertices
from .sphere import Sphere as Sphere
from .sphere import rotation_y as rotation_y
from .sphere import rotation_z as rotation_z
from .sphere import sphere_angles as sphere_angles
from .sphere import sphere_point as sphere_point
from .tangent import geodesic_transport as geodesic_transport
from .tangent import holonomy as holonomy
from .tangent import local_to_tangent as local_to_tangent
from .tangent import parallel_transport as parallel_transport
from .tangent import polygon_solid_angle as polygon_solid_angle
from .tangent import solid_angle as solid_angle
from .tangent import spin_to_tangent as spin_to_tangent
from .tangent import tangent_to_local as tangent_to_local
from .tangent import tangent_to_spin as tangent_to_spin
from .tangent import transport_angle as transport_angle

__all__ = [
    "AssociatedBundle",
    "FaceGluing",
    "Circle",
    "EuclideanSpace",
    "FiniteQuotient",
    "HomogeneousSpace",
    "IcosahedralAtlas",
    "Sphere",
    "cayley_table",
    "face_frame",
    "face_gluing",
    "face_gluings",
    "face_vertices",
    "gauge_factor",
    "geodesic_transport",
    "glue_pixels",
    "gluing_tables",
    "holonomy",
    "icosahedral_rotations",
    "icosahedron_vertices",
    "local_to_tangent",
    "parallel_transport",
    "polygon_solid_angle",
    "rotation_2d",
    "rotation_y",
    "rotation_z",
    "so2_character",
    "so2_rotation",
    "solid_angle",
    "sphere_angles",
    "sphere_point",
    "spin_to_tangent",
    "tangent_to_local",
    "tangent_to_spin",
    "transition",
    "transport_angle",
    "vertex_holonomy",
    "wrap_angle",
]
