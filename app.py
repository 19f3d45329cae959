"""The audit web app: layout and widgets only; everything it shows comes from the library
(`audit.app.inputs` loads and audits, `overview`, `sidebyside` and `data` compute the tables and
the escaped HTML). Serve it with `make app` (`python -m audit.app.serve`)."""

from __future__ import annotations

import streamlit as st

from audit.app import charts, evidence, inputs, overview, sidebyside, stories
from audit.app import data as appdata
from audit.app.view import STYLE, plain, records_html
from audit.config import AuditConfig
from audit.errors import AuditInputError
from audit.framing.summary import METRICS

DEFAULTS = AuditConfig()
# The columns of the naming and quotation tables shown (their ids and spans are in the CSVs).
NAMING_SHOWN = ("group", "form", "source", "count", "rule")
QUOTES_SHOWN = ("source", "speaker", "speaker_kind", "quotes", "quoted_words", "attributions")
st.set_page_config(page_title="audit: compare news coverage", layout="wide")
st.html(STYLE)  # the module's own CSS, no article text in it
# Only the open tab's widgets are drawn, and Streamlit forgets the state of a widget it does
# not draw: these choices are kept across tab switches (their options never change).
for kept in ("map_all", "shared_only", "rewording", "framing_metric", "framing_grid"):
    if kept in st.session_state:
        st.session_state[kept] = st.session_state[kept]

Files = tuple[tuple[str, bytes], ...]
OptionKey = tuple[str, str, bytes]  # separator, config file name, config bytes


def _options(key: OptionKey) -> inputs.Options:
    return inputs.Options(separator=key[0], config_name=key[1], config_toml=key[2])


# Audit results are immutable, so one cached object is shared by every rerun and session
# (cache_resource: no copy per rerun); the key is the input's bytes and the options.
@st.cache_resource(show_spinner="Auditing the bundled story…", max_entries=4)
def bundled(key: OptionKey):
    if key == ("", "", b""):
        return appdata.bundled_result()  # computed once per process, before the server starts
    options = _options(key)
    return inputs.audit_story(inputs.load_bundled(), 0, inputs.config_for(options))


@st.cache_resource(show_spinner="Reading the upload…", max_entries=8)
def loaded_upload(files: Files, names: tuple[tuple[str, str], ...], key: OptionKey):
    config = inputs.config_for(_options(key))
    uploads = [inputs.Upload(name, data) for name, data in files]
    return inputs.load_uploads(uploads, dict(names), config)


@st.cache_resource(show_spinner="Grouping the feed into stories…", max_entries=8)
def grouped_upload(files: Files, names: tuple[tuple[str, str], ...], key: OptionKey):
    loaded = loaded_upload(files, names, key)
    return stories.group_upload(loaded, inputs.config_for(_options(key)))


@st.cache_resource(show_spinner="Auditing the upload (aligning takes longest)…", max_entries=8)
def audited_upload(
    files: Files, names: tuple[tuple[str, str], ...], key: OptionKey, index: int, group: bool
):
    loaded = grouped_upload(files, names, key).loaded if group else loaded_upload(files, names, key)
    bar, report = progress_bar("Auditing the upload")  # made here: replayed with the cache
    result = inputs.audit_story(loaded, index, inputs.config_for(_options(key)), progress=report)
    bar.empty()
    return result


@st.cache_resource(show_spinner="Auditing the pasted texts…", max_entries=8)
def audited_paste(texts: tuple[str, ...], names: tuple[str, ...], key: OptionKey):
    loaded = inputs.load_pasted(texts, names)
    bar, report = progress_bar("Auditing the pasted texts")  # made here: replayed with the cache
    result = inputs.audit_story(loaded, 0, inputs.config_for(_options(key)), progress=report)
    bar.empty()
    return result


@st.cache_resource(max_entries=8)
def run_config(key: OptionKey) -> AuditConfig:
    return inputs.config_for(_options(key))


def _flagged_html(flagged) -> str:
    summary = f"Boilerplate and repeated paragraphs ({len(flagged)}), left out above"
    return records_html(summary, flagged.to_dict("records"), list(flagged.columns))


