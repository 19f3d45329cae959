from __future__ import annotations

import dataclasses
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.config import AuditConfig
from audit.model import Article, ParaKind, Story, pickled_by_fields
from audit.pipeline import STAGES, run_audit

texts = st.lists(st.text(max_size=300), min_size=1, max_size=4)


@settings(max_examples=30, deadline=None)
@given(texts)
def test_audit_is_deterministic_and_offsets_round_trip(bodies: list[str]) -> None:
    story = Story("s", tuple(Article(f"a{i}", "s", f"src{i}", t) for i, t in enumerate(bodies)))
    first = run_audit(story, AuditConfig())
    assert first == run_audit(story, AuditConfig())
    texts_by_id = {a.article_id: a.text for a in story.articles}
    for paragraph in first.paragraphs:
        assert texts_by_id[paragraph.article_id][paragraph.start : paragraph.end] == paragraph.text
    assert [m.para_id for m in first.measures] == [p.para_id for p in first.paragraphs]


def test_single_article_story_warns_that_nothing_can_be_compared() -> None:
    story = Story("s", (Article("a", "s", "x", "One paragraph here."),))
    result = run_audit(story, AuditConfig())
    assert [w.message for w in result.warnings] == [
        "only one article in this story: nothing to compare"
    ]
    assert result.paragraphs[0].kind is ParaKind.CONTENT


def test_progress_hears_every_stage_in_order(bundled_result) -> None:
    calls: list[tuple[str, int, int]] = []
    run_audit(bundled_result.story, AuditConfig(), progress=lambda *call: calls.append(tuple(call)))
    segmented = [("segment", i, 5) for i in range(1, 6)]
    assert calls == [*segmented, *((stage, 1, 1) for stage in STAGES[1:])]
    assert list(dict.fromkeys(stage for stage, _, _ in calls)) == list(STAGES)


def test_a_result_pickles_back_equal(bundled_result) -> None:
    # what a child sends back (facts, framing, measures) goes through pickle
    blob = pickle.dumps(bundled_result, protocol=pickle.HIGHEST_PROTOCOL)
    assert pickle.loads(blob) == bundled_result


@pickled_by_fields
@dataclasses.dataclass(frozen=True, slots=True)
class _Pair:
    a: int
    b: tuple[str, ...] = ()


def test_pickled_by_fields_keeps_every_field_and_frozenness() -> None:
    value = _Pair(3, ("x", "y"))
    assert value.__getstate__() == (3, ("x", "y"))
    back = pickle.loads(pickle.dumps(value))
    assert back == value and type(back) is _Pair
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.a = 4  # type: ignore[misc]
