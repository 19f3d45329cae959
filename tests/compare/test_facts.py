from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.align.stage import align_story
from audit.compare.facts import FactKind, extract_facts
from audit.compare.stage import compare_story
from audit.config import AlignConfig
from audit.report.rows import fact_rows
from tests.align.align_support import bundled, small_story

CONFIG = AlignConfig()

A = (
    "Britain and France plan to deploy up to 30,000 European peacekeepers, officials "
    "said on Feb. 12. The U.S. provides Kyiv with 40% of its military support.\n\n"
    "French President Emmanuel Macron said 26 nations would take part. “This is the "
    "first serious, concrete step,” Zelensky said."
)

B = (
    "Macron declared that 26 nations have formally committed. Ukrainian President "
    "Volodymyr Zelenskyy hailed “the first serious, concrete step” in 2025.\n\n"
    "Tens of thousands of troops would be needed, said Maria Zakharova."
)

C = """Drones and satellites would monitor the front line."""


def facts_by_label():
    s = small_story([A, B, C])
    return s, {f.label: f for f in extract_facts(s.paragraphs, CONFIG)}


def test_numbers_with_what_they_count() -> None:
    _, facts = facts_by_label()
    numbers = {label for label, fact in facts.items() if fact.kind is FactKind.NUMBER}
    assert "up to 30,000 European peacekeepers" in numbers  # the qualifier is kept
    assert "40%" in numbers
    assert "26 nations" in numbers
    assert "Tens of thousands of troops" in numbers
    assert not any("12" in n or "2025" in n for n in numbers)  # dates are not counts
    assert facts["26 nations"].articles() == ("000_test", "001_test")


def test_names_join_full_names_surnames_and_spellings() -> None:
    _, facts = facts_by_label()
    names = {label: fact for label, fact in facts.items() if fact.kind is FactKind.NAME}
    macron = next(f for f in names.values() if f.key == "emmanuel macron")
    assert {m.text for m in macron.mentions} == {"Emmanuel Macron", "Macron"}
    zelensky = next(f for f in names.values() if f.key == "volodymyr zelensky")
    assert zelensky.articles() == ("000_test", "001_test")
    assert "French" not in names and "President" not in " ".join(names)  # demonyms, titles
    assert "Maria Zakharova" in names


def test_quotes_join_across_sources_when_one_holds_the_other() -> None:
    _, facts = facts_by_label()
    quotes = [f for f in facts.values() if f.kind is FactKind.QUOTE]
    step = next(f for f in quotes if "concrete step" in f.label)
    assert step.articles() == ("000_test", "001_test")


def test_a_quote_needs_the_configured_number_of_words() -> None:
    # a two-word scare quote is no statement at the default (3 words, AlignConfig
    # .quote_min_words); a config asking for 2 makes it a quote fact
    texts = ["Officials called the plan a “peace force” on Monday, the ministry said."] * 2
    s = small_story(texts)

    def quotes(config: AlignConfig) -> list[str]:
        facts = extract_facts(s.paragraphs, config)
        return [f.label for f in facts if f.kind is FactKind.QUOTE]

    assert quotes(CONFIG) == []
    assert [
        label.casefold() for label in quotes(dataclasses.replace(CONFIG, quote_min_words=2))
    ] == ["peace force"]


def test_mentions_point_into_the_articles() -> None:
    s, facts = facts_by_label()
    for fact in facts.values():
        for mention in fact.mentions:
            assert s.article(mention.article_id).text[mention.start : mention.end] == mention.text


def test_fact_rows_say_which_sources_leave_a_fact_out() -> None:
    s = small_story([A, B, C])
    aligned = align_story(s.paragraphs, s.sources, CONFIG)
    rows = fact_rows(compare_story(s.paragraphs, aligned, CONFIG), aligned)
    nations = [r for r in rows if r["fact"] == "26 nations"]
    assert {r["source"]: r["reported"] for r in nations} == {
        "Outlet A": 1,
        "Outlet B": 1,
        "Outlet C": 0,
    }
    reported = next(r for r in nations if r["source"] == "Outlet A")
    assert reported["para_id"] == "000_test:p001" and reported["n_reporting"] == 2
    assert reported["mentions"] == f"000_test:p001@{reported['start']}-{reported['end']}"


