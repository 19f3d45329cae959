"""People one source names and another only describes by their role.

"Natalia Veselnitskaya, a Russian lawyer" in one outlet is "the Russian lawyer" in another: the
second has no mention of the name, but it does not leave the person out. A name fact *holds* a
role when a source writes a role noun of `aliases.toml` `[roles]` as its title ("Russian
Ambassador Sergey Kislyak", the noun right before the name) or in an appositive after it
("Kim Darroch, the British ambassador to Washington": a comma, an article, at most two more
words, the noun). A source *describes* the fact by role when it writes a singular role noun of
the same class after an article ("the judge in New York", "a transition official for Trump",
"the company's top liaison to artists"), not followed by a name (then it is someone's title),
and the fact is the only name fact of the story that holds that class (as the `role` support
of `facts`: with two judges in a story, "the judge" names neither).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from audit.compare.entities import ROLE_CLASSES, demonym_country
from audit.compare.mentions import Fact, FactKind
from audit.model import Paragraph
from audit.text.normalize import Token, tokens

# The articles before a role noun that stands for one person ("the judge", "a Russian lawyer").
ROLE_LEAD = frozenset({"the", "a", "an"})


@dataclass(frozen=True, slots=True)
class RolePhrase:
    """A role noun phrase of a paragraph: `role` its class, offsets into the article."""

    para_id: str
    start: int
    end: int
    role: str


class ParagraphWords:
    """The words of a story's paragraphs, tokenised when first asked for; `made` are words
    already made (para_id -> `tokens(p.text, p.start)`, as `align.stage.content_words`)."""

    def __init__(
        self,
        paragraphs: Sequence[Paragraph],
        made: Mapping[str, Sequence[Token]] | None = None,
    ) -> None:
        self._paragraphs = {p.para_id: p for p in paragraphs}
        self._words: dict[str, tuple[Token, ...]] = {
            para_id: tuple(words) for para_id, words in (made or {}).items()
        }
        self._places: dict[str, tuple[list[int], list[int]]] = {}

    def paragraph(self, para_id: str) -> Paragraph:
        return self._paragraphs[para_id]

    def words(self, para_id: str) -> tuple[Token, ...]:
        if para_id not in self._words:
            para = self._paragraphs[para_id]
            self._words[para_id] = tokens(para.text, para.start)
        return self._words[para_id]

    def places(self, para_id: str) -> tuple[list[int], list[int]]:
        """The starts and the ends of the paragraph's words (each increasing: words are
        matched in text order and do not overlap), for binary search."""
        if para_id not in self._places:
            run = self.words(para_id)
            self._places[para_id] = ([w.start for w in run], [w.end for w in run])
        return self._places[para_id]


def _index_of(ordered: list[int], value: int) -> int | None:
    """Where `value` stands in the increasing list `ordered`, if it does."""
    at = bisect_left(ordered, value)
    return at if at < len(ordered) and ordered[at] == value else None


def _gap(para: Paragraph, left: Token, right: Token) -> str:
    return para.text[left.end - para.start : right.start - para.start]


def held_roles(fact: Fact, words: ParagraphWords, appositive_words: int) -> frozenset[str]:
    """The role classes a name fact is written with, as a title or in an appositive (of at
    most `appositive_words` words before the noun, `AlignConfig.role_appositive_words`)."""
    if fact.kind != FactKind.NAME:
        return frozenset()
    held = set()
    for mention in fact.mentions:
        para, run = words.paragraph(mention.para_id), words.words(mention.para_id)
        # by binary search: a scan of the words per mention was quadratic in a long paragraph
        starts, ends = words.places(mention.para_id)
        first, last = _index_of(starts, mention.start), _index_of(ends, mention.end)
        if first is None or last is None:
            continue
        titled = first > 0 and run[first - 1].norm in ROLE_CLASSES
        if titled and not _gap(para, run[first - 1], run[first]).strip():
            held.update(_classes(run, first - 1))
        after = run[last + 1 : last + 2 + appositive_words]
        if not after or after[0].norm not in ROLE_LEAD:
            continue
        if _gap(para, run[last], after[0]).strip() != ",":
            continue
        for at, (left, word) in enumerate(pairwise(after), start=last + 2):
            if _gap(para, left, word).strip():
                break
            if word.norm in ROLE_CLASSES:
                held.update(_classes(run, at))  # `word` is run[at]
                break
    return frozenset(held)


def _classes(run: Sequence[Token], at: int) -> list[str]:
    """The role class of the noun at `at`, and, after a demonym, the class qualified by its
    country ("russia:lawyer" for "Russian lawyer": the Russian lawyer of a story with two
    lawyers)."""
    role = ROLE_CLASSES[run[at].norm]
    country = demonym_country(run[at - 1].text) if at > 0 else None
    return [role, f"{country}:{role}"] if country else [role]


def role_phrases(para: Paragraph, run: Sequence[Token], appositive_words: int) -> list[RolePhrase]:
    """The role noun phrases of one paragraph that describe someone without naming them (an
    article at most `appositive_words` words before the role noun)."""
    found = []
    for i, word in enumerate(run):
        if word.norm not in ROLE_CLASSES:
            continue
        after = run[i + 1] if i + 1 < len(run) else None
        if after and after.text[:1].isupper() and not _gap(para, word, after).strip():
            continue  # a title: "Judge Jesse Furman" names someone
        for j in range(i - 1, max(-1, i - 1 - appositive_words), -1):
            if _gap(para, run[j], run[j + 1]).strip():
                break
            if run[j].norm in ROLE_LEAD:
                found.extend(RolePhrase(para.para_id, run[j].start, word.end, role)
                             for role in _classes(run, i))  # fmt: skip
                break
    return found


def unique_holders(
    facts: Iterable[Fact], words: ParagraphWords, appositive_words: int
) -> Mapping[str, str]:
    """role class -> the fact_id of the one name fact of the story that holds it (classes held
    by several facts, or none, are left out)."""
    holders: dict[str, set[str]] = {}
    for fact in facts:
        for role in held_roles(fact, words, appositive_words):
            holders.setdefault(role, set()).add(fact.fact_id)
    return {role: next(iter(ids)) for role, ids in holders.items() if len(ids) == 1}
