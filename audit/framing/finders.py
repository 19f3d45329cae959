"""The framing finders that read one paragraph's text with a lexicon (loaded words,
intensifiers, hedges, anonymity markers, slanted reporting verbs), and the evidence of the
attributions and quotations `attribution` and `quotes` find: each a small function that returns
`Evidence` with its span, rule and weight. `stage.frame_article` runs them over an article.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from audit.framing.attribution import Attribution
from audit.framing.evidence import Evidence, EvidenceKind
from audit.framing.lexicon import Lexicon, Match, find_matches
from audit.framing.quotes import Quote
from audit.text.normalize import Token


def _from_matches(
    matches: Sequence[Match], kind: EvidenceKind, article_id: str, para_id: str
) -> tuple[Evidence, ...]:
    if not matches:  # most paragraphs, for most lexicons
        return ()
    return tuple(
        Evidence(
            article_id,
            para_id,
            m.start,
            m.end,
            m.text,
            kind,
            f"{m.entry.lexicon}:{m.entry.phrase}",
            m.entry.weight,
        )
        for m in matches
    )


@dataclass(frozen=True, slots=True)
class Where:
    """Where a paragraph's text sits: its article offset and ids, and its words when they were
    already tokenized (every lexicon reuses them) with their norms."""

    offset: int = 0
    article_id: str = ""
    para_id: str = ""
    words: tuple[Token, ...] | None = None
    norms: frozenset[str] | None = None  # the words' `Token.norm`s, when `words` is given


def lexicon_evidence(
    kind: EvidenceKind,
    lexicon: str,
    text: str,
    lexicons: Mapping[str, Lexicon],
    where: Where = Where(),
) -> tuple[Evidence, ...]:
    """Every entry of one lexicon found in `text`, as evidence of `kind`."""
    matches = find_matches(
        text, lexicons[lexicon], offset=where.offset, words=where.words, norms=where.norms
    )
    return _from_matches(matches, kind, where.article_id, where.para_id)


def loaded_words(
    text: str, lexicons: Mapping[str, Lexicon], where: Where = Where()
) -> tuple[Evidence, ...]:
    """Loaded or subjective words ("regime", "slammed", "hailing")."""
    return lexicon_evidence(EvidenceKind.LOADED, "loaded", text, lexicons, where)


def intensifiers(
    text: str, lexicons: Mapping[str, Lexicon], where: Where = Where()
) -> tuple[Evidence, ...]:
    """Amplifying adverbs ("extremely", "massively", "clearly")."""
    return lexicon_evidence(EvidenceKind.INTENSIFIER, "intensifiers", text, lexicons, where)


def hedges(
    text: str, lexicons: Mapping[str, Lexicon], where: Where = Where()
) -> tuple[Evidence, ...]:
    """Hedges and uncertainty markers ("reportedly", "apparently", "could")."""
    return lexicon_evidence(EvidenceKind.HEDGE, "hedges", text, lexicons, where)


def anonymity_markers(
    text: str, lexicons: Mapping[str, Lexicon], where: Where = Where()
) -> tuple[Evidence, ...]:
    """Formulas that mark a source as anonymous ("spoke on condition of anonymity")."""
    kind = EvidenceKind.ANONYMOUS_ATTRIBUTION
    return lexicon_evidence(kind, "anonymity_markers", text, lexicons, where)


def slanted_verbs(
    text: str,
    lexicons: Mapping[str, Lexicon],
    where: Where = Where(),
    *,
    attributions: Sequence[Attribution] = (),
) -> tuple[Evidence, ...]:
    """Reporting verbs with a slant ("claimed", "insisted", "admitted", "conceded").

    Verbs that cast doubt (weight 1) are flagged wherever they stand; the milder ones ("noted",
    "revealed", "explained") also have non-reporting senses ("expose technology"), so they are
    flagged only when they report speech: with a found speaker, or before "that", a colon or a
    quotation."""
    verbs_with_speaker = {a.verb_start for a in attributions}
    found = find_matches(
        text, lexicons["slanted_verbs"], offset=where.offset, words=where.words, norms=where.norms
    )
    matches = [
        m
        for m in found
        if m.entry.weight >= 1.0
        or m.start in verbs_with_speaker
        or _reports(text, m.end - where.offset)
    ]
    return _from_matches(matches, EvidenceKind.SLANTED_VERB, where.article_id, where.para_id)


def _reports(text: str, end: int) -> bool:
    after = text[end : end + 8].lstrip()
    return after.startswith(("that ", ":", "\u201c", '"'))


_ATTRIBUTION_KINDS = {
    "anonymous": EvidenceKind.ANONYMOUS_ATTRIBUTION,
    "named": EvidenceKind.NAMED_ATTRIBUTION,
    "group": EvidenceKind.GROUP_ATTRIBUTION,
    "pronoun": EvidenceKind.NAMED_ATTRIBUTION,  # unresolved pronouns are dropped before this
}


def attribution_evidence(
    attributions: Sequence[Attribution], *, article_id: str, para_of: Mapping[int, str]
) -> tuple[Evidence, ...]:
    """Named, anonymous and group attributions as evidence; `para_of` maps a start offset to
    its para."""
    return tuple(
        Evidence(
            article_id,
            para_of[a.start],
            a.start,
            a.end,
            a.text,
            _ATTRIBUTION_KINDS[a.kind],
            f"attribution:{a.rule}:{a.verb}",
            0.5 if a.rule.endswith(":pronoun") else 1.0,  # resolved pronouns are a weaker link
        )
        for a in attributions
    )


def quote_evidence(quotes: Sequence[Quote]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(
            q.article_id,
            q.para_id,
            q.start,
            q.end,
            q.text,
            EvidenceKind.SCARE_QUOTE if q.scare else EvidenceKind.QUOTATION,
            f"quote:{q.rule}:{q.speaker_kind or 'unknown'}"
            + (f":{q.speaker}" if q.speaker else ""),
            # a speaker guessed from a name in the sentence, not from a reporting verb, is weaker
            0.5 if q.rule == "sentence_name" else 1.0,
        )
        for q in quotes
    )
