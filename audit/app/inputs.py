"""What the app audits: the bundled story, uploaded files or pasted texts, with the user's
options (paragraph separator, TOML config). Loading and auditing are separate steps so the app
can offer a story picker when an upload holds several stories (they are never merged)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from audit.config import AuditConfig
from audit.errors import AuditInputError
from audit.ingest.load import LoadedInput, bundled_story_path, load_input, load_named_files
from audit.ingest.settings import parse_config
from audit.pipeline import AuditResult, Progress, run_audit

UPLOAD_TYPES = ("txt", "md", "html", "htm", "csv", "jsonl", "parquet")
UPLOADED_STORY = "uploaded-story"
PASTED_STORY = "pasted-story"


@dataclass(frozen=True, slots=True)
class Upload:
    """One file as the app received it."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Options:
    """What the user set besides the articles: both change the audit, so both key its cache."""

    separator: str = ""  # paragraph separator (e.g. " ### "); empty: blank lines or newlines
    config_name: str = ""  # the uploaded TOML file's name, for messages
    config_toml: bytes = b""  # its content; empty: the defaults


def config_for(options: Options) -> AuditConfig:
    """The default config, overridden by the uploaded TOML and the separator option."""
    config = AuditConfig()
    if options.config_toml:
        origin = options.config_name or "config.toml"
        try:
            text = options.config_toml.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise AuditInputError(origin, "config file is not UTF-8 text") from None
        config = parse_config(text, origin=origin)
    if options.separator:
        segment = replace(config.segment, paragraph_separator=options.separator)
        config = replace(config, segment=segment)
    return config


def load_bundled() -> LoadedInput:
    return load_input(bundled_story_path())


def load_uploads(
    uploads: Sequence[Upload], names: Mapping[str, str], config: AuditConfig
) -> LoadedInput:
    """Uploaded files as stories: article files form one story, CSV/JSONL/Parquet records keep their
    `story_id`; `names` gives the source of an article file by its file name (an empty or
    missing name keeps the file's own, or its sources.csv entry)."""
    total = sum(len(u.data) for u in uploads)
    limit = config.app.max_upload_mb * 1024 * 1024
    if total > limit:
        raise AuditInputError(
            "upload",
            f"{total / 1048576:.1f} MB uploaded; the app takes at most "
            f"{config.app.max_upload_mb} MB (use `audit run` for bigger inputs)",
        )
    if not uploads:
        raise AuditInputError("upload", "no files uploaded")
    files = [(u.name, u.data) for u in uploads]
    return renamed(load_named_files(UPLOADED_STORY, files, keep_stories=True), names)


def load_pasted(texts: Sequence[str], names: Sequence[str]) -> LoadedInput:
    """Texts pasted into the app, one article each, named by their box."""
    files = [
        (f"pasted-{i + 1}.txt", text.encode("utf-8"))
        for i, text in enumerate(texts)
        if text.strip()
    ]
    if not files:
        raise AuditInputError("paste", "paste at least one text")
    by_file = {f"pasted-{i + 1}.txt": name for i, name in enumerate(names)}
    return renamed(load_named_files(PASTED_STORY, files), by_file)


def renamable(name: str) -> bool:
    """Whether an uploaded file is one article whose source the user may name."""
    lower = name.lower()
    return lower != "sources.csv" and lower.endswith((".txt", ".md", ".html", ".htm"))


def renamed(loaded: LoadedInput, names: Mapping[str, str]) -> LoadedInput:
    """Sources renamed by the file each article came from (its `origin`), never by position:
    skipped empty texts, sources.csv and many-article files would shift positions."""
    stories = tuple(
        replace(
            story,
            articles=tuple(
                replace(a, source=names[a.origin].strip()) if names.get(a.origin, "").strip() else a
                for a in story.articles
            ),
        )
        for story in loaded.stories
    )
    return replace(loaded, stories=stories)


def story_choices(loaded: LoadedInput) -> list[str]:
    """Each story as the picker shows it: its id, how many articles and outlets."""
    return [
        f"{s.story_id} ({len(s.articles)} articles, {len({a.source for a in s.articles})} outlets)"
        for s in loaded.stories
    ]


def audit_story(
    loaded: LoadedInput, index: int, config: AuditConfig, *, progress: Progress | None = None
) -> AuditResult:
    """The audit of the `index`-th story of `loaded` (the input's warnings come along)."""
    story = loaded.stories[min(max(index, 0), len(loaded.stories) - 1)]
    return run_audit(story, config, warnings=loaded.warnings, progress=progress)
