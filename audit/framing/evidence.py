"""The framing flag: one span of an article's text, what kind of signal it is and why it fired."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from audit.model import pickled_by_fields


class EvidenceKind(StrEnum):
    LOADED = "loaded"  # loaded or subjective word
    INTENSIFIER = "intensifier"
    HEDGE = "hedge"  # hedge or uncertainty marker
    SLANTED_VERB = "slanted_verb"  # reporting verb with a slant ("claimed" against "said")
    ANONYMOUS_ATTRIBUTION = "anonymous_attribution"
    NAMED_ATTRIBUTION = "named_attribution"
    GROUP_ATTRIBUTION = "group_attribution"  # a generic group speaks: "Forecasters said"
    QUOTATION = "quotation"
    SCARE_QUOTE = "scare_quote"
    NAMING_VARIANT = "naming_variant"
    # a word whose bias score (audit/framing/bias.py) reaches the config's threshold
    BIAS_WORD = "bias_word"


# The kinds found by matching a lexicon, with the lexicon that finds each.
LEXICON_KINDS = {
    EvidenceKind.LOADED: "loaded",
    EvidenceKind.INTENSIFIER: "intensifiers",
    EvidenceKind.HEDGE: "hedges",
    EvidenceKind.SLANTED_VERB: "slanted_verbs",
}


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Evidence:
    """A flagged span: `article.text[start:end] == text`. `rule` names what fired (a lexicon
    entry, a pattern, a variant group) and `weight` its strength in [0, 1]; `quoted` marks a
    bias word inside a quotation (the speaker's word, not the outlet's)."""

    article_id: str
    para_id: str
    start: int
    end: int
    text: str
    kind: EvidenceKind
    rule: str
    weight: float = 1.0
    quoted: bool = False