def test_bundled_story_facts() -> None:
    s = bundled()
    facts = extract_facts(s.paragraphs, CONFIG)
    labels = {f.label for f in facts}
    assert {"up to 30,000 European peacekeepers", "40%", "26 nations"} <= labels
    troops = next(f for f in facts if f.key == "tens of thousands troop")
    assert set(troops.articles()) == {
        "000_2454bc97f983af98", "001_fd6d86b949d7339a", "003_ea6e86400e16b78a",
    }  # fmt: skip
    kyiv = next(f for f in facts if f.key == "kyiv")  # "Kiev" in 000 is the same place
    assert "000_2454bc97f983af98" in kyiv.articles()
    # duplicates and boilerplate are not content: 003's repeated body adds no mentions
    assert all(
        not m.para_id.endswith(("p012", "p014")) or not m.para_id.startswith("003")
        for f in facts
        for m in f.mentions
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=160), min_size=1, max_size=3))
def test_arbitrary_text_gives_facts_that_round_trip(texts: list[str]) -> None:
    s = small_story(texts)
    for fact in extract_facts(s.paragraphs, CONFIG):
        assert fact.mentions
        for mention in fact.mentions:
            assert s.article(mention.article_id).text[mention.start : mention.end] == mention.text


def test_entities_resolve_across_outlets() -> None:
    s = small_story(
        [
            "Russian President Vladimir Putin met U.S. officials. The International Atomic"
            " Energy Agency reported 12,000 homes without power.",
            "Putin met officials from the United States. The IAEA said 12,000 households lost"
            " electricity.",
            "Mr. Putin told America the Kremlin would wait; 12 000 households were dark.",
        ]
    )
    facts = extract_facts(s.paragraphs, CONFIG)
    by_key = {f.key: f for f in facts}
    assert set(by_key["vladimir putin"].articles()) == {"000_test", "001_test", "002_test"}
    assert set(by_key["us"].articles()) == {"000_test", "001_test", "002_test"}
    agency = by_key["international atomic energy agency"]
    assert {m.text for m in agency.mentions} == {"International Atomic Energy Agency", "IAEA"}
    homes = by_key["12000 household"]  # "homes" and "households" count one thing
    assert set(homes.articles()) == {"000_test", "001_test", "002_test"}


def test_a_demonym_supports_its_country_but_makes_no_fact() -> None:
    s = small_story(["The plan was rejected by Russia.", "The Russian envoy rejected it."])
    facts = extract_facts(s.paragraphs, CONFIG)
    russia = next(f for f in facts if f.key == "russia")
    assert russia.articles() == ("000_test", "001_test")
    assert [m.rule for m in russia.equivalents] == ["demonym"]
    assert not any(f.label == "Russian" for f in facts)


def test_no_fact_from_inside_a_word_or_a_generic_count() -> None:
    s = small_story(["The COVID-19 vaccine is ready, the two sides said three times."])
    facts = extract_facts(s.paragraphs, CONFIG)
    assert [f.label for f in facts] == ["COVID-19"]  # a name; "19 vaccine" no number


def test_a_word_the_story_writes_in_lower_case_is_no_name() -> None:
    s = small_story(["Officials said Job losses rose.", "The job market is weak, officials said."])
    assert not any(f.label == "Job" for f in extract_facts(s.paragraphs, CONFIG))


def test_numbers_written_three_ways_are_one_value() -> None:
    s = small_story(
        ["Up to 30,000 troops will go.", "About 30 000 troops will go.", "Thirty thousand"
         " soldiers will go."]
    )  # fmt: skip
    facts = [f for f in extract_facts(s.paragraphs, CONFIG) if f.kind is FactKind.NUMBER]
    assert len(facts) == 1 and len(facts[0].articles()) == 3
    assert {m.text for m in facts[0].mentions} == {
        "Up to 30,000 troops", "About 30 000 troops", "Thirty thousand soldiers",
    }  # fmt: skip


def test_a_title_word_that_ends_an_organisation_stays_in_its_name() -> None:
    from audit.compare.facts import name_mentions
    from audit.model import Paragraph

    def names(text: str) -> list[str]:
        return [
            m.text
            for m in name_mentions(Paragraph("a:p000", "a", 0, 0, len(text), text), frozenset())
        ]

    assert names("Reporters for the Associated Press said the talks failed.") == [
        "Associated Press"
    ]
    assert names("It said, citing the Associated Press. Later it rained.") == ["Associated Press"]
    # Before a name the word is a title: the run is cut there.
    assert "Sarah Sanders" in names("White House Press Secretary Sarah Sanders said no.")
    assert not any(
        "Press" in n for n in names("White House Press Secretary Sarah Sanders said no.")
    )
