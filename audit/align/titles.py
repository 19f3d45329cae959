"""Headlines aligned as headlines: each article's own title against the other articles' titles
and against their ledes (first content sentences), decided by the calibrated same-claim
probability with the headline indicator on (`AlignConfig.title_probability_threshold`).

A headline is short and worded unlike body text, so the lexical paragraph aligner (which only
reads content paragraphs) never links it: on the blind sentence pairs the tool's links found 18%
of the same-claim title pairs. Only an article's own title is a claim here: the loader's
`title` where the text holds it, else the first heading that opens the article (before any
content paragraph, with at least `title_min_words` words). Section labels, sidebar and
related-story headlines further down are never titles.

Title links are reported with the content links (`Link.kind` "title" for headline against
headline, "title-lede" for a headline, on side a, against a lede sentence) but do not join
story units: units, omissions and facts are about content paragraphs, and a headline is a
summary of its own article's lede, not a paragraph of the story.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from audit.align.embedding import embed
from audit.align.paragraphs import Link, explain_forms, ranked_forms
from audit.align.probability import carried_by, conflicts_found, feature_matrix, probabilities
from audit.align.ranking import strongest_per_paragraph
from audit.align.scorer import pair_signals, passage_set, term_weights
from audit.config import AlignConfig
from audit.model import Paragraph, ParaKind, Span
from audit.text.normalize import Token, tokens

TITLE = "title"
TITLE_LEDE = "title-lede"
_OWN = "own"  # a title against its own article's lede (which sentence carries the headline)
_BYLINE = re.compile(r"by\s", re.IGNORECASE)  # "by Capitalist Exploits - Jul 15, 2018 2:39 pm"


@dataclass(frozen=True, slots=True)
class Headed:
    """A title or a lede sentence: where it is (offsets into its article) and its paragraph."""

    para: Paragraph
    span: Span

    @property
    def text(self) -> str:
        start = self.span.start - self.para.start
        return self.para.text[start : start + self.span.end - self.span.start]


def article_title(
    paragraphs: Sequence[Paragraph], title: str, config: AlignConfig
) -> Headed | None:
    """The article's own title among its paragraphs (in order): where the text holds `title`
    (the loader's, whitespace and case aside) at the start of one of its opening paragraphs,
    else the first heading of `title_min_words`+ words (not a byline) before any content
    paragraph."""
    opening = [p for p in paragraphs if p.kind is not ParaKind.BOILERPLATE]
    if title.split():
        pattern = _title_pattern(title)
        for para in opening[: config.title_search_paragraphs]:
            if found := pattern.match(para.text):
                return Headed(para, Span(para.start, para.start + found.end()))
    for para in opening[: config.title_search_paragraphs]:
        if para.is_content:
            return None
        if (
            para.kind is ParaKind.HEADING
            and _words(para.text) >= config.title_min_words
            and not _BYLINE.match(para.text)
        ):
            return Headed(para, Span(para.start, para.end))
    return None


def _title_pattern(title: str) -> re.Pattern[str]:
    """The loader's title as the text may write it: its words in order, any whitespace between
    them (at least some: "Harbour Bridge" is not "HarbourBridge"), case aside, and ending where
    a word does (not "Harbour Bridge" in "Harbour Bridges"): a span that starts and ends on
    word boundaries."""
    words = r"\s+".join(re.escape(w) for w in title.split())
    return re.compile(rf"{words}(?:(?<!\w)|(?!\w))", re.IGNORECASE)


def _lowercase_words(
    paragraphs: Sequence[Paragraph], words: Mapping[str, Sequence[Token]] | None
) -> frozenset[str]:
    """The words the story's content paragraphs write in lower case."""
    seen: set[str] = set()
    for para in paragraphs:
        if para.is_content:
            found = words.get(para.para_id) if words is not None else None
            found = tokens(para.text, para.start) if found is None else found
            seen.update(t.text for t in found if t.text[:1].islower())
    return frozenset(seen)


def _sentence_case(text: str, common: frozenset[str], config: AlignConfig) -> str:
    """A Title Case headline ("Spotify Reverses 'Hateful Conduct' Policy") with the words the
    story writes in lower case lowered ("Spotify reverses 'hateful conduct' policy"), offsets
    unchanged, so that its words are not taken for names; other headlines as they are."""
    letters = config.title_case_min_letters
    words = tokens(text)
    found = [t for t in words if t.text[:1].isalpha() and len(t.text) >= letters]
    if not found or sum(t.text[0].isupper() for t in found) < config.title_case_share * len(found):
        return text
    pieces, cursor = [], 0
    for token in words:
        lower = token.text.lower()
        if token.text[:1].isupper() and lower in common and len(lower) == len(token.text):
            pieces.extend((text[cursor : token.start], lower))
            cursor = token.end
    return "".join(pieces) + text[cursor:]


def _words(text: str) -> int:
    """Words with a letter: a time stamp ("06/01/2018 02:57 pm ET") or a phone line is no title."""
    return sum(any(c.isalpha() for c in word) for word in text.split())


def lede(
    paragraphs: Sequence[Paragraph], title: Headed | None, config: AlignConfig
) -> list[Headed]:
    """The article's first `title_lede_sentences` content sentences (not the title's own)."""
    found: list[Headed] = []
    for para in paragraphs:
        if not para.is_content:
            continue
        for sentence in para.sentences:
            if title is not None and sentence.start < title.span.end <= sentence.end:
                continue  # the sentence the title opens (a title run into the lede)
            found.append(Headed(para, sentence))
            if len(found) == config.title_lede_sentences:
                return found
    return found


def title_links(
    paragraphs: Sequence[Paragraph],
    titles: Mapping[str, str],
    config: AlignConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> tuple[Link, ...]:
    """The headline links of a story (`titles`: article_id -> the loader's title, may be
    empty; `words`: content paragraphs' tokens by para_id, if made), numbered T00001 on.

    Each title is scored against the other articles' titles and lede sentences (the
    `max_candidates_per_passage` nearest by the embedding); of a lede, only the sentence that
    best carries its own article's headline (when it has one) can be matched, and only the best
    of them per title. A pair is linked at `title_probability_threshold`; at most
    `max_links_per_paragraph` per paragraph."""
    by_article: dict[str, list[Paragraph]] = {}
    for para in paragraphs:
        by_article.setdefault(para.article_id, []).append(para)
    articles = list(by_article)
    heads = {a: article_title(by_article[a], titles.get(a, ""), config) for a in articles}
    items: list[Headed] = [h for h in heads.values() if h is not None]
    n_titles = len(items)
    for a in articles:
        items.extend(lede(by_article[a], heads[a], config))
    if not n_titles:
        return ()
    index = {a: i for i, a in enumerate(articles)}
    article = np.array([index[item.para.article_id] for item in items], dtype=np.int64)
    texts = [item.text for item in items]
    embedded = embed(texts)
    pairs = _pairs(article, n_titles, embedded, config.max_candidates_per_passage)
    if not pairs:
        return ()
    rows = np.array([p[0] for p in pairs], dtype=np.int64)
    cols = np.array([p[1] for p in pairs], dtype=np.int64)
    common = _lowercase_words(paragraphs, words)
    vectors = passage_set(
        [_sentence_case(t, common, config) if k < n_titles else t for k, t in enumerate(texts)],
        config,
    )
    signals = pair_signals(vectors, rows, cols, config)
    semantic = np.clip(np.einsum("ij,ij->i", embedded[rows], embedded[cols]), 0.0, 1.0)
    features = feature_matrix(signals, semantic, np.ones(rows.size, dtype=bool))
    probability = probabilities(features, config)
    chosen = _chosen(pairs, probability, config)
    if chosen.size == 0:
        return ()
    code = {p.para_id: n for n, p in enumerate(paragraphs)}
    ends = np.array([[code[items[r].para.para_id], code[items[c].para.para_id]]
                     for r, c in zip(rows.tolist(), cols.tolist(), strict=True)])  # fmt: skip
    kept = strongest_per_paragraph(
        ends[:, 0], ends[:, 1], probability, chosen, config.max_links_per_paragraph
    )
    weights = term_weights(vectors, config)
    forms = [ranked_forms(terms, weights) for terms in vectors.terms]
    order = sorted(kept.tolist(), key=lambda k: (ends[k, 0], rows[k], cols[k]))
    links = []
    for number, k in enumerate(order, start=1):
        a, b = items[rows[k]], items[cols[k]]
        shared, only_a, only_b = explain_forms(
            forms[rows[k]], forms[cols[k]], weights, config.explain_terms
        )
        links.append(
            Link(
                link_id=f"T{number:05d}",
                para_a=a.para.para_id,
                para_b=b.para.para_id,
                article_a=a.para.article_id,
                article_b=b.para.article_id,
                score=round(float(signals.score[k]), 6),
                evidence_a=a.span,
                evidence_b=b.span,
                shared=shared,
                only_a=only_a,
                only_b=only_b,
                probability=round(float(probability[k]), 6),
                claim_a=a.span,
                claim_b=b.span,
                signals=carried_by(features[k], config),
                conflicts=conflicts_found(features[k]),
                kind=pairs[k][2],
            )
        )
    return tuple(links)


# (title item, other item, kind, index of the other's article)
_Pair = tuple[int, int, str, int]


def _cosines(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """first @ second.T, the same whatever the number of BLAS threads: a float32 product's last
    bits depend on how BLAS splits it into tiles, and syndicated titles, whose cosines tie,
    would trade places among the nearest. In float64 the products of float32 values are exact
    and the sums err by ~1e-14, which rounding to float32 removes (unless a value lies that
    close to a float32 boundary)."""
    return (first.astype(np.float64) @ second.astype(np.float64).T).astype(np.float32)


def _pairs(article: np.ndarray, n_titles: int, embedded: np.ndarray, limit: int) -> list[_Pair]:
    """Each title (items[:n_titles]) against its own lede (kind "own": which sentence carries
    the headline) and against the `limit` other articles' titles and lede sentences nearest
    it by the embedding cosine (a 612-outlet news day would otherwise pair every title with
    2,400 sentences: 6.8 s and 2.3 GB); a title pair counts once, when either title has the
    other among its nearest, with the earlier article's title on side a."""
    other = article[:n_titles, None] != article[None, :]
    near = other.copy()
    if 0 < limit < near.shape[1]:
        cosine = np.where(other, _cosines(embedded[:n_titles], embedded), -np.inf)
        top = np.argsort(-cosine, axis=1, kind="stable")[:, :limit]
        near = np.zeros_like(other)
        np.put_along_axis(near, top, True, axis=1)
        near &= other
    headlines = near[:, :n_titles] | near[:, :n_titles].T
    near[:, :n_titles] = headlines & (article[:n_titles, None] < article[None, :n_titles])
    own = ~other
    own[:, :n_titles] = False
    pairs: list[_Pair] = []
    for title, item in np.argwhere(near | own).tolist():
        kind = TITLE if item < n_titles else _OWN if own[title, item] else TITLE_LEDE
        pairs.append((title, item, kind, int(article[item])))
    return pairs


def _chosen(pairs: Sequence[_Pair], probability: np.ndarray, config: AlignConfig) -> np.ndarray:
    """The pairs to link, in order: at the threshold, the best lede sentence per title and
    article, and of an article with a headline only the sentence that best carries it (a
    lede's other sentences are about something else: "R. Kelly remains off Spotify playlists"
    under "Spotify on R. Kelly ban: 'We rolled this out wrong'")."""
    carrier: dict[int, int] = {}  # article -> its lede sentence of highest "own" probability
    for k, (_, _, kind, article) in enumerate(pairs):
        if kind == _OWN and (
            article not in carrier or probability[k] > probability[carrier[article]]
        ):
            carrier[article] = k
    best: dict[tuple[int, str, int], int] = {}
    for k, (title, other, kind, article) in enumerate(pairs):
        if kind == _OWN or probability[k] < config.title_probability_threshold:
            continue
        if kind == TITLE_LEDE and article in carrier and pairs[carrier[article]][1] != other:
            continue
        key = (title, kind, article)
        if key not in best or probability[k] > probability[best[key]]:
            best[key] = k
    return np.array(sorted(best.values()), dtype=np.int64)
