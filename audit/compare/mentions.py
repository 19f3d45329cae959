"""The values the fact finders produce: a fact's kind, a mention (with the rule by which it
counts, for an equivalent form) and a fact with its mentions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from audit.model import Paragraph, pickled_by_fields


class FactKind(StrEnum):
    NUMBER = "number"
    NAME = "name"
    QUOTE = "quote"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Mention:
    """One place a fact is stated: `article.text[start:end] == text`. `rule` is empty for the
    fact's own mentions and names the rule for an equivalent ("demonym", "surname",
    "quote_words")."""

    para_id: str
    article_id: str
    start: int
    end: int
    text: str
    rule: str = ""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Fact:
    """A number, name or quote, with every mention of it in the story's content paragraphs."""

    fact_id: str
    kind: FactKind
    label: str  # how it reads in the report: the fullest form seen
    key: str  # what mentions were matched on
    mentions: tuple[Mention, ...]
    equivalents: tuple[Mention, ...] = ()  # other forms that count as reporting it

    def articles(self) -> tuple[str, ...]:
        """The articles that report the fact, in any form, in order of first mention."""
        return tuple(dict.fromkeys(m.article_id for m in (*self.mentions, *self.equivalents)))


def mention_at(para: Paragraph, start: int, end: int, *, rule: str = "") -> Mention:
    return Mention(
        para.para_id,
        para.article_id,
        para.start + start,
        para.start + end,
        para.text[start:end],
        rule,
    )
