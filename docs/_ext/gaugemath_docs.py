"""Sphinx helpers for the gaugemath site (no third-party dependency beyond Sphinx).

Directives
----------
``gaugemath-api PACKAGE``
    Expands, at parse time, to ``automodule`` directives for PACKAGE and for each of its
    public submodules (``pkgutil`` walk, names starting with ``_`` skipped).  The API
    reference therefore follows the code: a module added or renamed by someone else shows
    up (or disappears) without editing ``docs/api``.  Option ``:modules-only:`` skips
    sub-packages (used for the top-level ``gaugemath`` page, whose sub-packages have pages
    of their own).
``gallery-example STEM``
    The gallery entry of ``examples/STEM.py``: its one-line caption (from :data:`GALLERY`),
    the figure ``docs/gallery/images/STEM.png`` if it exists (otherwise a note saying how to
    make it), the command that runs it, and the full source.
``gallery-index``
    Thumbnails and captions of all examples, in teaching order.

Docstrings
----------
gaugemath's docstrings write absolute values and norms in prose as ``|x|`` and orders as
``|G|``.  In reStructuredText ``|x|`` is a substitution reference, so :func:`literal_bars`
(an ``autodoc-process-docstring`` hook) escapes ``|`` in running text -- never inside
``literals``, roles such as :math:`...`, ``.. math::`` / ``::`` blocks or table rows -- so
the bar renders as written.

Figures
-------
The examples are NOT run by a normal build (the tests build the site and must stay fast).
With ``GAUGEMATH_DOCS_RUN_EXAMPLES=1`` in the environment every script in :data:`GALLERY` is
run once at the start of the build with ``GAUGEMATH_EXAMPLES_OUT=docs/gallery/images``; a
script that fails stops the build.  Otherwise the images already in that folder are used.
"""

from __future__ import annotations

import importlib
import os
import pathlib
import pkgutil
import re
import subprocess
import sys
import tempfile

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.ext.autodoc.mock import mock
from sphinx.util.docutils import SphinxDirective

DOCS = pathlib.Path(__file__).resolve().parent.parent
ROOT = DOCS.parent
EXAMPLES = ROOT / "examples"
IMAGES = DOCS / "gallery" / "images"

