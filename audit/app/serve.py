"""`python -m audit.app.serve [streamlit options]`: audit the bundled story, then serve the app.

Streamlit runs `app.py` only when the first browser connects, so a plain `streamlit run` makes
the first visitor wait for the whole audit of the bundled story. Here the audit runs first, in
the server's own process (`data.bundled_result` keeps it), and the server starts answering only
once it is done: the first page is then only rendered, not computed. Options after the module
name go to `streamlit run` (e.g. `--server.port 8502`); `.streamlit/config.toml` holds the
defaults (loopback only, no usage statistics, no developer menu).
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"


def main(argv: list[str] | None = None) -> None:
    from streamlit.web import cli

    from audit.app import data, sidebyside

    result = data.bundled_result()
    # one row side by side: loads the lexicons the highlights use (once per process)
    sidebyside.side_by_side(result, data.sources_of(result), per_page=1)
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
