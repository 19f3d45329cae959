from __future__ import annotations

import pytest

from audit.app import data as appdata
from audit.app import overview


@pytest.fixture(scope="module")
def bundled():
    return appdata.bundled_result()


def test_claims_are_in_words_most_reported_first(bundled) -> None:
    claims = overview.claims(bundled)
    assert len(claims) == len(bundled.alignment.units)
    counts = [c.n_reporting for c in claims]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    assert all(not c.text.startswith("U0") and " " in c.text for c in claims)
    assert all(set(c.cells) == set(appdata.sources_of(bundled)) for c in claims)
    assert {w for c in claims for w in c.cells.values()} <= set(overview.CELL_WORDS.values())


def test_outlets_have_their_headline_or_first_sentence_and_counts(bundled) -> None:
    outlets = overview.outlets(bundled)
    assert [o.source for o in outlets] == appdata.sources_of(bundled)
    b = outlets[1]
    assert b.headline_given and b.headline.startswith("Europe considers sending troops")
    assert not outlets[0].headline_given and outlets[0].headline.startswith("Western European")
    assert all(o.published == "not given" for o in outlets)  # the files record no dates
    claims = overview.claims(bundled)
    assert sum(o.only_here for o in outlets) == sum(1 for c in claims if c.n_reporting == 1)


def test_each_outlet_gets_one_sentence(bundled) -> None:
    claims = overview.claims(bundled)
    sentence = overview.outlet_sentence("Outlet C", claims)
    assert sentence.startswith("Outlet C alone reports ") and sentence.endswith(".")
    left_out = [c for c in claims if c.cells["Outlet C"] == "left out"]
    if left_out:
        assert f"leaves out {len(left_out)} claim" in sentence
    else:
        assert "leaves out nothing that most others report" in sentence


def test_the_coverage_map_escapes_claims_and_marks_every_cell(bundled) -> None:
    claims = [overview.Claim("U1", "<b>x</b> said", {"A": "reported", "B": "left out"}, 1, 2)]
    html = overview.coverage_html(claims, ["A", "B"])
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt; said" in html
    assert 'class="cov-reported"' in html and 'class="cov-left-out"' in html
    assert "1 of 2" in html


@pytest.mark.parametrize(
    ("claim", "shown"),
    [
        ("A free ferry will run every 15 minutes.", "“A free ferry will run every 15 minutes”"),
        (
            '"We cannot take chances," said Mayor Ana Ruiz.',
            '"We cannot take chances," said Mayor Ana Ruiz',
        ),
        ("“We cannot take chances,” said the mayor.", "“We cannot take chances,” said the mayor"),
        ("The council cut it…", "“The council cut it…”"),
        ("The bridge's cables rusted", "“The bridge's cables rusted”"),
    ],
)
def test_a_claim_is_quoted_once(claim: str, shown: str) -> None:
    assert overview.quoted(claim) == shown


def test_an_outlet_sentence_quoting_a_quote_shows_each_mark_once() -> None:
    # the harbour-bridge story (tests/data/cli/stories.jsonl): Morning Post leaves out the
    # mayor's quote, which was shown as “"We cannot … a day," said Mayor Ana Ruiz.”.
    quote = (
        '"We cannot take chances with a bridge that carries 40,000 cars a day," '
        "said Mayor Ana Ruiz."
    )
    claims = [overview.Claim("U3", quote, {"Post": "left out", "Wire": "reported"}, 2, 3)]
    sentence = overview.outlet_sentence("Post", claims)
    assert sentence.endswith(
        ', such as "We cannot take chances with a bridge that carries '
        '40,000 cars a day," said Mayor Ana Ruiz.'
    )
    assert "“" not in sentence and sentence.count('"') == 2 and ".”" not in sentence


def test_headline_links_say_which_headline_matches_which_lede(bundled) -> None:
    # the bundled story: only Outlet B gives a headline; it matches three outlets' ledes
    matches = overview.headline_matches(bundled)
    titles = [k for k in bundled.alignment.links if k.kind != "content"]
    assert len(matches) == len(titles) == 3
    assert {m.kind for m in matches} == {"title-lede"}
    assert {m.source_a for m in matches} == {"Outlet B"}
    assert {m.source_b for m in matches} == {"Outlet A", "Outlet C", "Outlet E"}
    probabilities = [m.probability for m in matches]
    assert probabilities == sorted(probabilities, reverse=True)
    assert all(m.text_a.startswith("Europe considers sending troops") for m in matches)
    lede_a = next(m for m in matches if m.source_b == "Outlet A").text_b
    assert lede_a.startswith("Western European leaders are exploring")
    html = overview.headlines_html(matches)
    top = matches[0]
    said = f"{top.source_a}&#x27;s headline matches {top.source_b}&#x27;s lede"
    assert f"{said} (probability {top.probability:.2f})" in html
    assert html.count("<li ") == 3 and html.count("<blockquote>") == 6  # both sentences each


def test_headline_links_are_escaped_and_none_is_said() -> None:
    match = overview.HeadlineMatch("T1", "title", "<b>A</b>", "B", 0.9, "<script>x</script>", "y")
    html = overview.headlines_html([match])
    assert "<script>" not in html and "<b>A</b>" not in html
    assert "&lt;b&gt;A&lt;/b&gt;&#x27;s headline matches B&#x27;s headline" in html
    assert "B, headline:" in html
    assert "none" in overview.headlines_html([])
