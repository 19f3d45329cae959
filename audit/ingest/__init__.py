"""Reading input: files, folders, CSV/JSONL and standard input (`load`), bytes to text
(`decode`), HTML to its main text (`html`), and articles into paragraphs and sentences with
offsets into the original text (`segment`)."""

from audit.ingest.load import LoadedInput, bundled_story_path, load_input, load_story
from audit.ingest.segment import segment_article

__all__ = ["LoadedInput", "bundled_story_path", "load_input", "load_story", "segment_article"]
