"""Article representation: the lead, names, online document frequencies, unit vectors."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from audit.config import CleanConfig, GroupConfig
from audit.group.represent import Extractor, Vocabulary, first_words, lead_text


def test_names_are_capitalised_runs_counted_by_their_last_word() -> None:
    terms = Extractor().terms(
        "Putin met Donald Trump in Helsinki. The talks began late. Officials said Putin smiled."
    )
    # "Putin" at a sentence start is a name because the lead also has it mid-sentence;
    # "Officials" and "The" open sentences and are not names.
    assert dict(terms.counts["names"]) == {"putin": 2, "trump": 1, "helsinki": 1}
    assert "donald" not in terms.counts["names"]
    assert terms.counts["words"]["donald"] == 1  # still a content word
    assert "the" not in terms.counts["words"]
    assert terms.counts["words"]["talk"] == 1  # stemmed like the alignment terms


def test_the_lead_skips_boilerplate_and_stops_at_the_word_budget() -> None:
    text = (
        "(AP Photo/Pablo Martinez Monsivais) ### By Reuters ### "
        "Trump lands in Helsinki for the summit. ### " + ("word " * 50)
    )
    lead = lead_text(text, "", 10, separator=" ### ", clean=CleanConfig())
    assert "Monsivais" not in lead and lead.startswith("Trump lands")
    assert len(lead.split()) == 10
    titled = lead_text("Body text here.", "A title", 5)
    assert titled.startswith("A title.")


def test_idf_is_online_and_rarer_terms_weigh_more() -> None:
    vocabulary = Vocabulary()
    extractor = Extractor()
    for text in ("summit Helsinki", "summit Oslo", "summit Bern"):
        vocabulary.add(extractor.terms(text))
    assert vocabulary.n_docs == 3
    assert vocabulary.idf("words", "summit") < vocabulary.idf("words", "oslo")
    vector = vocabulary.vector(extractor.terms("summit Oslo"), GroupConfig())
    words = vector.bags["words"]
    assert words["oslo"] > words["summit"]


@given(st.text(max_size=300))
def test_vectors_are_unit_length_or_empty(text: str) -> None:
    vocabulary = Vocabulary()
    terms = Extractor().terms(text)
    vocabulary.add(terms)
    for bag in vocabulary.vector(terms, GroupConfig()).bags.values():
        norm = math.sqrt(sum(w * w for w in bag.values()))
        assert not bag or abs(norm - 1.0) < 1e-9


def _reference_terms(lead: str) -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
    """The term extraction as first written (a regex search per gap, no caches): the fast
    `Extractor.terms` must give exactly this."""
    from audit.group import represent as r

    words: dict[str, int] = {}
    forms: dict[str, str] = {}
    tokens: list[tuple[str, bool, bool, bool]] = []
    previous_end = 0
    for match in r._WORD.finditer(lead):
        form = match.group()
        gap = lead[previous_end : match.start()]
        initial = previous_end == 0 or bool(r._BREAK.search(gap))
        previous_end = match.end()
        lower = r.unicodedata.normalize("NFKC", form).casefold().replace("\u2019", "'")
        lower = r.SPELLING_ALIASES.get(r._POSSESSIVE.sub("", lower), r._POSSESSIVE.sub("", lower))
        if lower in r.STOPWORDS or len(lower) < 2:
            tokens.append(("", False, initial, False))
            continue
        word, name = r.stem(lower), lower
        capital = form[:1].isupper() and name not in r._NOT_NAMES
        tokens.append((name, capital, initial, not initial and not gap.strip()))
        words[word] = words.get(word, 0) + 1
        if word not in forms or (form[:1].islower() and forms[word][:1].isupper()):
            forms[word] = r._POSSESSIVE.sub("", form)
    return words, dict(r._names(tokens)), forms


_PIECES = [*"aAbBzZ éÉ'’-.,;:!?\n#\"“|0_", "Putin", "putin", "the", "The", "Helsinki"]
_LEAD_TEXT = st.lists(
    st.sampled_from([*_PIECES, "Trump's", "Kyiv", "Kiev", " ### ", "Mr", "Getty Images"]),
    max_size=60,
).map("".join)


@given(st.lists(_LEAD_TEXT | st.text(max_size=80), min_size=1, max_size=4))
def test_fast_terms_agree_with_the_reference_extraction(leads: list[str]) -> None:
    extractor = Extractor()  # one extractor across leads: its caches must not leak between them
    for lead in leads:
        terms = extractor.terms(lead)
        words, names, forms = _reference_terms(lead)
        # the same items in the same (first-seen) order
        assert list(terms.counts["words"].items()) == list(words.items())
        assert list(terms.counts["names"].items()) == list(dict(names).items())
        assert list(terms.forms.items()) == list(forms.items())


@given(_LEAD_TEXT | st.text(max_size=80), st.integers(min_value=1, max_value=12))
def test_reading_a_lead_at_once_gives_its_first_words_and_terms(lead: str, n: int) -> None:
    prefix, terms = Extractor().read(lead, n)
    assert prefix == first_words(lead, n)
    assert terms == Extractor().terms(lead)
