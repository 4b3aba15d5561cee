"""The documentation site builds cleanly and its code cannot drift from the code.

(a) ``docs/`` builds with Sphinx (MyST Markdown pages, autodoc + numpydoc API reference, the
    example gallery) with no warning except the listed docstring defects below; the example
    scripts are NOT re-run (``GAUGEMATH_DOCS_RUN_EXAMPLES`` is removed from the environment).
(b) every ```python block of every page under ``docs/`` runs: the blocks of one page run in
    order in one namespace, in a fresh interpreter; ```pycon blocks and ``>>>`` lines run as
    doctests.  A block whose fence reads ```python notest is shown but not run (keep those few).
(c) the gallery lists every script of ``examples/`` and the API reference covers every
    sub-package, so a new example or package cannot be forgotten.

Build command (the one the README gives):
    python -m sphinx -W --keep-going -b html docs docs/_build/html
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import pkgutil
import re
import subprocess
import sys
import textwrap

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(DOCS / "_ext"))
import gaugemath_docs  # noqa: E402  (docs/_ext: pure Python, imports Sphinx/docutils only)

PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)
PYTHON_INFOS = {"python", "py", "python3"}
DOCTEST_INFOS = {"pycon", "doctest"}

#: Docstring markup defects tolerated by the build test, as (path, message) pairs.  Empty:
#: every warning fails the build.  Keep it empty; fix the docstring instead.
KNOWN_DOCSTRING_DEFECTS: list[tuple[str, str]] = []


# --------------------------------------------------------------------------- code blocks
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)$")


def code_blocks(text: str) -> list[tuple[int, str, str]]:
    """``(line, info, code)`` of every fenced block of a Markdown page (CommonMark fences), and of
    every indented code block that starts with ``>>>`` (given the info ``pycon``)."""
    blocks, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            if re.match(r"^ {4,}>>> ", lines[i]) and (i == 0 or not lines[i - 1].strip()):
                start, body = i, []  # an indented (CommonMark) code block of doctest lines
                while i < len(lines) and lines[i].startswith("    ") and lines[i].strip():
                    body.append(lines[i])
                    i += 1
                blocks.append((start + 1, "pycon", textwrap.dedent("\n".join(body)) + "\n"))
                continue
            i += 1
            continue
        fence, info, start = m.group("fence"), m.group("info").strip(), i
        body, i = [], i + 1
        while i < len(lines) and not re.match(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}\s*$", lines[i]):
            body.append(lines[i])
            i += 1
        blocks.append((start + 1, info, textwrap.dedent("\n".join(body)) + "\n"))
        i += 1
    return blocks


def runnable(info: str, code: str) -> str | None:
    """``"python"``, ``"doctest"`` or ``None`` (not run) for a block with this fence info."""
    words = info.split()
    if not words:
        return "doctest" if code.lstrip().startswith(">>>") else None
    lang = words[0].strip("{}").lower()
    if "notest" in words[1:]:
        return None
    if lang in PYTHON_INFOS:
        return "doctest" if code.lstrip().startswith(">>>") else "python"
    if lang in DOCTEST_INFOS:
        return "doctest"
    return None


def page_script(page: pathlib.Path) -> str | None:
    """One Python script running the page's runnable blocks in order in one namespace."""
    parts = []
    for line, info, code in code_blocks(page.read_text(encoding="utf-8")):
        kind = runnable(info, code)
        where = f"{page.relative_to(ROOT) if page.is_relative_to(ROOT) else page}:{line}"
        if kind == "python":
            parts.append(f"exec(compile({code!r}, {where!r}, 'exec'), ns)")
        elif kind == "doctest":
            parts.append(f"_doctest({code!r}, {where!r})")
    if not parts:
        return None
    head = textwrap.dedent("""\
        import doctest, sys
        ns = {"__name__": "__docs__"}
        def _doctest(src, where):
            test = doctest.DocTestParser().get_doctest(src, ns, where, where, 0)
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
            runner.run(test, out=sys.stderr.write, clear_globs=False)
            if runner.failures:
                raise SystemExit(f"doctest failed at {where}")
        """)
    return head + "\n".join(parts) + "\n"


PAGES_WITH_CODE = [p for p in PAGES if page_script(p) is not None]


