"""Which sources leave a fact out: a person described by a role, a name written in the other
form of its initialism, and the evidence each `described` carries."""

from __future__ import annotations

import dataclasses

from audit.compare.facts import extract_facts
from audit.compare.left_out import FactStatus, fact_coverage
from audit.config import AlignConfig
from tests.align.align_support import small_story

CONFIG = AlignConfig()

A = (
    "Russian Ambassador Sergey Kislyak met Jared Kushner at Trump Tower in December. "
    "Asked on Monday, Jay Sekulow, a lawyer for Mr. Trump, declined to comment. In June, "
    "Natalia Veselnitskaya, a Russian lawyer, attended a meeting. Later, the International Atomic "
    "Energy Agency obtained the memos."
)
B = (
    "Kushner later spoke about his talks with the Russian envoy to the U.S. at length. "
    "IAEA said that Donald Trump Jr. had invited the Russian lawyer."
)
C = "Kushner declined to answer questions from a lawyer for the committee on Friday."


def coverage(config: AlignConfig = CONFIG):
    s = small_story([A, B, C])
    facts = extract_facts(s.paragraphs, config)
    articles = [a.article_id for a in s.story.articles]
    found = fact_coverage(facts, s.paragraphs, {a: a for a in articles}, articles, config)
    label = {f.fact_id: f.key for f in facts}
    return s, {(label[e.fact_id], e.source): e for e in found}


def test_a_person_described_by_the_role_another_source_names_them_with() -> None:
    s, entries = coverage()
    b, c = s.story.articles[1].article_id, s.story.articles[2].article_id
    kislyak = entries[("sergey kislyak", b)]
    assert kislyak.status is FactStatus.DESCRIBED and kislyak.rule == "role:envoy"
    assert "Russian envoy" in kislyak.nearest.text  # the evidence: B's sentence with the role
    # two lawyers in the story: only "the Russian lawyer" names one of them
    lawyer = entries[("natalia veselnitskaya", b)]
    assert lawyer.status is FactStatus.DESCRIBED and lawyer.rule == "role:russia:lawyer"
    assert entries[("natalia veselnitskaya", c)].status is FactStatus.LEFT_OUT
    assert entries[("jay sekulow", c)].status is FactStatus.LEFT_OUT  # "a lawyer": two hold it
    assert entries[("sergey kislyak", c)].status is FactStatus.LEFT_OUT


def test_a_role_phrase_is_as_long_as_the_config_allows() -> None:
    # "the Russian envoy": one word between the article and the noun; with none allowed
    # (AlignConfig.role_appositive_words 0) it describes nobody, and B leaves Kislyak out
    s, entries = coverage(dataclasses.replace(CONFIG, role_appositive_words=0))
    b = s.story.articles[1].article_id
    assert entries[("sergey kislyak", b)].status is FactStatus.LEFT_OUT
    assert coverage()[1][("sergey kislyak", b)].status is FactStatus.DESCRIBED


def test_a_name_written_as_its_initialism() -> None:
    # "IAEA" opens B's sentence, so it is no name mention there (sentence starts are not names)
    s, entries = coverage()
    b, c = s.story.articles[1].article_id, s.story.articles[2].article_id
    agency = entries[("international atomic energy agency", b)]
    assert agency.status is FactStatus.DESCRIBED and agency.rule == "initialism"
    assert entries[("international atomic energy agency", c)].status is FactStatus.LEFT_OUT
