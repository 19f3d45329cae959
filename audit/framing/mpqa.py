"""The MPQA subjectivity clues (Wilson, Wiebe and Hoffmann 2005), read from a path the user gives.

The clues are distributed under the GNU GPL, so this MIT package does not ship them: a user who
has the file (`subjclueslen1-HLTEMNLP05.tff`) names it in the config (`[framing] mpqa_path`).
Each line reads `type=strongsubj len=1 word1=abuse pos1=verb stemmed1=y priorpolarity=negative`;
a clue with `stemmed1=y` also matches the word's inflections. Two lexicons come out,
`mpqa_strongsubj` and `mpqa_weaksubj` (a word listed as both is strong).
"""

from __future__ import annotations

from pathlib import Path

from audit.errors import AuditInputError
from audit.framing.lexicon import Entry, Lexicon, inflections
from audit.text.normalize import norm_word

STRONG, WEAK = "mpqa_strongsubj", "mpqa_weaksubj"


def parse_mpqa(text: str, *, origin: str) -> tuple[Lexicon, Lexicon]:
    """The strong and weak subjectivity clues of the file's text; AuditInputError naming the line
    of a malformed clue."""
    strength: dict[str, str] = {}
    stemmed: dict[str, bool] = {}
    for line_no, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        fields = dict(part.partition("=")[::2] for part in raw.split())
        word, kind = fields.get("word1", ""), fields.get("type", "")
        if not word or kind not in ("strongsubj", "weaksubj"):
            raise AuditInputError(origin, f"not an MPQA clue: {raw.strip()!r}", line=line_no)
        key = norm_word(word)
        if strength.get(key) != STRONG:
            strength[key] = STRONG if kind == "strongsubj" else WEAK
        stemmed[key] = stemmed.get(key, False) or fields.get("stemmed1") == "y"
    entries = {STRONG: [], WEAK: []}  # type: dict[str, list[Entry]]
    for key in sorted(strength):
        forms = inflections(key) if stemmed[key] else frozenset({key})
        entries[strength[key]].append(Entry(strength[key], key, (forms,)))
    return Lexicon(STRONG, tuple(entries[STRONG])), Lexicon(WEAK, tuple(entries[WEAK]))


def load_mpqa(path: Path) -> tuple[Lexicon, Lexicon]:
    """The clues in the file at `path` (the config's `framing.mpqa_path`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AuditInputError(str(path), "MPQA subjectivity clues not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditInputError(str(path), f"cannot read MPQA subjectivity clues: {exc}") from None
    return parse_mpqa(text, origin=str(path))