def test_extractor_sees_the_blocks():
    """Guard against a vacuous (b): the front page has runnable blocks, notest/console don't run."""
    index = code_blocks((DOCS / "index.md").read_text(encoding="utf-8"))
    assert sum(runnable(info, code) == "python" for _, info, code in index) >= 2
    assert runnable("python notest", "x = 1\n") is None
    assert runnable("console", "python examples/x.py\n") is None
    assert runnable("pycon", ">>> 1 + 1\n2\n") == "doctest"
    assert runnable("", ">>> 1 + 1\n2\n") == "doctest"
    text = "Text\n\n    >>> 1 + 1\n    2\n\nMore\n\n    D = e^{-i m a}\n"
    assert code_blocks(text) == [(3, "pycon", ">>> 1 + 1\n2\n")]
    assert DOCS / "index.md" in PAGES_WITH_CODE


def test_a_broken_block_fails(tmp_path):
    """The runner really fails on a wrong block and passes a right one (checks the harness)."""
    cases = {"good": ("```python\nimport gaugemath\nx = 2\n```\n```pycon\n>>> x + 1\n3\n```\n", 0),
             "bad_python": ("```python\nimport gaugemath\nassert gaugemath.no_such_name\n```\n", 1),
             "bad_doctest": ("```python\nx = 2\n```\n```pycon\n>>> x + 1\n4\n```\n", 1)}
    for name, (text, fails) in cases.items():
        page = tmp_path / f"{name}.md"
        page.write_text(text, encoding="utf-8")
        proc = subprocess.run([sys.executable, "-c", page_script(page)], cwd=tmp_path, env=_env(),
                              capture_output=True, text=True, timeout=600)
        assert (proc.returncode != 0) == bool(fails), (name, proc.stderr[-2000:])


def _env() -> dict:
    env = dict(os.environ, MPLBACKEND="Agg")
    env.pop("GAUGEMATH_DOCS_RUN_EXAMPLES", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    return env


@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=[str(p.relative_to(DOCS)) for p in PAGES_WITH_CODE])
def test_code_blocks_run(page, tmp_path):
    proc = subprocess.run([sys.executable, "-c", page_script(page)], cwd=tmp_path, env=_env(),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{page.relative_to(ROOT)}:\n{proc.stderr[-4000:]}"


# --------------------------------------------------------------------------- coverage
def test_gallery_covers_every_example_in_teaching_order():
    stems = [s for s, _ in gaugemath_docs.GALLERY]
    assert sorted(stems) == sorted(p.stem for p in EXAMPLES.glob("*.py")), \
        "add the new example to GALLERY in docs/_ext/gaugemath_docs.py (caption + place in the path)"
    assert len(set(stems)) == len(stems)
    index = (DOCS / "gallery" / "index.md").read_text(encoding="utf-8")
    toc = index[index.index("{toctree}"):].splitlines()
    assert [line.strip() for line in toc if line.strip() in stems] == stems, "toctree order != GALLERY order"
    for stem, caption in gaugemath_docs.GALLERY:
        page = (DOCS / "gallery" / f"{stem}.md").read_text(encoding="utf-8")
        assert f"{{gallery-example}} {stem}" in page
        assert caption.strip() and "\n" not in caption
    # the teaching path starts with rotations/harmonics and ends with layers, their kernels and training
    assert stems[0].startswith("core_") and stems[-1].startswith(("layers_", "ntk_", "torch_"))
    # bundles_, gauge_ and geometry_ examples form one stage (the gauge reading order interleaves them)
    stage = {"core": 0, "groups": 1, "reps": 2, "kernels": 3, "symbolic": 4, "bundles": 5, "gauge": 5,
             "geometry": 5, "transforms": 6, "layers": 7, "ntk": 8, "torch": 9}
    assert [stage[s.split("_")[0]] for s in stems] == sorted(stage[s.split("_")[0]] for s in stems)


def test_api_reference_covers_every_subpackage():
    import gaugemath

    documented = set()
    for page in (DOCS / "api").glob("*.rst"):
        documented |= set(re.findall(r"^\.\. gaugemath-api:: (\S+)", page.read_text(encoding="utf-8"), re.M))
    packages = {f"gaugemath.{m.name}" for m in pkgutil.iter_modules(gaugemath.__path__)
                if m.ispkg and not m.name.startswith("_")}
    assert documented == packages | {"gaugemath"}
    from sphinx.ext.autodoc.mock import mock

    try:
        import torch  # noqa: F401

        missing = []
    except ImportError:
        missing = ["torch"]  # gaugemath.torch needs the [torch] extra: mocked as in docs/conf.py
    with mock(missing):
        modules = gaugemath_docs.public_modules("gaugemath")
    assert "gaugemath.wigner" in modules and not any(m.rsplit(".", 1)[-1].startswith("_") for m in modules)


# --------------------------------------------------------------------------- the build
def _have(*mods: str) -> bool:
    return all(importlib.util.find_spec(m) is not None for m in mods)


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    if not _have("sphinx", "myst_parser", "numpydoc"):
        pytest.skip("doc tool chain not installed: pip install '.[docs]' (sphinx, myst-parser, numpydoc)")
    out = tmp_path_factory.mktemp("site")
    warnings = out / "warnings.txt"
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-E", "-q", "--keep-going", "-b", "html",
                           "-w", str(warnings), str(DOCS), str(out / "html")],
                          cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=900)
    return proc, warnings.read_text(encoding="utf-8") if warnings.exists() else "", out / "html"


