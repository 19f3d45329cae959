from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).parent.parent / "app.py")


def test_app_shows_the_bundled_story_with_its_flags() -> None:
    app = AppTest.from_file(APP, default_timeout=60).run()
    assert not app.exception
    assert "ukraine-reassurance-force" in app.subheader[0].value
    table = app.dataframe[0].value
    assert len(table) == 109
    assert set(table["kind"]) == {"content", "heading", "boilerplate", "duplicate"}


def test_choosing_sources_and_kinds_filters_the_table() -> None:
    app = AppTest.from_file(APP, default_timeout=60).run()
    app.multiselect(key="sources").set_value(["Outlet D"]).run()
    app.multiselect(key="kinds").set_value(["duplicate"]).run()
    table = app.dataframe[0].value
    assert len(table) == 11 and set(table["source"]) == {"Outlet D"}
