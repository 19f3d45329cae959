"""The audit web app: layout and widgets only; everything it shows comes from the library
(`audit.app.data` computes the tables and the escaped HTML)."""

from __future__ import annotations

import altair as alt
import streamlit as st

from audit.app import data as appdata
from audit.app import sidebyside
from audit.app.view import STYLE, escape, plain
from audit.config import AuditConfig
from audit.errors import AuditInputError
from audit.framing.summary import METRICS

CONFIG = AuditConfig()
st.set_page_config(page_title="audit: compare news coverage", layout="wide")
st.html(STYLE)  # the module's own CSS, no article text in it


@st.cache_resource(show_spinner="Auditing the bundled story…")
def bundled():
    return appdata.bundled_result()


@st.cache_resource(show_spinner="Auditing the uploaded files…", max_entries=4)
def uploaded(uploads: tuple[appdata.Upload, ...], names: tuple[tuple[str, str], ...]):
    return appdata.uploaded_result(uploads, dict(names), CONFIG)


@st.cache_resource(show_spinner="Auditing the pasted texts…", max_entries=4)
def pasted(texts: tuple[str, ...], names: tuple[str, ...]):
    return appdata.pasted_result(texts, names, CONFIG)


@st.cache_data(max_entries=8)
def downloads(_result, story_id: str, fingerprint: int) -> tuple[dict[str, bytes], bytes]:
    files = appdata.report_files(_result, CONFIG)
    return files, appdata.report_zip(_result, files)


def choose_story():
    with st.sidebar:
        st.header("Story")
        mode = st.radio(
            "Input", ["Bundled example", "Upload files", "Paste texts"], key="input_mode"
        )
        if mode == "Upload files":
            files = st.file_uploader(
                f"Articles (txt, md, html, csv, jsonl; at most {CONFIG.app.max_upload_mb} MB)",
                type=list(appdata.UPLOAD_TYPES),
                accept_multiple_files=True,
                key="uploads",
            )
            if not files:
                st.info("Upload two or more articles to compare them.")
                return None
            uploads = tuple(appdata.Upload(f.name, f.getvalue()) for f in files)
            names = tuple(
                (u.name, st.text_input(f"Source of {u.name}", key=f"upload_name_{i}"))
                for i, u in enumerate(uploads)
                if appdata.renamable(u.name)
            )
            return uploaded(uploads, names)
        if mode == "Paste texts":
            count = st.number_input("Texts", 2, 8, 2, key="paste_count")
            texts, names = [], []
            for i in range(int(count)):
                names.append(st.text_input(f"Source {i + 1}", key=f"paste_name_{i}"))
                texts.append(st.text_area(f"Text {i + 1}", key=f"paste_text_{i}", height=120))
            if sum(1 for t in texts if t.strip()) < 1:
                st.info("Paste the articles to compare, one per box.")
                return None
            return pasted(tuple(texts), tuple(names))
    return bundled()


st.title("audit")
st.caption("How different outlets cover the same story, with evidence for every flag.")
try:
    result = choose_story()
except AuditInputError as error:
    st.error(str(error))
    st.stop()
if result is None:
    st.stop()

all_sources = appdata.sources_of(result)
if st.session_state.get("shown_sources") != all_sources:  # a new story: new default choice
    st.session_state["shown_sources"] = all_sources
    st.session_state.pop("sources", None)
st.subheader(f"Story: {result.story.story_id}")
for warning in result.warnings:
    st.warning(plain(f"{warning.origin}: {warning.message}"))
chosen = st.multiselect(
    "Sources to compare",
    all_sources,
    default=all_sources[: min(len(all_sources), 2)],
    max_selections=CONFIG.app.max_columns,
    key="sources",
)
if not chosen:
    st.info("Choose at least one source.")
    st.stop()

side, framing, omissions, duplicates, paragraphs, files = st.tabs(
    ["Side by side", "Framing", "Omissions", "Duplicates", "Paragraphs", "Downloads"]
)

