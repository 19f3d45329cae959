"""The audit web app: layout and widgets only; everything it shows comes from the library."""

from __future__ import annotations

import streamlit as st

from audit.appdata import KINDS, bundled_result, paragraph_table

st.set_page_config(page_title="audit: compare news coverage", layout="wide")
st.title("audit")
st.caption("How different outlets cover the same story, with evidence for every flag.")

result = st.cache_resource(bundled_result)()
table = paragraph_table(result)
st.subheader(f"Story: {result.story.story_id}")

sources = sorted(table["source"].unique())
chosen = st.multiselect("Sources", sources, default=sources, key="sources")
kinds = st.multiselect("Paragraph kinds", KINDS, default=list(KINDS), key="kinds")
shown = table[table["source"].isin(chosen) & table["kind"].isin(kinds)]
st.metric("Paragraphs shown", len(shown))
# st.dataframe renders cells as text, never as HTML, so untrusted article text is safe here.
st.dataframe(
    shown[["source", "para_id", "kind", "reason", "duplicate_of", "text"]],
    hide_index=True,
    key="paragraphs",
)
