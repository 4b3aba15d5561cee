"""Sphinx configuration of the gaugemath site.

Build (from the repository root; warnings are errors):

    python -m sphinx -W --keep-going -b html docs docs/_build/html

Add ``GAUGEMATH_DOCS_RUN_EXAMPLES=1`` to re-run the gallery scripts and refresh their figures.
Math is typeset by MathJax, which the browser loads from Sphinx's default CDN address; for
reading offline, point ``GAUGEMATH_DOCS_MATHJAX_PATH`` at a local ``tex-mml-chtml.js`` (e.g. from
the ``mathjax`` npm package, copied under ``docs/_static/``).
"""

from __future__ import annotations

import os
import pathlib
import sys

DOCS = pathlib.Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(ROOT))  # document the checkout being built, not an installed copy
os.environ.setdefault("MPLBACKEND", "Agg")

import gaugemath  # noqa: E402

project = "gaugemath"
author = "the gaugemath developers"
copyright = "the gaugemath developers, MIT licence"
release = version = gaugemath.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "numpydoc",
    "sphinx.ext.mathjax",
    "gaugemath_docs",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "_ext", "tools"]

# Markdown: $...$ / $$...$$ math, ::: fences, and anchors for "page.md#section" links.
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
# A fence "```python notest" (shown, not run by tests/test_docs.py) highlights as Python:
# MyST takes the first word of the info string as the language.

# API reference: numpydoc docstrings (numpydoc extension), math through MathJax.
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "signature"  # types are in the numpydoc Parameters sections
autodoc_preserve_defaults = True
# gaugemath.torch needs the optional torch extra: where torch is missing (the default test
# command installs no torch) its API pages are built against Sphinx's mock of torch, so the
# site and its -W build are the same with and without the extra.
try:
    import torch  # noqa: F401
except ImportError:
    autodoc_mock_imports = ["torch"]
numpydoc_show_class_members = False  # autodoc's :members: lists them; no autosummary stubs
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()
add_module_names = False

if os.environ.get("GAUGEMATH_DOCS_MATHJAX_PATH"):
    mathjax_path = os.environ["GAUGEMATH_DOCS_MATHJAX_PATH"]

html_theme = "furo" if __import__("importlib").util.find_spec("furo") else "alabaster"
html_title = f"gaugemath {release}"
html_static_path = ["_static"]
html_last_updated_fmt = None
templates_path: list[str] = []
pygments_style = "sphinx"
nitpicky = False