def _unexpected(warnings: str, known=None) -> list[str]:
    """Warning lines not covered by ``known`` (default KNOWN_DOCSTRING_DEFECTS; continuation
    lines are skipped)."""
    known = KNOWN_DOCSTRING_DEFECTS if known is None else known
    bad = []
    for line in warnings.splitlines():
        if not re.search(r"(WARNING|ERROR|CRITICAL|SEVERE):", line):
            continue
        if any(path in line and msg in line for path, msg in known):
            continue
        bad.append(line)
    return bad


def test_known_defects_filter_is_narrow():
    known = [("gaugemath/layers/se2.py", "Title underline too short")]
    assert _unexpected("docs/x.md:3: WARNING: toctree contains reference to nonexisting document 'y'", known)
    assert not _unexpected("/r/gaugemath/layers/se2.py:docstring of gaugemath.layers.se2:11: "
                           "WARNING: Title underline too short.", known)
    assert _unexpected("/r/gaugemath/layers/se2.py:docstring of x:11: ERROR: Malformed table.", known)
    assert _unexpected("/r/gaugemath/layers/se2.py:docstring of x:11: WARNING: Title underline too short.")


def test_site_builds_without_warnings(built_site):
    proc, warnings, _ = built_site
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert not _unexpected(warnings), "\n".join(_unexpected(warnings))


def test_site_has_topics_api_math_and_gallery(built_site):
    _, _, html = built_site
    for page in ["index", "conventions", "architecture", "groups", "representations", "bundles", "kernels",
                 "verification", "proofs", "transforms", "layers", "gallery/index", "api/index", "api/core"]:
        assert (html / f"{page}.html").exists(), page
    core = (html / "api" / "core.html").read_text(encoding="utf-8")
    assert 'id="gaugemath.wigner.wigner_D"' in core and 'id="gaugemath.so3.from_euler"' in core
    # :math: in docstrings becomes MathJax markup, and MathJax is loaded
    assert re.search(r'<span class="math[^"]*">\\\(', core) and "mathjax" in core.lower()
    groups = (html / "api" / "groups.html").read_text(encoding="utf-8")
    assert 'id="gaugemath.groups.parse.as_group"' in groups
    gallery = (html / "gallery" / "index.html").read_text(encoding="utf-8")
    positions = [gallery.find(f"{stem}.html") for stem, _ in gaugemath_docs.GALLERY]
    assert -1 not in positions and positions == sorted(positions)
    for stem, _ in gaugemath_docs.GALLERY:
        page = (html / "gallery" / f"{stem}.html").read_text(encoding="utf-8")
        assert "savefig" in page  # the script's source is shown
        if (DOCS / "gallery" / "images" / f"{stem}.png").exists():
            assert f"{stem}.png" in page and (html / "_images" / f"{stem}.png").exists()
        else:
            assert "not in this build" in page
