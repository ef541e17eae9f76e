"""The list of packages; everything else about the build is in pyproject.toml.

Besides coveragekit's own packages (found, so that a new subpackage needs no change
here), the repository's ``data/`` folder is the package ``coveragekit.data``
(``package-dir`` in pyproject.toml maps it; its files ship by glob): the default tables
and the demo corpus stay at the root, where journalists edit them, and an installed kit
still has them. :func:`coveragekit.datasets.data_dir` finds them in either place.
"""

from setuptools import find_namespace_packages, setup

setup(packages=find_namespace_packages(include=["coveragekit", "coveragekit.*"]) + ["coveragekit.data"])