# What each tab computes from a result (tables, charts, HTML), cached per result and choice so
# that a tab switch only redraws: `result_key` names the input and options the result came
# from and the story it holds (the result itself is not hashed). Values are never mutated.
VIEWS = {
    "framing_table": appdata.framing_table,
    "metric": lambda r, metric, sources: charts.metric_bars(
        appdata.source_metric(r, metric, sources, table=view("framing_table")), metric
    ),
    "evidence_kinds": lambda r: evidence.kinds_of(appdata.evidence_table(r)),
    "evidence_rows": lambda r, kind, sources: appdata.evidence_table(r, kind=kind, sources=sources),
    "evidence": lambda r, kind, sources, page: evidence.evidence_html(
        r, view("evidence_rows", kind, sources), DEFAULTS.app.evidence_per_page, page
    ),
    "evidence_legend": appdata.evidence_legend,
    "headlines": sidebyside.headlines,
    "headline_links": lambda r: overview.headlines_html(overview.headline_matches(r)),
    "wording": appdata.wording_table,
    "naming": appdata.naming_table,
    "quotes": appdata.quote_table,
    "omission_matrix": lambda r, sources: charts.coverage_heatmap(
        appdata.omission_table(r, sources), sources
    ),
    "left_out": appdata.omissions_by_source,
    "facts": appdata.fact_table,
    "flagged": appdata.flagged_table,
    "flagged_html": lambda r, sources: _flagged_html(view("flagged", sources)),
    "shared_text": appdata.shared_text_table,
}


@st.cache_resource(max_entries=256, show_spinner=False)
def _view(name: str, _result, result_key: str, args: tuple):
    return VIEWS[name](_result, *args)


def view(name: str, *args):
    """`VIEWS[name]` of the shown result, computed once per result and arguments."""
    return _view(name, result, result_key, args)


@st.cache_data(max_entries=8, show_spinner="Writing the reports…")
def downloads(_result, story_key: str) -> tuple[dict[str, bytes], bytes]:
    files = appdata.report_files(_result, DEFAULTS)
    return files, appdata.report_zip(_result, files)


def progress_bar(label: str):
    bar = st.progress(0.0, text=label)

    def report(stage: str, done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"{label}: {stage} {done} of {total}")

    return bar, report


def choose_options() -> OptionKey:
    with st.expander("Options"):
        separator = st.text_input(
            "Paragraph separator",
            key="separator",
            help="A marker that joins paragraphs, e.g. ' ### ' in the wire scrapes. "
            "Leave empty for blank lines or newlines.",
        )
        config = st.file_uploader("Config (TOML)", type=["toml"], key="config_upload")
    if config is None:
        return separator, "", b""
    return separator, config.name, config.getvalue()


def choose_story():
    with st.sidebar:
        st.header("Story")
        mode = st.radio(
            "Input", ["Bundled example", "Upload files", "Paste texts"], key="input_mode"
        )
        key = choose_options()
        if mode == "Upload files":
            files = st.file_uploader(
                "Articles (txt, md, html, csv, jsonl, parquet; "
                f"at most {DEFAULTS.app.max_upload_mb} MB)",
                type=list(inputs.UPLOAD_TYPES),
                accept_multiple_files=True,
                key="uploads",
            )
            if not files:
                st.info("Upload two or more articles to compare them.")
                return None
            got = tuple((f.name, f.getvalue()) for f in files)
            names = tuple(
                (name, st.text_input(f"Source of {name}", key=f"upload_name_{i}"))
                for i, (name, _) in enumerate(got)
                if inputs.renamable(name)
            )
            loaded = loaded_upload(got, names, key)
            feed = stories.is_feed(loaded)  # rows without a story_id: grouped at once
            group = feed or st.checkbox("Group into stories", key="group_stories")
            if feed:
                st.caption("No story_id in the upload: its articles are grouped into stories.")
            labels = inputs.story_choices(loaded)
            if group:
                grouped = grouped_upload(got, names, key)
                FOUND[:] = grouped.found  # for the story's heading
                labels = stories.story_labels(grouped)
                with found_box:  # the main area, above the audit
                    st.markdown(f"**Stories found in the upload** ({len(labels)})")
                    st.dataframe(
                        stories.found_rows(grouped.found), hide_index=True, key="found_stories"
                    )
            index = 0
            if len(labels) > 1:
                with picker_box:  # the main area: the sidebar cut the labels off
                    pick = st.selectbox(
                        f"Story ({len(labels)} in the upload)", labels, key="story_pick"
                    )
                index = labels.index(pick)
            made = ("upload", hash((got, names, key, index, group)))
            return audited_upload(got, names, key, index, group), made, key
        if mode == "Paste texts":
            count = st.number_input("Texts", 2, 8, 2, key="paste_count")
            texts, names = [], []
            for i in range(int(count)):
                names.append(st.text_input(f"Source {i + 1}", key=f"paste_name_{i}"))
                texts.append(st.text_area(f"Text {i + 1}", key=f"paste_text_{i}", height=120))
            if sum(1 for t in texts if t.strip()) < 1:
                st.info("Paste the articles to compare, one per box.")
                return None
            made = ("paste", hash((tuple(texts), tuple(names), key)))
            return audited_paste(tuple(texts), tuple(names), key), made, key
    return bundled(key), ("bundled", hash(key)), key


