"""A name one source writes as its initialism and another in full, where the story has only
one of the two forms (so `entities.resolve` cannot pair them): "AP" in one outlet, "the
Associated Press" in the other.

A name fact is written in initials by a source when the source has an all-capital word of 2-6
letters (dots dropped: "A.P.") equal to the initials of the fact's key ("associated press" ->
"ap"); an initialism fact ("AP": one all-capital word) is written in full when the source has a
run of two or more capitalised words whose initials it is ("Associated Press"). Only for
sources with no mention of the fact in any form (`left_out`), so it never joins two facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from audit.compare.entities import JOINERS as _NAME_JOINERS
from audit.compare.entities import initials
from audit.compare.mentions import Fact, FactKind
from audit.model import Paragraph
from audit.text.normalize import Token

# Small words inside an initialism's expansion ("Department of Justice"): the names' joiners but
# the Dutch and German particles, which start a surname, not a joined word of an organisation
# (the list this module had before the joiners were shared; keeps its initialisms as they were).
JOINERS = _NAME_JOINERS - {"van", "von"}


def _letters(word: Token) -> str | None:
    """The letters of an all-capital word of 2-6 letters ("AP", "A.P."), lower-cased."""
    bare = word.text.replace(".", "")
    if 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper():
        return bare.lower()
    return None


@dataclass(frozen=True, slots=True)
class Written:
    """Where a source writes some initials: as an initialism ("AP", `kind` "initialism") or
    spelled out ("Associated Press", `kind` "expansion"); offsets into the article."""

    para_id: str
    start: int
    end: int
    kind: str


def written_initials(para: Paragraph, run: Sequence[Token]) -> dict[tuple[str, str], Written]:
    """(kind, letters) -> the first place `para` writes them, for both kinds."""
    found: dict[tuple[str, str], Written] = {}
    for i, word in enumerate(run):
        letters = _letters(word)
        if letters:
            found.setdefault(("initialism", letters), Written(para.para_id, word.start,
                                                              word.end, "initialism"))  # fmt: skip
        if not word.text[:1].isupper() or word.norm in JOINERS:
            continue
        spelled = [word.norm]
        for j in range(i + 1, min(len(run), i + 8)):
            gap = para.text[run[j - 1].end - para.start : run[j].start - para.start]
            if gap.strip() or not (run[j].text[:1].isupper() or run[j].norm in JOINERS):
                break
            spelled.append(run[j].norm)
            if run[j].norm not in JOINERS:
                place = Written(para.para_id, word.start, run[j].end, "expansion")
                for letters in initials(spelled):
                    found.setdefault(("expansion", letters), place)
    return found


def written_as(fact: Fact, written: dict[tuple[str, str], Written]) -> Written | None:
    """Where a source writes `fact` in the other form (see the module docstring)."""
    if fact.kind != FactKind.NAME:
        return None
    words = fact.key.split()
    if len(words) == 1:
        initialism = any(_letters(Token(m.text, "", 0, 0)) for m in fact.mentions)
        return written.get(("expansion", fact.key)) if initialism else None
    return next((written[("initialism", letters)] for letters in sorted(initials(words))
                 if ("initialism", letters) in written), None)  # fmt: skip
