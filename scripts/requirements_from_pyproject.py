"""Print the dependencies declared in pyproject.toml, one per line, for `pip install -r`.

The project is not installed as a package (it runs from its folder), so pip only needs
the dependency list; pyproject.toml stays the single place where versions are pinned.
"""

import sys
import tomllib
from pathlib import Path

project = tomllib.loads(Path(__file__).resolve().parent.parent.joinpath("pyproject.toml").read_text())[
    "project"
]
extras = sys.argv[1:]
for requirement in project["dependencies"]:
    print(requirement)
for extra in extras:
    for requirement in project["optional-dependencies"][extra]:
        print(requirement)
