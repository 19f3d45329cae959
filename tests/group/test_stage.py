"""The grouping stage: quality floor on a hand-written feed, stable ids, the time window,
reprints, and an index across two runs giving what one run gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from audit.config import AuditConfig, GroupConfig
from audit.errors import AuditInputError
from audit.group import bcubed, extract, group_articles, open_group_index, story_id_for
from audit.group.stage import in_order, parse_time
from audit.ingest.load import load_input
from audit.model import Article

FEED = Path(__file__).parent.parent / "data" / "group" / "feed.jsonl"


def _feed() -> tuple[list[Article], dict[str, str]]:
    loaded = load_input(FEED)
    articles = [a for s in loaded.stories for a in s.articles]
    events = dict(loaded.rows)
    return articles, {a.article_id: events[a.article_id]["event"] for a in articles}


def _config(**group: object) -> AuditConfig:
    return AuditConfig(group=GroupConfig(**group))  # type: ignore[arg-type]


def test_the_hand_written_feed_is_grouped_into_its_three_events() -> None:
    articles, gold = _feed()
    grouping = group_articles(articles, AuditConfig())
    assert bcubed(grouping.story_of(), gold).f1 == 1.0
    assert len(grouping.stories) == 3
    by_id = {s.story_id: s for s in grouping.stories}
    assert "Eurovision" in by_id[story_id_for("e1")].label


def test_story_ids_are_stable_and_named_by_the_first_article() -> None:
    articles, _ = _feed()
    first = group_articles(articles, AuditConfig())
    again = group_articles(list(articles), AuditConfig())
    assert first == again
    shuffled = group_articles(list(reversed(articles)), AuditConfig())  # time order decides
    assert shuffled.story_of() == first.story_of()
    assert {s.story_id for s in first.stories} == {story_id_for(i) for i in ("q1", "r1", "e1")}


def test_placements_carry_their_evidence() -> None:
    articles, _ = _feed()
    grouping = group_articles(articles, AuditConfig())
    for placement in grouping.placements:
        assert 0.0 <= placement.similarity <= 1.0
        if placement.rule == "first":
            assert placement.similarity == 1.0
        else:
            assert placement.shared  # the terms it shares with its story
    q2 = next(p for p in grouping.placements if p.article_id == "q2")
    assert "Antofagasta" in q2.shared


def _dated(article: Article, published: str) -> Article:
    return dataclasses.replace(article, published=published)


def test_the_time_window_is_respected() -> None:
    articles, _ = _feed()
    quake = [a for a in articles if a.article_id.startswith("q")]
    later = [_dated(a, "2024-03-20T08:00:00Z") if a.article_id == "q4" else a for a in quake]
    grouping = group_articles(later, _config(window_days=3.0))
    story = grouping.story_of()
    assert story["q4"] != story["q1"] and story["q2"] == story["q1"]
    wide = group_articles(later, _config(window_days=30.0)).story_of()
    assert wide["q4"] == wide["q1"]


def test_a_story_stays_open_while_it_gets_articles() -> None:
    articles, _ = _feed()
    quake = [a for a in articles if a.article_id.startswith("q")]
    days = ["2024-03-01", "2024-03-03", "2024-03-05", "2024-03-07"]  # 2 days apart each
    chain = [_dated(a, d) for a, d in zip(quake, days, strict=True)]
    assert len(set(group_articles(chain, _config(window_days=3.0)).story_of().values())) == 1


def test_reprints_join_their_original_story_whatever_the_threshold() -> None:
    articles, _ = _feed()
    grouping = group_articles(articles, _config(threshold=1.0))  # nothing joins by similarity
    story = grouping.story_of()
    assert story["r5"] == story["r1"]
    r5 = next(p for p in grouping.placements if p.article_id == "r5")
    assert (r5.rule, r5.reprint_of) == ("reprint", "r1")
    assert len(set(story.values())) == len(articles) - 1


def test_an_index_across_two_runs_gives_what_one_run_gives(tmp_path: Path) -> None:
    articles, _ = _feed()
    ordered = list(in_order(articles))
    one = group_articles(ordered, AuditConfig())
    with open_group_index(tmp_path / "stories.db", AuditConfig()) as index:
        day1 = group_articles(ordered[:6], AuditConfig(), history=index)
    with open_group_index(tmp_path / "stories.db", AuditConfig()) as index:
        day2 = group_articles(ordered[6:], AuditConfig(), history=index)
    assert day1.placements + day2.placements == one.placements
    assert any(s.seen_before for s in day2.stories)
    labels = {s.story_id: s.label for s in one.stories}
    assert {s.story_id: s.label for s in day2.stories}.items() <= labels.items()


def test_an_index_refuses_other_vector_settings(tmp_path: Path) -> None:
    articles, _ = _feed()
    with open_group_index(tmp_path / "stories.db", AuditConfig()) as index:
        group_articles(articles, AuditConfig(), history=index)
    with (
        pytest.raises(AuditInputError, match="settings"),
        open_group_index(tmp_path / "stories.db", _config(lead_words=10)),
    ):
        pass


def test_undated_articles_keep_their_place_after_the_article_before() -> None:
    articles, _ = _feed()
    undated = [_dated(a, "") if a.article_id == "r2" else a for a in articles]
    order = [a.article_id for a in in_order(undated)]
    assert order.index("r2") == order.index("r1") + 1
    assert parse_time("2024-03-04") == parse_time("2024-03-04T00:00:00+00:00")
    assert parse_time("4 March 2024") is None


def test_unreadable_dates_are_a_warning_not_an_error() -> None:
    articles, _ = _feed()
    odd = [_dated(a, "yesterday") if a.article_id == "q3" else a for a in articles]
    grouping = group_articles(odd, AuditConfig())
    assert any("ISO 8601" in w.message for w in grouping.warnings)


def test_worker_processes_give_the_same_grouping(monkeypatch: pytest.MonkeyPatch) -> None:
    articles, _ = _feed()
    monkeypatch.setattr("audit.group.extract._MIN_PARALLEL", 1)
    monkeypatch.setattr("audit.group.extract._CHUNK", 5)  # several chunks in flight
    assert group_articles(articles, _config(workers=2)) == group_articles(articles, AuditConfig())


def test_worker_processes_give_the_grouping_of_one_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Workers start from 2,000 articles; lowered here, the 12-article feed is read by two
    # spawned workers and its features (reprints, vectors) found in a process of their own.
    monkeypatch.setattr(extract, "_MIN_PARALLEL", 4)
    articles, _ = _feed()
    two = _config(workers=2)
    assert extract.in_workers(two, len(articles))
    jobs = [(a.text, a.title) for a in articles]
    assert list(extract.packed_reads(jobs, two)) == list(extract.packed_reads(jobs, AuditConfig()))
    apart, alone = group_articles(articles, two), group_articles(articles, AuditConfig())
    assert apart == alone  # placements, labels (the spellings sent back) and stories


def test_reads_must_be_one_per_article() -> None:
    articles, _ = _feed()
    with pytest.raises(ValueError, match="11 reads for 12 articles"):
        group_articles(articles, AuditConfig(), reads=[b""] * 11)