#: The teaching path: (script stem, one-line caption).  Order = reading order:
#: rotations -> harmonics -> groups and representations -> induced representations and
#: kernels -> bundles, gauge and transport -> transforms -> layers.
GALLERY: list[tuple[str, str]] = [
    ("core_harmonics_and_wigner",
     "Real spherical harmonics, Wigner small-d matrices, and the rotation law "
     "Y(Rx) = D(R) Y(x) that ties them together."),
    ("groups_point_groups",
     "The Platonic rotation groups T, O, I: orbits of a point, rotation axes by fold, "
     "T inside O and I, and p4m acting on a pixel image."),
    ("reps_branching",
     "Restricting SO(3) irreps to the octahedral group (crystal-field branching) and "
     "block-diagonalising the tensor product D² ⊗ D³."),
    ("reps_induced",
     "The induced representation Ind_{C4}^{O} χ₁ as block permutations, and Mackey "
     "kernels on double cosets counted three ways."),
    ("kernels_r2_filters",
     "Steerable filters on R² for SO(2) and C4 (frequency 1 → 2), rotated to show "
     "κ(gx) = ρ_out(g) κ(x) ρ_in(g)⁻¹."),
    ("kernels_so3_slice",
     "A z = 0 slice of the SO(3)-steerable kernel basis on R³ (ℓ = 1 → ℓ = 2), checked "
     "against the independent nullspace solution."),
    ("symbolic_verify_kernel",
     "Exact SymPy verification: a Clebsch–Gordan intertwiner passes, a kernel with one "
     "flipped sign fails, and its residual is plotted."),
    ("bundles_sphere_charts",
     "Gauge frames of the north, south and polar charts of S² = SO(3)/SO(2) and the "
     "transition function k_NS = R_z(2φ)."),
    ("gauge_mesh_frames",
     "Frames on a bumpy sphere and a gauge change; a vector carried around a loop of vertices, "
     "holonomy = angle defect around each vertex, discrete Gauss–Bonnet."),
    ("bundles_holonomy",
     "Parallel transport around geodesic triangles: the holonomy angle equals the enclosed "
     "solid angle (Gauss–Bonnet)."),
    ("gauge_mesh_features",
     "Features of order 0, 1, 2 on a torus under a gauge change: f ↦ ρ_n(−g) f."),
    ("gauge_mesh_convolution",
     "A gauge-equivariant mesh convolution (GEM-CNN) beside an unconstrained kernel: "
     "only the first gives gauge-independent outputs."),
    ("bundles_gauge_fields_s2",
     "Tangent and spin-weighted fields on S² as sections of associated bundles: gauge "
     "transformations, change of chart, and the induced representation Ind_{SO(2)}^{SO(3)}."),
    ("bundles_icosahedral_atlas",
     "The icosahedral atlas of the Icosahedral CNN: five hexagonal charts, C6 transition maps "
     "in the padding, and the angle defect at the 12 vertices."),
    ("bundles_healpix_atlas",
     "HEALPix as a gauge atlas: 12 face charts glued by quarter turns, a quarter-turn "
     "holonomy at the 8 three-face points, and shifted windows carried across the seams."),
    ("geometry_pullback",
     "Pull-back geometry of a generative map: a latent gradient step stays on the data "
     "manifold (a helix), a data-space step leaves it."),
    ("transforms_random_field",
     "A band-limited random field on S², synthesised and analysed on Gauss–Legendre and "
     "HEALPix grids, and its angular power spectrum."),
    ("layers_gcnn_p4",
     "A p4 lifting layer: rotating the image by 90° rotates every feature map and "
     "cycles the group axis."),
    ("layers_spherical_cnn",
     "A spherical CNN layer S² → SO(3) in the harmonic domain, its rotation equivariance, "
     "and an SO(3) → SO(3) layer on top."),
    ("ntk_emergent_equivariance",
     "Deep ensembles trained on rot90-augmented digits become invariant as members are added "
     "(error ~ 1/sqrt(M)); the infinite ensemble (isotypic solve) is invariant to rounding, and "
     "the augmented CNN equals the p4-CNN."),
    ("torch_gcnn_vs_cnn",
     "p4 and SE(2)_8 G-CNNs vs a CNN (with and without rotation augmentation) on rotated digits: "
     "exact 90° invariance, accuracy, training time and latency (PyTorch)."),
    ("torch_s2cnn_vs_augmentation",
     "Rotated digits on the sphere: an S2CNN trained without rotations vs a planar CNN with rotation augmentation."),
    ("torch_s2_segmentation",
     "Segmenting digits on the sphere: an S2CNN ending in SO(3) → S² vs a planar CNN with augmentation."),
]

CAPTIONS = dict(GALLERY)


_PROTECTED = re.compile(r"``.+?``|:[\w:.+-]+:`[^`]*`|`[^`]*`_{0,2}")


