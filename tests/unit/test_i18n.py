"""Every interface string exists in both languages."""

from __future__ import annotations

import string

from moderator.i18n import Msg, catalogue, translate


def test_both_languages_have_the_same_keys() -> None:
    assert set(catalogue("vi")) == set(catalogue("en"))


def test_both_languages_use_the_same_placeholders() -> None:
    fields = string.Formatter()
    for key, vi_text in catalogue("vi").items():
        vi_names = {name for _, name, _, _ in fields.parse(vi_text) if name}
        en_names = {name for _, name, _, _ in fields.parse(catalogue("en")[key]) if name}
        assert vi_names == en_names, key


def test_nested_messages_and_field_names_are_translated() -> None:
    inner = Msg("field_required", {"field": "name"})
    assert translate("cli_import_bad_row", "vi", path="a.csv", line=3, reason=inner) == (
        "a.csv: dòng 3: Họ tên không được để trống."
    )
    assert inner.text("en") == "Name must not be empty."
