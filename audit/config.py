"""Every threshold the audit uses, in one place, each with the reason for its value.

`AuditConfig` is a tree of frozen dataclasses, one section per stage. A user overrides values from a
TOML file whose tables mirror the sections (`[clean]`, `[align]`, ...); an unknown table or key, or
a value of the wrong type, is an error rather than something silently ignored.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, get_type_hints

from audit.errors import AuditInputError


@dataclass(frozen=True, slots=True)
class SegmentConfig:
    # The seeds' subheadings have 2-6 words and 001's headline 14; body paragraphs of one short
    # sentence still end with punctuation, so length only guards against long unpunctuated lines.
    heading_max_words: int = 16
    # A paragraph separator for inputs that join paragraphs with a marker rather than newlines
    # (the wire scrapes use " ### "); None means paragraphs are separated by line breaks.
    paragraph_separator: str | None = None


@dataclass(frozen=True, slots=True)
class CleanConfig:
    # Repeats shorter than this are too common to mean a copy ("Advertisement" is boilerplate,
    # caught by its own rule); the seeds' repeated subheadings have 4-5 words.
    min_repeat_words: int = 3
    # rapidfuzz ratio (0..1) over normalised text above which a later paragraph is a copy of an
    # earlier one in the same article: re-scraped copies differ at most by whitespace and
    # punctuation, while distinct paragraphs of one article score below 0.6 on the seeds.
    repeat_similarity: float = 0.92
    # Lines under a "You may also like" marker are treated as related links while they stay
    # headline-sized; the seeds' related headlines have 5-14 words, body paragraphs 20+.
    related_link_max_words: int = 20


@dataclass(frozen=True, slots=True)
class MeasureConfig:
    # Readability formulas are meaningless for a few words (Flesch needs sentences); below this
    # many words a paragraph gets no readability score rather than a misleading one.
    min_words_for_readability: int = 8


@dataclass(frozen=True, slots=True)
class AuditConfig:
    segment: SegmentConfig = field(default_factory=SegmentConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    measure: MeasureConfig = field(default_factory=MeasureConfig)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def load_config(path: Path | None) -> AuditConfig:
    """The default config, overridden by the TOML file at `path` when one is given."""
    if path is None:
        return AuditConfig()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AuditInputError(str(path), "config file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditInputError(str(path), f"cannot read config file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise AuditInputError(str(path), f"not valid TOML: {exc}") from None
    return _build(AuditConfig, raw, origin=str(path), prefix="")


def _build(cls: type, raw: dict[str, Any], *, origin: str, prefix: str) -> Any:
    hints = get_type_hints(cls)
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise AuditInputError(origin, f"unknown config key {prefix}{unknown[0]}")
    values: dict[str, Any] = {}
    for name, value in raw.items():
        hint = hints[name]
        if dataclasses.is_dataclass(hint):
            if not isinstance(value, dict):
                raise AuditInputError(origin, f"config key {prefix}{name} must be a table")
            values[name] = _build(hint, value, origin=origin, prefix=f"{prefix}{name}.")
        else:
            values[name] = _checked(value, hint, origin=origin, key=f"{prefix}{name}")
    return cls(**values)


def _checked(value: Any, hint: Any, *, origin: str, key: str) -> Any:
    allowed = getattr(hint, "__args__", None) or (hint,)
    if isinstance(value, bool) and bool not in allowed:
        raise AuditInputError(origin, f"config key {key} must be {_describe(allowed)}")
    if isinstance(value, int) and float in allowed and int not in allowed:
        return float(value)
    if isinstance(value, list) and tuple in {getattr(a, "__origin__", a) for a in allowed}:
        return tuple(value)
    if not isinstance(value, tuple(getattr(a, "__origin__", a) for a in allowed)):
        raise AuditInputError(origin, f"config key {key} must be {_describe(allowed)}")
    return value


def _describe(allowed: tuple[Any, ...]) -> str:
    names = [getattr(a, "__name__", str(a)) for a in allowed if a is not type(None)]
    return " or ".join(names)