st.title("audit")
st.caption("How different outlets cover the same story, with evidence for every flag.")
FOUND: list[stories.FoundStory] = []  # the stories a grouped upload holds (this run only)
found_box = st.container()  # the stories found when an upload is grouped
picker_box = st.container()  # the story picker, when an upload holds several stories
try:
    chosen_story = choose_story()
except AuditInputError as error:
    st.error(str(error))
    st.stop()
if chosen_story is None:
    st.stop()
result, made_from, options_key = chosen_story
# the run's alignment settings: the side by side view classes its highlights by them
align_config = run_config(options_key).align

all_sources = appdata.sources_of(result)
story_key = f"{result.story.story_id}:{hash(result.story)}"
result_key = f"{made_from}:{story_key}"  # the input and options, and the story they gave
if st.session_state.get("shown_story") != story_key:  # a new story or a renamed source
    st.session_state["shown_story"] = story_key
    st.session_state["sources"] = all_sources[: DEFAULTS.app.max_columns]
    st.session_state.pop("claim_pick", None)
st.subheader(stories.story_title(result.story.story_id, FOUND))
for warning in result.warnings:
    st.warning(plain(f"{warning.origin}: {warning.message}"))
chosen = st.multiselect("Sources to compare", all_sources, key="sources")
if not chosen:
    st.info("Choose at least one source.")
    st.stop()


def overview_tab() -> None:
    every = overview.claims(result)
    st.markdown("**The outlets**")
    outlets = overview.outlets(result, every)
    st.html(overview.outlets_html(outlets))  # built by the library, text escaped
    st.html(view("headline_links"))  # escaped
    st.html(overview.sentences_html([o.source for o in outlets], every))  # escaped
    shared = [c for c in every if c.n_reporting >= 2]
    show_all = st.checkbox(
        f"Also claims only one outlet reports ({len(every) - len(shared)} more)", key="map_all"
    )
    shown = list(every) if show_all else shared
    st.markdown(f"**Who reports which claim** ({len(shown)} claim{'' if len(shown) == 1 else 's'})")
    st.html(overview.coverage_html(shown, all_sources))  # built by the library, text escaped
    if shown:
        labels = [f"{i}. {c.text}" for i, c in enumerate(shown, start=1)]
        pick = st.selectbox("See a claim side by side", labels, key="claim_pick")
        claim = shown[labels.index(pick)] if pick in labels else shown[0]
        rows = sidebyside.side_by_side(
            result, all_sources, unit_ids=[claim.unit_id], align=align_config
        )
        st.html(sidebyside.diff_legend())
        st.html(sidebyside.table_html(rows, all_sources, view("headlines")))


