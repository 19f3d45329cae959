"""The immutable values that flow between the stages of an audit.

Every stage takes and returns these frozen dataclasses; none of them is ever mutated. Offsets
(`start`, `end`) always point into `Article.text`, the original text as it was read, so that
`article.text[start:end]` is exactly the span a finding talks about.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from operator import attrgetter
from typing import Any, TypeVar

V = TypeVar("V")


def pickled_by_fields(cls: type[V]) -> type[V]:
    """Pickle a frozen slots dataclass as the tuple of its field values (put it above
    `@dataclass`). Python 3.11's own state methods for such classes call `dataclasses.fields()`
    for every object: on a news day the answers children send back took 8.0 s to pickle and
    unpickle, 5.3 s as field tuples (`bench/answer_pickle.py`, BENCHMARKS.md `section:speed`,
    round 6)."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    if len(names) < 2:
        return cls  # attrgetter of one name gives the value, not a tuple: keep the default
    state_of = attrgetter(*names)

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return state_of(self)  # type: ignore[no-any-return]

    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    cls.__getstate__ = __getstate__  # type: ignore[attr-defined]
    cls.__setstate__ = __setstate__  # type: ignore[attr-defined]
    return cls


class ParaKind(StrEnum):
    """What a paragraph is, for analysis: only `content` paragraphs are compared between outlets."""

    CONTENT = "content"
    HEADING = "heading"
    BOILERPLATE = "boilerplate"
    DUPLICATE = "duplicate"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range `[start, end)` into an article's original text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from the input, its text exactly as decoded."""

    article_id: str
    story_id: str
    source: str
    text: str
    title: str = ""
    published: str = ""
    url: str = ""
    origin: str = ""  # where it came from ("path" or "path:line"), for messages and run.json


# Read per paragraph by `is_content`: a module name, not the slower member look-up on the class.
_CONTENT = ParaKind.CONTENT


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of an article, with its place in the original text and what it was flagged as."""

    para_id: str
    article_id: str
    index: int
    start: int
    end: int
    text: str  # always equal to article.text[start:end]
    kind: ParaKind = ParaKind.CONTENT
    reason: str = ""  # the rule that set `kind`, empty for plain content
    duplicate_of: str = ""  # para_id of the first copy, for `duplicate` paragraphs
    sentences: tuple[Span, ...] = ()

    @property
    def is_content(self) -> bool:
        return self.kind is _CONTENT


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Sentiment:
    """VADER's scores: `compound` in [-1, 1]; `pos`, `neu`, `neg` are shares summing to about 1."""

    compound: float
    pos: float
    neu: float
    neg: float


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class ParagraphMeasures:
    """Per-paragraph measures; readability is None where a paragraph is too short to score."""

    para_id: str
    n_words: int
    sentiment: Sentiment
    reading_ease: float | None
    grade_level: float | None


@dataclass(frozen=True, slots=True)
class Story:
    """The articles that cover one story, in input order."""

    story_id: str
    articles: tuple[Article, ...]


@dataclass(frozen=True, slots=True)
class InputWarning:
    """Something about the input a user should know that did not stop the audit."""

    origin: str
    message: str
