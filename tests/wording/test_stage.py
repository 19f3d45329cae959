"""The wording stage on the bundled story: one sentence pair per link, report files."""

from __future__ import annotations

from audit.config import AuditConfig
from audit.pipeline import AuditResult
from audit.report import report_contents
from audit.wording.stage import sentence_pairs


def test_one_pair_per_link_from_its_evidence_passages(bundled_result: AuditResult) -> None:
    # a headline's links (kind title, title-lede) compare a headline with body text: no pair
    links = [link for link in bundled_result.alignment.links if link.kind == "content"]
    assert len(links) < len(bundled_result.alignment.links)
    pairs = sentence_pairs(bundled_result.alignment)
    assert len(pairs) == len(links)
    for link, pair in zip(links, pairs, strict=True):
        assert (pair.a, pair.b) == (link.evidence_a, link.evidence_b)


def test_substitutions_point_into_the_articles(bundled_result: AuditResult) -> None:
    text_of = {a.article_id: a.text for a in bundled_result.story.articles}
    for s in bundled_result.wording.substitutions:
        assert text_of[s.article_a][s.start_a : s.end_a] == s.text_a
        assert text_of[s.article_b][s.start_b : s.end_b] == s.text_b
    for tone in bundled_result.wording.actors:
        for article_id, word, _ in tone.words:
            assert text_of[article_id][word.start : word.end] == word.text


def test_report_has_wording_and_actors(bundled_result: AuditResult) -> None:
    files = report_contents(bundled_result, AuditConfig(), ())
    assert files["wording.csv"].startswith(b"pair_id,source_a,source_b,article_a,start_a")
    assert files["actors.csv"].startswith(b"source,actor,n_articles,n_mentions")
    assert b"quoted" in files["evidence.csv"].split(b"\r\n")[0]
