from __future__ import annotations

import pytest

from audit.app import inputs
from audit.errors import AuditInputError
from tests.app.test_app import two_stories_jsonl


def test_a_multi_story_upload_stays_many_stories() -> None:
    config = inputs.config_for(inputs.Options())
    loaded = inputs.load_uploads([inputs.Upload("day.jsonl", two_stories_jsonl())], {}, config)
    assert inputs.story_choices(loaded) == [
        "troops (2 articles, 2 outlets)",
        "rates (2 articles, 2 outlets)",
    ]
    second = inputs.audit_story(loaded, 1, config)
    assert second.story.story_id == "rates"
    assert {a.story_id for a in second.story.articles} == {"rates"}


def test_a_parquet_upload_is_read_as_its_jsonl() -> None:
    import io
    import json

    from audit.ingest.parquet import ParquetRows

    rows = [json.loads(line) for line in two_stories_jsonl().decode().splitlines() if line]
    buffer = io.BytesIO()
    writer = ParquetRows(buffer, list(dict.fromkeys(k for r in rows for k in r)), "day.parquet")
    for row in rows:
        writer.write(row)
    writer.close()
    config = inputs.config_for(inputs.Options())
    table = inputs.load_uploads([inputs.Upload("day.parquet", buffer.getvalue())], {}, config)
    lines = inputs.load_uploads([inputs.Upload("day.jsonl", two_stories_jsonl())], {}, config)
    assert "parquet" in inputs.UPLOAD_TYPES
    assert inputs.story_choices(table) == inputs.story_choices(lines)
    assert [a.text for s in table.stories for a in s.articles] == [
        a.text for s in lines.stories for a in s.articles
    ]


def test_the_separator_option_splits_wire_scrape_paragraphs() -> None:
    text = "First paragraph here. ### Second paragraph here. ### Third one."
    row = f'id,publisher,text\n1,a.com,"{text}"\n2,b.com,"{text}"\n'.encode()
    options = inputs.Options(separator=" ### ")
    config = inputs.config_for(options)
    loaded = inputs.load_uploads([inputs.Upload("scrape.csv", row)], {}, config)
    result = inputs.audit_story(loaded, 0, config)
    assert len(result.paragraphs_of(result.story.articles[0].article_id)) == 3


def test_an_uploaded_config_overrides_the_defaults_and_bad_keys_are_named() -> None:
    options = inputs.Options(config_name="mine.toml", config_toml=b"[app]\nmax_columns = 3\n")
    assert inputs.config_for(options).app.max_columns == 3
    bad = inputs.Options(config_name="mine.toml", config_toml=b"[app]\nnope = 3\n")
    with pytest.raises(AuditInputError, match=r"^mine\.toml: unknown config key app\.nope$"):
        inputs.config_for(bad)
    latin = inputs.Options(config_name="mine.toml", config_toml="[app]\n# é\n".encode("cp1252"))
    with pytest.raises(AuditInputError, match="not UTF-8"):
        inputs.config_for(latin)


def test_renamed_sources_follow_their_files_in_every_story() -> None:
    config = inputs.config_for(inputs.Options())
    uploads = [inputs.Upload("a.txt", b"Troops may go."), inputs.Upload("b.txt", b"Troops go.")]
    loaded = inputs.load_uploads(uploads, {"b.txt": "Right Post"}, config)
    assert [a.source for a in loaded.stories[0].articles] == ["a", "Right Post"]
