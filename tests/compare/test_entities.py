from __future__ import annotations

import pytest

from audit.compare.entities import (
    COUNTED_CLASSES,
    DEMONYMS,
    FIRST_NAMES,
    NAME_ALIASES,
    demonym_country,
    name_key,
    resolve,
    surname_candidates,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("U.S.", "United States"),
        ("US", "America"),
        ("Rudolph W. Giuliani", "Rudy Giuliani"),
        ("Robert S. Mueller III", "Robert Mueller"),
        ("the Justice Department", "The Department of Justice"),
        ("U.S. Department of Commerce", "the Commerce Department"),
        ("Kim Jong-un", "Kim Jong Un"),
        ("Trump's", "Trump"),
        ("Center for Strategic & Budget Studies", "Center for Strategic and Budget Studies"),
        ("Nato", "NATO"),
        ("the Pentagon", "Defense Department"),
    ],
)  # fmt: skip
def test_one_entity_one_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_different_people_keep_different_keys() -> None:
    assert name_key("Kim Jong-un") != name_key("Kim Jong-il")
    assert name_key("Michael Cohen") != name_key("Yossi Cohen")


def test_initialisms_resolve_to_the_one_expansion_of_the_story() -> None:
    found = resolve(["iaea", "international atomic energy agency", "jcpoa",
                     "joint comprehensive plan of action", "ap", "associated press"])  # fmt: skip
    assert found["iaea"] == "international atomic energy agency"
    assert found["jcpoa"] == "joint comprehensive plan of action"  # with the "of"
    assert found["ap"] == "associated press"


def test_people_named_with_fewer_words_and_surnames() -> None:
    found = resolve(["sarah sanders", "sarah huckabee sanders", "giuliani", "rudolph giuliani"])
    assert found["sarah sanders"] == "sarah huckabee sanders"
    assert found["giuliani"] == "rudolph giuliani"


def test_a_name_cut_before_a_joiner_a_plural_s_and_a_misspelt_surname() -> None:
    found = resolve(["moon jae", "moon jae in", "workers party", "worker party of korea",
                     "thomas hoffler", "thomas hofeller"])  # fmt: skip
    assert found["moon jae"] == "moon jae in"  # "Moon Jae In." cut before "In"
    assert found["worker party of korea"] == "workers party"
    assert found["thomas hoffler"] == found["thomas hofeller"] == "thomas hofeller"
    assert name_key("Tom Hofeller") == "thomas hofeller"


def test_close_surnames_of_different_people_stay_apart() -> None:
    found = resolve(["thomas hoffler", "james hofeller", "john smith", "john smyth",
                     "john kerry", "john kelly"])  # fmt: skip
    assert found["thomas hoffler"] == "thomas hoffler"  # another first name
    assert found["john kerry"] == "john kerry"  # "ker"/"kel": other first letters
    assert found["john smith"] == "john smith" and found["john smyth"] == "john smyth"


def test_an_ambiguous_surname_stays_itself_and_names_its_candidates() -> None:
    keys = ["trump", "donald trump", "ivanka trump"]
    assert resolve(keys)["trump"] == "trump"
    assert surname_candidates("trump", keys) == ["donald trump", "ivanka trump"]


def test_demonyms_name_their_state() -> None:
    assert demonym_country("Russian") == "russia"
    assert demonym_country("American") == "us" == name_key("U.S.")
    assert demonym_country("Paris") is None


def test_every_alias_table_entry_has_a_reason() -> None:
    import tomllib
    from importlib.resources import files

    data = tomllib.loads(files("audit.compare").joinpath("aliases.toml").read_text("utf-8"))
    for section in ("names", "demonyms", "first_names", "counted", "roles"):
        assert data[section]
        for form, entry in data[section].items():
            assert len(entry) == 2 and entry[1].strip(), (section, form)
    assert NAME_ALIASES and DEMONYMS and FIRST_NAMES and COUNTED_CLASSES
