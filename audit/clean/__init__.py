"""Flagging, never deleting: scraped boilerplate (`boilerplate`: related links, bylines,
prompts, hashtags...) and paragraphs repeated inside an article (`repeats`, by the dedup engine)."""

from audit.clean.boilerplate import boilerplate_reason, flag_boilerplate
from audit.clean.repeats import Repeats, flag_repeats

__all__ = ["Repeats", "boilerplate_reason", "flag_boilerplate", "flag_repeats"]
