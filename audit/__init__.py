"""audit: compare how news outlets cover the same story, with evidence for every flag."""

__version__ = "0.1.0"
