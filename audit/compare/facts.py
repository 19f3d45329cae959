"""Checkable facts in a story's paragraphs, and which sources report each one.

Three kinds, found with rules (no model):
- numbers with what they count (`numbers`: "up to 30,000 European peacekeepers", "40%",
  "$150 billion"), keyed by value and counted noun;
- names of people, organisations and places: runs of capitalised words, cut at titles
  ("French President Emmanuel Macron" gives "Emmanuel Macron"), resolved across outlets by
  `entities` ("Putin" = "Vladimir Putin", "U.S." = "United States", "IAEA" = "International
  Atomic Energy Agency") and joined across spellings with rapidfuzz ("Zelensky"/"Zelenskyy");
- quoted statements of three words or more, joined when rapidfuzz finds one inside the other.

A fact is reported by a source when the source mentions it in any equivalent form: besides its
own mentions, a fact has *equivalents*, each with the rule that makes it count: a demonym naming
its state ("Russian President ..." for Russia), a surname alone that could be several people
("Trump" when a story has Donald and Ivanka Trump), the words of a quote written without quote
marks. An equivalent never makes a fact on its own. Words that the story also writes in lower
case ("Job" / "job") and numbers inside words ("COVID-19") are no facts.

Every mention keeps its paragraph and offsets into the original article text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence

from audit.align.terms import SPELLING_ALIASES, STOPWORDS, spelling_variants
from audit.compare.entities import JOINERS, demonym_country, name_key, resolve
from audit.compare.mentions import Fact, FactKind, Mention, mention_at
from audit.compare.numbers import number_spans
from audit.compare.quotes import quote_keys, quote_mentions, with_quote_words
from audit.compare.roles import ROLE_LEAD
from audit.config import AlignConfig
from audit.model import Paragraph
from audit.text.normalize import Token, norm_word, tokens
from audit.text.wordlists import MONTH_WORDS, WEEKDAYS

# Words that stand before names but are not part of them: titles and roles.
_TITLES = frozenset(
    """president prime minister chancellor secretary general vice chief adviser advisor
    spokesperson spokeswoman spokesman envoy director official officials leader leaders
    lieutenant commander ambassador senator governor king queen pope mr mrs ms dr sir dame lord
    president-elect mayor judge rep sen gov attorney press correspondent counsel minister
    foreign defense defence interior deputy former acting chairman chairwoman chair speaker
    rep. sen. gen. col. sgt. lt. capt.""".split()
)
# Not "may": "Theresa May", and the verb opening a sentence is no name either way.
_DATES = (WEEKDAYS | MONTH_WORDS) - {"may"}
_NOT_NAME_WORDS = _TITLES | STOPWORDS | _DATES
_SENTENCE_GAP = re.compile(r"[.!?:\u201c\"]")
# Not "and" ("Britain and France" are two names; joined only for an initialism the story
# writes, below) nor "in", which goes from a name to a place ("Trump in Paris").
_NAME_JOINERS = JOINERS - {"and", "in"}
# Title words that also end organisations' names ("the Associated Press", "Detroit Free
# Press"): part of the run before them when no capitalised word follows ("Press Secretary
# Sarah Sanders" still cuts at the title).
_NAME_ENDING_TITLES = frozenset({"press"})

KeyOf = Callable[["Mention"], str]


def extract_facts(
    paragraphs: Sequence[Paragraph],
    config: AlignConfig,
    *,
    words: Mapping[str, Sequence[Token]] | None = None,
) -> tuple[Fact, ...]:
    """Every number, name and quote of the content paragraphs, grouped into facts; ids follow
    kind (numbers, names, quotes), then the first mention's place in the input. `words`: the
    content paragraphs' tokens (`textnorm.tokens` with their offsets) by para_id, if made."""
    content = [p for p in paragraphs if p.is_content]
    words = words if words is not None else {p.para_id: tokens(p.text, p.start) for p in content}
    name_keys = frozenset(
        key for p in content for key in _mid_sentence_capitals(p, words[p.para_id])
    )
    lower = frozenset(t.norm for p in content for t in words[p.para_id] if t.text.islower())
    numbers = [(m, key) for p in content for m, key in number_mentions(p, config)]
    initialisms = frozenset(
        t.norm.replace(".", "")
        for p in content
        for t in words[p.para_id]
        if 2 <= len(t.text.replace(".", "")) <= 6 and t.text.replace(".", "").isupper()
    )
    names = [
        m
        for p in content
        for m in name_mentions(p, name_keys, words[p.para_id], initialisms=initialisms)
    ]
    names += [m for p in content for m in role_mentions(p, words[p.para_id])]
    quotes = [m for p in content for m in quote_mentions(p, config.quote_min_words)]
    number_facts = _grouped(FactKind.NUMBER, [m for m, _ in numbers], dict(numbers).__getitem__)
    name_facts = _name_facts(names, lower, config)
    quote_facts = with_quote_words(
        _grouped(FactKind.QUOTE, quotes, quote_keys(quotes, config)),
        content,
        words,
        config.quote_min_words,
    )
    facts = [*number_facts, *name_facts, *quote_facts]
    return tuple(
        Fact(f"F{number:04d}", fact.kind, fact.label, fact.key, fact.mentions, fact.equivalents)
        for number, fact in enumerate(facts, start=1)
    )