with side:
    per_page = CONFIG.app.units_per_page
    shared_only = st.checkbox(
        "Only units that two or more of these sources report", key="shared_only"
    )
    total = len(sidebyside.units_shown(result, chosen, shared_only=shared_only))
    pages = max(1, -(-total // per_page))
    page = int(st.number_input(f"Page (of {pages})", 1, pages, 1, key="unit_page")) - 1
    st.caption(
        f"{total} story units; highlighted words differ from the best-matching paragraph "
        "of the other sources shown. Gaps mark what a source leaves out."
    )
    header = st.columns(len(chosen))
    for column, source in zip(header, chosen, strict=True):
        column.html(f"<b>{escape(source)}</b>")
    shown = sidebyside.side_by_side(
        result, chosen, page=page, per_page=per_page, shared_only=shared_only
    )
    for row in shown:
        st.caption(plain(f"{row.unit_id} · {row.label} · reported by {row.n_sources} source(s)"))
        for column, cell in zip(st.columns(len(chosen)), row.cells, strict=True):
            column.html(cell)  # built by appview: every character of article text escaped
    flagged = appdata.flagged_table(result, chosen)
    with st.expander(f"Boilerplate and repeated paragraphs ({len(flagged)}), left out above"):
        st.dataframe(flagged, hide_index=True, key="side_flagged")

with framing:
    metric = st.selectbox("Measure per source", METRICS, key="framing_metric")
    st.bar_chart(appdata.source_metric(result, metric), horizontal=True)
    kinds = ["(all)", *sorted(appdata.evidence_table(result)["kind"].unique())]
    kind = st.selectbox("Evidence behind the numbers", kinds, key="evidence_kind")
    evidence = appdata.evidence_table(
        result, kind=None if kind == "(all)" else kind, sources=chosen
    )
    st.dataframe(evidence, hide_index=True, key="evidence")
    st.markdown("**Naming variants**")
    st.dataframe(appdata.naming_table(result), hide_index=True, key="naming")
    st.markdown("**Who is quoted**")
    st.dataframe(appdata.quote_table(result), hide_index=True, key="quotes")
    st.markdown("**Framing per source and per unit**")
    st.dataframe(appdata.framing_table(result), hide_index=True, key="framing_table")

with omissions:
    matrix = appdata.omission_table(result, chosen)
    st.caption("Units × sources: which source reports which claim.")
    chart = (
        alt.Chart(matrix)
        .mark_rect()
        .encode(
            x=alt.X("source:N", title=None),
            y=alt.Y("unit_id:N", title=None, sort=None),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(
                    domain=["covered", "unique", "omitted", "partly_covered", "not_covered"],
                    range=["#4c78a8", "#8a5cd1", "#e45756", "#f2b447", "#eeeeee"],
                ),
            ),
            tooltip=["unit_id", "label", "source", "status", "n_covering"],
        )
        .properties(height=max(200, 14 * matrix["unit_id"].nunique()))
    )
    st.altair_chart(chart, width="stretch", key="omission_matrix")
    st.markdown(
        "**What each source leaves out** (units most other sources report; the nearest passage"
        " of the source and its score are the evidence of absence)"
    )
    st.dataframe(appdata.omissions_by_source(result, chosen), hide_index=True, key="omitted")
    st.markdown("**Facts × sources**")
    st.dataframe(appdata.fact_table(result, chosen), hide_index=True, key="facts")

with duplicates:
    st.markdown("**Boilerplate and repeats inside each article**")
    st.dataframe(appdata.flagged_table(result), hide_index=True, key="flagged")
    st.markdown("**Text shared across sources**")
    st.dataframe(appdata.shared_text_table(result), hide_index=True, key="shared_text")

with paragraphs:
    source = st.selectbox("Source", all_sources, key="paragraph_source")
    st.html(appdata.paragraph_html(result, source))  # built by appview, text escaped

with files:
    reports, archive = downloads(result, result.story.story_id, hash(result.story))
    st.download_button(
        "All reports (zip)", archive, f"{result.story.story_id}.zip", key="download_zip"
    )
    for name, data in reports.items():
        mime = "application/json" if name.endswith(".json") else "text/csv"
        st.download_button(name, data, name, mime=mime, key=f"download_{name}")
