"""Build the published word lists that audit ships (audit/framing/lexicons/*.txt) from their
source files, recording for each its source, citation, licence as stated and sha256.

    .venv/bin/python scripts/build_lexicons.py ../shared/data/lexicons

The source folder is `data/lexicons/` of the shared data (copied unchanged from
HLTCHKUST/framing-bias-metric, commit 1586f55a9011853224ca4d0cee164c46f6137557). Only lists whose
licence lets an MIT package ship them are built: the Recasens et al. (2013) lists state no licence
and ask to be cited, so they are shipped with their citation. The MPQA subjectivity clues are
distributed under the GNU GPL and are never bundled: audit reads them from the path a user gives
(`[framing] mpqa_path`). The output is deterministic: running this again on the same sources
gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "audit" / "framing" / "lexicons"

RECASENS = (
    "Marta Recasens, Cristian Danescu-Niculescu-Mizil and Dan Jurafsky. 2013. Linguistic Models"
    " for Analyzing and Detecting Biased Language. Proceedings of ACL 2013."
)
HOOPER = (
    "Joan B. Hooper. 1975. On assertive predicates. In J. Kimball, editor, Syntax and Semantics,"
    " volume 4, pages 91-124. Academic Press, New York."
)
HYLAND = (
    "Ken Hyland. 2005. Metadiscourse: Exploring Interaction in Writing. Continuum, London and"
    " New York."
)
KARTTUNEN = "Lauri Karttunen. 1971. Implicative verbs. Language, 47(2):340-358."
# (output name, source file, what it is, original citation)
LISTS = (
    ("recasens_bias", "bias-lexicon.txt", "bias-inducing lemmas from NPOV edits", RECASENS),
    ("hyland_hedges", "hedges_hyland2005.txt", "hedges", HYLAND),
    ("hooper_factives", "factives_hooper1975.txt", "factive verbs", HOOPER),
    ("hooper_assertives", "assertives_hooper1975.txt", "assertive verbs", HOOPER),
    ("karttunen_implicatives", "implicatives_karttunen1971.txt", "implicative verbs", KARTTUNEN),
    ("recasens_report_verbs", "report_verbs.txt", "report verbs", RECASENS),
)


def entries(text: str) -> list[str]:
    """The list's entries: lowercased, comments and blank lines dropped, duplicates once, in
    sorted order. Characters that the lexicon format reads as syntax (`#`, `|`) never occur."""
    found = set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "|" in line or "#" in line:
            raise ValueError(f"entry with lexicon syntax: {line!r}")
        found.add(" ".join(line.lower().split()))
    return sorted(found)


def build(source_dir: Path) -> dict[str, str]:
    built = {}
    for name, file_name, what, citation in LISTS:
        path = source_dir / "recasens2013" / file_name
        data = path.read_bytes()
        listed = entries(data.decode("utf-8"))
        header = [
            f"# {what}: {len(listed)} entries, lowercased, one per line, built by",
            "# scripts/build_lexicons.py (do not edit by hand; rerun the script).",
            f"# Source: recasens2013/{file_name} of the lexicons that",
            "# HLTCHKUST/framing-bias-metric (commit 1586f55a9011853224ca4d0cee164c46f6137557,",
            "# data/lexicons/) redistributes, as released with Recasens et al. (2013).",
            f"# sha256 of the source file: {hashlib.sha256(data).hexdigest()}",
            f"# Original work: {citation}",
            f"# Distributed with: {RECASENS}",
            "# Licence: none stated; the authors ask to be cited. Shipped with this citation.",
        ]
        built[name] = "\n".join([*header, *listed]) + "\n"
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lexicons", type=Path, help="the shared data/lexicons folder")
    parser.add_argument("--check", action="store_true", help="fail if a built file differs")
    args = parser.parse_args(argv)
    stale = []
    for name, text in build(args.lexicons).items():
        path = OUT / f"{name}.txt"
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    if stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
