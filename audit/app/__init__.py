"""What the Streamlit page shows, computed by the library (`data`, `sidebyside`) and escaped
for HTML (`view`); `app.py` at the top of the repository lays it out."""
