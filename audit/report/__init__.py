"""An audit result as files under `reports/<story>/`: the rows of every CSV (`rows`, and the
framing and dedup modules' own rows), written atomically and byte-identically (`writer`)."""

from audit.report.writer import report_contents, write_report

__all__ = ["report_contents", "write_report"]
