"""How each outlet frames the story, with evidence for every flag: lexicons and their data
(`lexicon`, `lexicons/`), the evidence finders (`stage`), attribution and speakers, quotes, naming
variants, sentiment and readability adapters (`measure`), and the summaries per source, unit and
outlet (`summary`)."""

from audit.framing.evidence import Evidence, EvidenceKind
from audit.framing.measure import measure_paragraphs
from audit.framing.stage import StoryFraming, frame_story, lexicons_for

__all__ = [
    "Evidence",
    "EvidenceKind",
    "StoryFraming",
    "frame_story",
    "lexicons_for",
    "measure_paragraphs",
]
