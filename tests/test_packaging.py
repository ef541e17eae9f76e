"""The project's packaging: one source of dependencies, mirrored for conda users."""

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = _pyproject()["project"]
    wanted = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    wanted |= {canonicalize_name(Requirement(r).name) for r in project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = set()
    pip_entries = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_entries.extend(dep.get("pip", []))
            continue
        name = re.split(r"[<>=! ]", dep, maxsplit=1)[0]
        if name not in ("python", "pip"):
            conda.add(canonicalize_name(name))
    assert conda == wanted
    assert "-e ." in pip_entries
    assert any(str(d).startswith("python=3.11") for d in env["dependencies"] if isinstance(d, str))


def test_the_library_is_not_called_coverage():
    # nbval imports coverage.py when pytest starts; a local package of that name breaks it
    assert not (ROOT / "coverage").exists()
    import coverage  # coverage.py itself

    assert hasattr(coverage, "version_info")


def test_console_script_and_module_entry_point():
    scripts = _pyproject()["project"]["scripts"]
    assert scripts["coveragekit"] == "coveragekit.cli:main"
    assert (ROOT / "coveragekit" / "__main__.py").exists()


def test_every_constraint_is_pinned_exactly():
    lines = [ln.strip() for ln in (ROOT / "constraints.txt").read_text().splitlines()]
    reqs = [ln for ln in lines if ln and not ln.startswith("#")]
    assert reqs
    for ln in reqs:
        assert "==" in ln, ln