def number_mentions(para: Paragraph, config: AlignConfig) -> list[tuple[Mention, str]]:
    """Numbers with what they count, each with its key ("30000 troop")."""
    return [(mention_at(para, s.start, s.end), s.key) for s in number_spans(para.text, config)]


def _mid_sentence_capitals(para: Paragraph, words: Sequence[Token]) -> Iterator[str]:
    """Keys of capitalised words not at a sentence start: names, wherever else they appear."""
    for i, word in enumerate(words):
        if (
            word.text[:1].isupper()
            and word.norm not in _NOT_NAME_WORDS
            and not _initial(para, words, i)
        ):
            yield word.norm


def _initial(para: Paragraph, words: Sequence[Token], i: int) -> bool:
    return i == 0 or bool(_SENTENCE_GAP.search(_gap(para, words[i - 1], words[i])))


def name_mentions(
    para: Paragraph,
    name_keys: frozenset[str],
    words: Sequence[Token] | None = None,
    *,
    initialisms: frozenset[str] = frozenset(),
) -> list[Mention]:
    """Runs of capitalised words, cut at titles; sentence-initial words not known as names
    elsewhere are left out; a demonym alone ("French") comes back with rule "demonym".
    `words` are the paragraph's tokens, when already computed."""
    words = tokens(para.text, para.start) if words is None else words
    found, run = [], []
    for i, word in enumerate(words):
        key = word.norm
        capital = word.text[:1].isupper()
        initial = _initial(para, words, i)
        joiner = (
            (key in _NAME_JOINERS or (key == "and" and initialisms))
            and run
            and (key != "the" or norm_word(run[-1].text) == "of")  # "Bank of the West"
            and i + 1 < len(words)
            and (words[i + 1].text[:1].isupper())
        )
        known = key in name_keys or key.replace(".", "") in name_keys
        is_name = capital and key not in _NOT_NAME_WORDS and (not initial or known)
        if capital and run and key in _NAME_ENDING_TITLES and _continues(para, run[-1], word):
            after = words[i + 1] if i + 1 < len(words) else None
            is_name = not (after and after.text[:1].isupper() and _continues(para, word, after))
        if run and not _continues(para, run[-1], word):
            found.extend(_name_run(para, run, initialisms))  # "U.K., France": a list
            run = []
        if is_name or (joiner and run):
            run.append(word)
            continue
        found.extend(_name_run(para, run, initialisms))
        run = []
    found.extend(_name_run(para, run, initialisms))
    return found


# Roles that name one person or office of a story when written with "the": "the Queen", "the
# judge", "the Russian ambassador". Only words that stand before a name as its title. Not
# aliases.toml [roles] (`audit.compare.roles`): those are the nouns a source describes a named
# person by ("a Russian lawyer", "a transition official"), most of them no title; six are in
# both; one list for both would change which words count as roles for one of them.
_ROLES = frozenset(
    """president chancellor secretary ambassador envoy judge queen king pope governor mayor
    senator spokesman spokeswoman spokesperson minister chairman chairwoman speaker prince
    princess""".split()
)


def role_mentions(para: Paragraph, words: Sequence[Token]) -> list[Mention]:
    """Where a title stands for a person: before a name ("Judge Jesse Furman": rule
    "title:judge", the name right after it) or alone after an article ("the judge in New York",
    "the Russian ambassador": rule "role:judge"). `_name_facts` turns the second kind into
    support for the one fact of the story that carries that title."""
    found = []
    for i, word in enumerate(words):
        if word.norm not in _ROLES:
            continue
        after = words[i + 1] if i + 1 < len(words) else None
        if after and after.text[:1].isupper() and after.norm not in _NOT_NAME_WORDS:
            if _continues(para, word, after):
                found.append(mention_at(para, after.start - para.start, after.end - para.start,
                                      rule=f"title:{word.norm}"))  # fmt: skip
            continue
        j = i - 1
        if j >= 0 and demonym_country(words[j].text):
            j -= 1
        if j >= 0 and words[j].norm in ROLE_LEAD:
            found.append(mention_at(para, words[j].start - para.start, word.end - para.start,
                                  rule=f"role:{word.norm}"))  # fmt: skip
    return found


def _gap(para: Paragraph, left: Token, right: Token) -> str:
    return para.text[left.end - para.start : right.start - para.start]


def _continues(para: Paragraph, left: Token, right: Token) -> bool:
    """Whether `right` goes on the name `left` is in: only spaces between them, or the dot of
    an initial ("Robert S. Mueller")."""
    gap = _gap(para, left, right).strip()
    return not gap or (gap == "." and len(left.text) == 1 and left.text.isupper())