def _escape_bars(text: str) -> str:
    out, pos = [], 0
    for m in _PROTECTED.finditer(text):
        out.append(re.sub(r"(?<!\\)\|", r"\\|", text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(re.sub(r"(?<!\\)\|", r"\\|", text[pos:]))
    return "".join(out)


def literal_bars(app, what, name, obj, options, lines: list[str]) -> None:
    """Escape running-text ``|`` in a docstring (see the module docstring); edits ``lines``."""
    block_indent = None  # indentation of the directive/paragraph that opened a literal block
    for i, line in enumerate(lines):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if not stripped or indent > block_indent:
                continue
            block_indent = None
        if stripped.startswith(("|", "+")):
            continue  # grid table or line block
        if stripped.startswith(".. ") or stripped.rstrip().endswith("::"):
            if stripped.startswith(".. math::") or stripped.rstrip().endswith("::"):
                block_indent = indent
            if stripped.startswith(".. "):
                continue
        lines[i] = _escape_bars(line)


def public_modules(package: str, modules_only: bool = False) -> list[str]:
    """``package`` followed by its public submodules, sorted (sub-packages recursively)."""
    pkg = importlib.import_module(package)
    names = [package]
    if not hasattr(pkg, "__path__"):
        return names
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        full = f"{package}.{info.name}"
        if info.ispkg:
            if not modules_only:
                names.extend(public_modules(full))
        else:
            names.append(full)
    return names


class ApiDirective(SphinxDirective):
    required_arguments = 1
    option_spec = {"modules-only": directives.flag}

    def run(self):
        if not self.env.doc2path(self.env.docname).name.endswith(".rst"):
            raise self.error("gaugemath-api emits reStructuredText: use it in a .rst page")
        package = self.arguments[0]
        lines: list[str] = []
        with mock(self.config.autodoc_mock_imports):  # optional extras (conf.py)
            modules = public_modules(package, "modules-only" in self.options)
        for mod in modules:
            title = f"``{mod}``"
            lines += [title, "-" * len(title), "", f".. automodule:: {mod}",
                      "   :members:", "   :show-inheritance:", "   :ignore-module-all:", ""]
        node = nodes.section()
        node.document = self.state.document
        self.state.nested_parse(StringList(lines, source=f"<gaugemath-api {package}>"),
                                self.content_offset, node, match_titles=True)
        return node.children


def _image(stem: str, width: str) -> nodes.image:
    return nodes.image(uri=f"/gallery/images/{stem}.png", alt=f"figure saved by examples/{stem}.py",
                       width=width)


class GalleryExampleDirective(SphinxDirective):
    """Caption, figure (if made), command and source of one example; builds nodes directly,
    so it works the same in Markdown (MyST) and reStructuredText pages."""

    required_arguments = 1

    def run(self):
        stem = self.arguments[0]
        script = EXAMPLES / f"{stem}.py"
        if stem not in CAPTIONS:
            raise self.error(f"gallery-example: {stem!r} is not in GALLERY (docs/_ext/gaugemath_docs.py)")
        if not script.exists():
            raise self.error(f"gallery-example: {script} does not exist")
        self.env.note_dependency(str(script))
        out: list[nodes.Node] = [nodes.paragraph(text=CAPTIONS[stem])]
        if (IMAGES / f"{stem}.png").exists():
            out.append(_image(stem, "100%"))
        else:
            note = nodes.note()
            note += nodes.paragraph(text=f"The figure is not in this build: run python examples/{stem}.py, "
                                         "or build the docs with GAUGEMATH_DOCS_RUN_EXAMPLES=1.")
            out.append(note)
        out.append(nodes.paragraph(text="Run it from the repository root (the figure goes to "
                                        "$GAUGEMATH_EXAMPLES_OUT, default ./figures):"))
        cmd = f"python examples/{stem}.py"
        out.append(nodes.literal_block(cmd, cmd, language="console"))
        source = script.read_text(encoding="utf-8")
        block = nodes.literal_block(source, source, language="python", linenos=True)
        block["caption"] = f"examples/{stem}.py"
        out.append(block)
        return out


class GalleryIndexDirective(SphinxDirective):
    """Numbered list of the examples in teaching order: link, caption, thumbnail."""

    def run(self):
        listing = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        for stem, caption in GALLERY:
            item = nodes.list_item()
            para = nodes.paragraph()
            ref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/gallery/{stem}",
                                        refexplicit=False, refwarn=True, refdoc=self.env.docname)
            ref += nodes.inline(stem, stem)
            para += ref
            para += nodes.Text(f" — {caption}")
            item += para
            if (IMAGES / f"{stem}.png").exists():
                item += _image(stem, "320px")
            listing += item
        return [listing]


def run_examples(app) -> None:
    """Run every gallery script once, saving figures under docs/gallery/images."""
    if os.environ.get("GAUGEMATH_DOCS_RUN_EXAMPLES", "") not in ("1", "true", "yes"):
        return
    IMAGES.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, GAUGEMATH_EXAMPLES_OUT=str(IMAGES), MPLBACKEND="Agg")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    for stem, _ in GALLERY:
        with tempfile.TemporaryDirectory() as cwd:
            proc = subprocess.run([sys.executable, str(EXAMPLES / f"{stem}.py")], cwd=cwd, env=env,
                                  capture_output=True, text=True)
        if proc.returncode != 0:
            raise ExtensionError(f"examples/{stem}.py failed:\n{proc.stderr[-3000:]}")


def setup(app):
    app.add_directive("gaugemath-api", ApiDirective)
    app.add_directive("gallery-example", GalleryExampleDirective)
    app.add_directive("gallery-index", GalleryIndexDirective)
    app.connect("builder-inited", run_examples)
    app.connect("autodoc-process-docstring", literal_bars, priority=400)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
