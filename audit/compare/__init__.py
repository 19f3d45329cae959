"""What each outlet reports and leaves out, given the alignment: checkable facts (`facts`:
numbers, names, quotes) and the coverage of every story unit by every source (`omissions`)."""

from audit.compare.stage import Comparison, compare_story

__all__ = ["Comparison", "compare_story"]
