"""The developer docs live in docs/; every "docs/domain.md §N" cited in the code names a real section and
every relative link in the README and the docs points at a file that exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "docs" / "domain.md"
SEARCHED = ("banso", "config", "tests", "bench")
SECTION = re.compile(r"§\s?(\d+(?:\.\d+)?)(?:\s?[–-]\s?(\d+(?:\.\d+)?))?")
HEADING = re.compile(r"^#{2,3} (\d+(?:\.\d+)?)[. ]", re.M)
LINK = re.compile(r"\]\(([^)#:]+)(?:#[^)]*)?\)")


def domain_sections() -> set[str]:
    return set(HEADING.findall(DOMAIN.read_text(encoding="utf-8")))


def cited_sections() -> list[tuple[str, str]]:
    """(where, section) for every § cited on a line that names docs/domain.md."""
    found = []
    for folder in SEARCHED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in {".py", ".md", ".html", ".txt"} or not path.is_file():
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if "docs/domain.md" not in line:
                    continue
                for match in SECTION.finditer(line.split("docs/domain.md", 1)[1]):
                    for section in filter(None, match.groups()):
                        found.append((f"{path.relative_to(ROOT)}:{number}", section))
    return found


def test_every_cited_domain_section_exists():
    sections = domain_sections()
    cited = cited_sections()

    missing = [f"{where}: docs/domain.md §{section}" for where, section in cited if section not in sections]
    assert len(cited) >= 30  # the code does cite the document; a broken pattern would find nothing
    assert not missing, "sections cited but not in docs/domain.md:\n" + "\n".join(missing)


def test_docs_and_readme_links_resolve():
    broken = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in LINK.findall(path.read_text(encoding="utf-8")):
            if not (path.parent / target).exists():
                broken.append(f"{path.relative_to(ROOT)} → {target}")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_domain_doc_keeps_the_numbering_the_code_relies_on():
    assert {
        "1",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
        "2.6",
        "3.1",
        "3.2",
        "3.3",
        "3.4",
        "4",
        "5.3",
        "6",
    } <= domain_sections()