def _name_run(
    para: Paragraph, run: list[Token], initialisms: frozenset[str] = frozenset()
) -> list[Mention]:
    """The mention of a run of name words. A run joined by "and" is one name only when the
    story writes its initials ("Immigration and Customs Enforcement" with "ICE"); else its
    parts are ("Britain and France")."""
    norms = [norm_word(t.text) for t in run]
    if "and" in norms:
        letters = {"".join(n[0] for n in norms), "".join(n[0] for n in norms if n not in
                   _NAME_JOINERS and n != "and")}  # fmt: skip
        if not letters & initialisms:
            cut = norms.index("and")
            return [*_name_run(para, run[:cut]), *_name_run(para, run[cut + 1 :], initialisms)]
    while run and norm_word(run[-1].text) in _NAME_JOINERS:
        run = run[:-1]
    if not run or (len(run) == 1 and len(run[0].text) < 2):
        return []
    start, end = run[0].start - para.start, run[-1].end - para.start
    if len(run) == 1 and demonym_country(run[0].text.split("-")[0]):
        return [mention_at(para, start, end, rule="demonym")]
    return [mention_at(para, start, end)]


def _name_facts(
    mentions: Sequence[Mention], lower: frozenset[str], config: AlignConfig
) -> list[Fact]:
    """Names grouped by resolved entity; demonyms, common words ("Job" where the story also
    writes "job") and ambiguous surnames only support the facts they may name."""
    titled = [m for m in mentions if m.rule.startswith("title:")]
    roles = [m for m in mentions if m.rule.startswith("role:")]
    mentions = [m for m in mentions if not m.rule.startswith(("title:", "role:"))]
    raw = {
        m.text: demonym_country(m.text.split("-")[0]) or "" if m.rule else name_key(m.text)
        for m in mentions
    }
    variants = spelling_variants({w for key in raw.values() for w in key.split()}, config)

    def canonical(key: str) -> str:
        spelled = (SPELLING_ALIASES.get(word, word) for word in key.split())
        return " ".join(variants.get(word, word) for word in spelled)

    common = {m.text for m in mentions if not m.rule and " " not in raw[m.text]
              and raw[m.text] in lower}  # fmt: skip
    own = [m for m in mentions if not m.rule and m.text not in common and raw[m.text]]
    entity = resolve(
        (canonical(raw[m.text]) for m in own),
        misspelt_similarity=config.misspelt_surname_similarity,
    )
    keys = set(entity.values())
    facts = _grouped(FactKind.NAME, own, lambda m: entity[canonical(raw[m.text])])
    support: dict[str, list[Mention]] = {}
    by_last: dict[str, list[str]] = {}
    by_first: dict[str, list[str]] = {}
    for key in sorted(keys):
        if " " in key:
            by_last.setdefault(key.rsplit(" ", 1)[-1], []).append(key)
            by_first.setdefault(key.split(" ", 1)[0], []).append(key)
    for mention in mentions:
        key = canonical(raw[mention.text])
        if mention.rule:  # a demonym: its country, if the story names it
            if key in keys:
                support.setdefault(key, []).append(mention)
            continue
        if " " in key or len(key) < 3 or entity.get(key, key) != key:
            continue  # resolved already, or too short to stand for a name ("Jr")
        for target in by_last.get(key, ()):  # a surname that could be several people
            support.setdefault(target, []).append(_as_rule(mention, "surname"))
        first = by_first.get(key, [])
        if len(first) == 1:  # "Bloomberg" for "Bloomberg News", "Code" for "Code Conference"
            support.setdefault(first[0], []).append(_as_rule(mention, "short_form"))
    fact_at = {(m.para_id, m.start): f.key for f in facts for m in f.mentions}
    carrying: dict[str, set[str]] = {}
    for mention in titled:  # the fact whose mention starts where the title's name does
        key = fact_at.get((mention.para_id, mention.start))
        if key:
            carrying.setdefault(mention.rule.split(":", 1)[1], set()).add(key)
    for mention in roles:
        holders = carrying.get(mention.rule.split(":", 1)[1], set())
        if len(holders) == 1:
            support.setdefault(next(iter(holders)), []).append(_as_rule(mention, "role"))
    return [
        Fact(f.fact_id, f.kind, f.label, f.key, f.mentions, tuple(support.get(f.key, ())))
        for f in facts
    ]


def _as_rule(mention: Mention, rule: str) -> Mention:
    return Mention(mention.para_id, mention.article_id, mention.start, mention.end,
                   mention.text, rule)  # fmt: skip


def _grouped(kind: FactKind, mentions: Sequence[Mention], key_of: KeyOf) -> list[Fact]:
    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(key_of(mention), []).append(mention)
    return [Fact("", kind, _label(group), key, tuple(group)) for key, group in groups.items()]


def _label(group: Sequence[Mention]) -> str:
    """The form written most often, the longest on a tie ("Emmanuel Macron" over "Macron")."""
    counts: dict[str, int] = {}
    for mention in group:
        counts[mention.text] = counts.get(mention.text, 0) + 1
    return max(counts, key=lambda text: (counts[text], len(text), text))


def fact_sources(fact: Fact, sources: Mapping[str, str]) -> tuple[str, ...]:
    """The sources that report `fact` (in any equivalent form), in order of first mention."""
    mentions = (*fact.mentions, *fact.equivalents)
    return tuple(dict.fromkeys(sources.get(m.article_id, m.article_id) for m in mentions))