def side_tab() -> None:
    per_page = DEFAULTS.app.units_per_page
    shared_only = st.checkbox(
        "Only units that two or more of these sources report", key="shared_only"
    )
    rewording = st.checkbox("Also mark plain rewording (faint)", key="rewording")
    total = len(sidebyside.units_shown(result, chosen, shared_only=shared_only))
    pages = max(1, -(-total // per_page))
    page = int(st.number_input(f"Page (of {pages})", 1, pages, 1, key="unit_page")) - 1
    st.caption(
        f"{total} story units in reading order; each cell is compared with the best-matching "
        "paragraph of the other sources shown. Gaps mark a claim a source has no paragraph for,"
        " and say whether the source carries it in other words (with its nearest passage)."
    )
    st.html(sidebyside.diff_legend(rewording=rewording))
    shown_rows = sidebyside.side_by_side(
        result,
        chosen,
        page=page,
        per_page=per_page,
        shared_only=shared_only,
        rewording=rewording,
        align=align_config,
    )
    # built by the library, text escaped
    st.html(sidebyside.table_html(shown_rows, chosen, view("headlines")))
    # escaped HTML, not a data grid: a grid is drawn on every switch, even in a closed expander
    st.html(view("flagged_html", tuple(chosen)))


def framing_tab() -> None:
    metric = st.selectbox("Measure per source", METRICS, key="framing_metric")
    st.html(view("metric", metric, tuple(chosen)))  # built by the library, text escaped
    kinds = ["(all)", *view("evidence_kinds")]
    kind = st.selectbox(
        "Evidence behind the numbers", kinds, key="evidence_kind", format_func=appdata.kind_words
    )
    picked = (None if kind == "(all)" else kind, tuple(chosen))
    rows = view("evidence_rows", *picked)
    pages = evidence.pages(rows, DEFAULTS.app.evidence_per_page)
    if st.session_state.get("evidence_page", 1) > pages:  # fewer rows since the page was set
        st.session_state["evidence_page"] = 1
    page = 0
    if pages > 1:
        page = (
            int(st.number_input(f"Evidence page (of {pages})", 1, pages, 1, key="evidence_page"))
            - 1
        )
    paging = f", {DEFAULTS.app.evidence_per_page} a page" if pages > 1 else ""
    st.caption(
        f"{len(rows)} pieces of evidence{paging}; all of them are in evidence.csv (Downloads)"
    )
    st.html(view("evidence_legend"))
    st.html(view("evidence", *picked, page))  # built by the library, text escaped
    # One data grid at a time: each is an interactive canvas the browser lays out and tears
    # down on every switch (four of them made the next tab's switch slow).
    grids = framing_grids()
    if st.session_state.get("framing_grid", "") not in grids:  # another story: no word choice
        st.session_state.pop("framing_grid", None)
    grid = st.radio("Table", list(grids), key="framing_grid", horizontal=True)
    key, about, table, columns = grids[grid]
    st.caption(about)
    st.dataframe(table, hide_index=True, key=key, column_order=columns)


Grid = tuple[str, str, object, tuple[str, ...] | None]  # key, what it holds, table, columns


def framing_grids() -> dict[str, Grid]:
    """Framing's tables by label: the grid's key, what it holds, the table, the columns shown."""
    grids: dict[str, Grid] = {}
    wording = view("wording", tuple(chosen))
    if wording is not None:
        words = "One outlet's word against another's, for the same claim (wording.csv)."
        grids["Word choice"] = ("wording", words, wording, None)
    grids["Naming variants"] = (
        "naming",
        "The forms each source names the same person or place by (naming.csv).",
        view("naming"),
        NAMING_SHOWN,
    )
    grids["Who is quoted"] = (
        "quotes",
        "Speakers, their quotes and attributions per source (quotes.csv).",
        view("quotes"),
        QUOTES_SHOWN,
    )
    grids["Framing per source and per unit"] = (
        "framing_table",
        "Every framing measure per source and per story unit (framing.csv).",
        view("framing_table"),
        None,
    )
    return grids


def omissions_tab() -> None:
    st.caption(
        "Units × sources: which source reports which claim (hover a cell for its label,"
        " status and nearest passage score)."
    )
    st.html(view("omission_matrix", tuple(chosen)))  # built by the library, text escaped
    st.markdown(
        "**What each source leaves out or only partly reports** (units most other sources"
        " report; the nearest passage of the source and its score are the evidence)"
    )
    left_out = view("left_out", tuple(chosen))
    if left_out.empty:
        st.caption("None: every claim most of these sources report is in each of them.")
    else:
        st.dataframe(left_out, hide_index=True, key="omitted")
    st.markdown("**Facts × sources**")
    st.dataframe(view("facts", tuple(chosen)), hide_index=True, key="facts")


def duplicates_tab() -> None:
    st.markdown("**Boilerplate and repeats inside each article**")
    st.dataframe(view("flagged", ()), hide_index=True, key="flagged")
    st.markdown("**Text shared across sources**")
    st.dataframe(view("shared_text"), hide_index=True, key="shared_text")


def paragraphs_tab() -> None:
    source = st.selectbox("Source", all_sources, key="paragraph_source")
    st.html(appdata.evidence_legend(result))
    st.html(appdata.paragraph_html(result, source))  # built by the library, text escaped


def downloads_tab() -> None:
    # Writing every report takes about a second on the bundled story: only on request.
    if st.button("Prepare the report files", key="prepare_downloads"):
        st.session_state["downloads_for"] = story_key
    if st.session_state.get("downloads_for") == story_key:
        reports, archive = downloads(result, story_key)
        st.download_button(
            "All reports (zip)", archive, f"{result.story.story_id}.zip", key="download_zip"
        )
        for name, content in reports.items():
            mime = "application/json" if name.endswith(".json") else "text/csv"
            st.download_button(name, content, name, mime=mime, key=f"download_{name}")


TABS = {
    "Overview": overview_tab,
    "Side by side": side_tab,
    "Framing": framing_tab,
    "Omissions": omissions_tab,
    "Duplicates": duplicates_tab,
    "Paragraphs": paragraphs_tab,
    "Downloads": downloads_tab,
}
# Only the open tab is computed and drawn (a tab switch reruns): the first page shows the
# overview without waiting for every other tab's tables and charts.
for tab, show in zip(st.tabs(list(TABS), key="tab", on_change="rerun"), TABS.values(), strict=True):
    if tab.open:
        with tab:
            show()
