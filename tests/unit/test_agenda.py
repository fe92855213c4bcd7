"""The agenda model, the shipped agenda files, and the one-line errors a secretary sees."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pydantic import ValidationError

from moderator.agenda_summary import agenda_summary
from moderator.domain.agenda import (
    DEFAULT_AGENDA,
    PACKAGE_AGENDAS,
    Agenda,
    AgendaError,
    load_agenda,
    parse_agenda,
)

REPO_AGENDAS = Path(__file__).resolve().parents[2] / "agendas"
SHIPPED = ["trung-son-2024.toml", "town-hall-en.toml"]

# The smallest agenda that passes; each error test breaks exactly one thing in it.
MINIMAL = """\
title = "Đối thoại"
organiser = "UBND xã A"
commune = "A"
participants = ["Nhân dân"]
locations = ["Hội trường"]
villages = ["Thôn 1", "Thôn 2"]
distribution = ["Lưu: VT"]

[chair]
role = "Chủ tịch UBND xã"

[rules]
text = ["Trật tự"]
petition_seconds = 180
response_seconds = 300
warning_seconds = 30

[[responders]]
id = "dia_chinh"
role = "Công chức Địa chính – Xây dựng"

[[areas]]
id = "dat_dai"
name = "Đất đai"
responder = "dia_chinh"

[[steps]]
id = "opening"
kind = "opening"
title = "Khai mạc"
script = "Xin chào."
planned_minutes = 10

[[steps]]
id = "floor"
kind = "floor"
title = "Ý kiến"
script = ""
planned_minutes = 30
"""


@pytest.fixture(scope="module")
def trung_son() -> Agenda:
    return load_agenda(REPO_AGENDAS / "trung-son-2024.toml")


def write(tmp_path: Path, text: str, name: str = "agenda.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(AgendaError) as caught:
        load_agenda(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    return message


# --- shipped files ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_agendas_load(name: str) -> None:
    agenda = load_agenda(REPO_AGENDAS / name)
    assert agenda.steps
    for area in agenda.areas:
        assert agenda.default_responder(area.id) is not None


@pytest.mark.parametrize("name", SHIPPED)
def test_packaged_copy_matches_the_repo_root_file(name: str) -> None:
    # The wheel ships moderator/agendas/; users edit agendas/. They must not drift apart.
    assert (PACKAGE_AGENDAS / name).read_bytes() == (REPO_AGENDAS / name).read_bytes()


def test_default_agenda_is_the_checkout_file() -> None:
    assert DEFAULT_AGENDA == REPO_AGENDAS / "trung-son-2024.toml"


def test_the_english_agenda_has_its_own_shape() -> None:
    agenda = load_agenda(REPO_AGENDAS / "town-hall-en.toml")
    assert agenda.language == "en"
    assert [s.id for s in agenda.steps] == ["welcome", "questions", "answers", "wrap-up"]


# --- the Trung Sơn plan ----------------------------------------------------------------------


def test_trung_son_has_the_six_steps_of_the_plan_in_order(trung_son: Agenda) -> None:
    assert [(s.id, s.kind) for s in trung_son.steps] == [
        ("opening", "opening"),
        ("registered", "petitions"),
        ("floor", "floor"),
        ("responses", "responses"),
        ("conclusion", "conclusion"),
        ("closing", "closing"),
    ]
    assert trung_son.step("closing").title == "Tuyên bố kết thúc buổi đối thoại"
    assert all(s.script.strip() for s in trung_son.steps)
    assert 120 <= sum(s.planned_minutes for s in trung_son.steps) <= 180


def test_trung_son_organiser_chair_and_secretary(trung_son: Agenda) -> None:
    assert trung_son.organiser == "UBND xã Trung Sơn"
    assert trung_son.commune == "Trung Sơn"
    assert trung_son.language == "vi"
    assert (trung_son.chair.role, trung_son.chair.name) == ("Chủ tịch UBND xã", "Diêm Đăng Nghiệp")
    assert trung_son.secretary is not None
    assert "Văn phòng – Thống kê" in trung_son.secretary.role
    assert any("Điều 125" in line for line in trung_son.legal_basis)


def test_trung_son_has_twelve_villages(trung_son: Agenda) -> None:
    assert trung_son.villages == [f"Thôn {n}" for n in range(1, 13)]


def test_trung_son_areas_have_valid_default_responders(trung_son: Agenda) -> None:
    assert [(a.id, a.name) for a in trung_son.areas] == [
        ("dat_dai", "Đất đai"),
        ("moi_truong", "Vệ sinh môi trường"),
        ("attp", "An toàn thực phẩm"),
        ("gpmb", "Đền bù giải phóng mặt bằng"),
        ("chinh_sach", "Chế độ chính sách người có công"),
        ("khac", "Khác"),
    ]
    land = trung_son.default_responder("dat_dai")
    assert land is not None
    assert land.role == "Công chức Địa chính – Xây dựng"


def test_trung_son_distribution_list(trung_son: Agenda) -> None:
    assert trung_son.distribution == [
        "12 thôn",
        "UBND huyện (b/c)",
        "TT Đảng ủy-HĐND (b/c)",
        "CT, các PCT xã",
        "Trưởng, phó các ban ngành đoàn thể",
        "Đài truyền thanh xã",
        "Lưu: VT",
    ]


def test_trung_son_rules_and_limits(trung_son: Agenda) -> None:
    rules = trung_son.rules
    assert (rules.petition_seconds, rules.response_seconds, rules.warning_seconds) == (180, 300, 30)
    text = " ".join(rules.text)
    for phrase in ("Tôn trọng sự điều hành", "ngắn gọn", "trùng lặp", "chất kích thích"):
        assert phrase in text


def test_trung_son_locations(trung_son: Agenda) -> None:
    assert trung_son.locations[0] == "Hội trường UBND xã Trung Sơn"
    assert "Nhà văn hoá Thôn 12" in trung_son.locations


# --- lookups ---------------------------------------------------------------------------------


def test_step_lookup(trung_son: Agenda) -> None:
    assert trung_son.step("floor").kind == "floor"
    assert trung_son.step_index("responses") == 3
    with pytest.raises(KeyError):
        trung_son.step("nope")
    with pytest.raises(KeyError):
        trung_son.step_index("nope")


def test_default_responder_without_a_known_area(trung_son: Agenda) -> None:
    assert trung_son.default_responder(None) is None
    assert trung_son.default_responder("nope") is None
    assert trung_son.responder("nope") is None
    assert trung_son.area("nope") is None


@pytest.mark.parametrize(
    ("typed", "area_id"),
    [
        ("Đất đai", "dat_dai"),
        ("dat dai", "dat_dai"),
        ("DAT DAI", "dat_dai"),
        ("dat_dai", "dat_dai"),
        ("  đất   đai ", "dat_dai"),
        ("ve sinh moi truong", "moi_truong"),
        ("moi truong", "moi_truong"),
        ("attp", "attp"),
        ("an toan thuc pham", "attp"),
        ("GPMB", "gpmb"),
        ("đền bù", "gpmb"),
        ("chinh sach", "chinh_sach"),
        ("khac", "khac"),
        ("Khác", "khac"),
    ],
)
def test_find_area(trung_son: Agenda, typed: str, area_id: str) -> None:
    found = trung_son.find_area(typed)
    assert found is not None
    assert found.id == area_id


@pytest.mark.parametrize("typed", ["", "   ", "xyz", "d", "dat dai moi"])
def test_find_area_gives_none_when_unknown_or_ambiguous(trung_son: Agenda, typed: str) -> None:
    assert trung_son.find_area(typed) is None


@pytest.mark.parametrize(
    ("typed", "village"),
    [
        ("Thôn 3", "Thôn 3"),
        ("thôn 3", "Thôn 3"),
        ("thon 3", "Thôn 3"),
        ("THON 3", "Thôn 3"),
        ("thon3", "Thôn 3"),
        ("3", "Thôn 3"),
        ("03", "Thôn 3"),
        ("1", "Thôn 1"),
        ("12", "Thôn 12"),
        ("thon 12", "Thôn 12"),
    ],
)
def test_find_village(trung_son: Agenda, typed: str, village: str) -> None:
    assert trung_son.find_village(typed) == village


@pytest.mark.parametrize("typed", ["", "13", "thon", "xom 3x", "0"])
def test_find_village_gives_none_when_unknown_or_ambiguous(trung_son: Agenda, typed: str) -> None:
    assert trung_son.find_village(typed) is None


def test_find_area_prefers_an_id_to_another_areas_name() -> None:
    extra = '\n[[areas]]\nid = "khac"\nname = "Dat dai cu"\nresponder = "dia_chinh"\n'
    agenda = parse_agenda(MINIMAL.replace('id = "dat_dai"', 'id = "dat"') + extra)
    found = agenda.find_area("dat")
    assert found is not None
    assert found.name == "Đất đai"
    assert agenda.find_area("dat da") is None  # a partial of both names: ambiguous


def test_summary_names_what_was_loaded(trung_son: Agenda) -> None:
    text = "\n".join(agenda_summary(trung_son, "en"))
    assert trung_son.title in text
    assert "UBND xã Trung Sơn" in text
    assert "Diêm Đăng Nghiệp" in text
    assert "6 steps" in text
    assert "opening, registered, floor, responses, conclusion, closing" in text
    assert "12 villages" in text
    assert "6 areas" in text
    assert "petition 3:00" in text
    assert "response 5:00" in text
    assert "12 thôn" in "\n".join(agenda_summary(trung_son))


# --- parsing details -------------------------------------------------------------------------


def test_minimal_agenda_parses() -> None:
    agenda = parse_agenda(MINIMAL)
    assert agenda.secretary is None
    assert agenda.legal_basis == []
    assert agenda.language == "vi"


def test_snapshot_round_trip(trung_son: Agenda) -> None:
    # Sessions keep a JSON snapshot of their agenda; it must read back identical.
    assert Agenda.model_validate(trung_son.model_dump(mode="json")) == trung_son


def test_checks_also_apply_outside_the_loader() -> None:
    data = parse_agenda(MINIMAL).model_dump(mode="json")
    data["steps"][1]["id"] = "opening"
    with pytest.raises(ValidationError, match="duplicate step id"):
        Agenda.model_validate(data)


def test_decomposed_unicode_is_stored_composed() -> None:
    decomposed = unicodedata.normalize("NFD", MINIMAL)
    agenda = parse_agenda(decomposed)
    assert agenda.areas[0].name == unicodedata.normalize("NFC", "Đất đai")
    assert agenda.find_area("dat dai") is not None


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert load_agenda(path).commune == "A"


def test_the_agenda_module_imports_no_ui_or_storage() -> None:
    code = (
        "import sys, moderator.domain.agenda; "
        "print(sorted(m for m in ('textual', 'rich', 'tinydb') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# --- one-line errors -------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    message = load_error(tmp_path / "absent.toml")
    assert message.endswith("file not found")


def test_empty_file(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, "\n  \n"))
    assert message.endswith("the file is empty")


def test_comments_only_file(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, "# chưa có gì\n"))
    assert "empty" in message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'title = "Tr\xfang S\xf4n"\n')  # Latin-1, as an old editor might save
    assert "UTF-8" in load_error(path)


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    broken = MINIMAL.replace('commune = "A"', "commune = A")
    message = load_error(write(tmp_path, broken))
    assert ": line 3, column 11: TOML syntax error" in message


def test_no_steps(tmp_path: Path) -> None:
    no_steps = "steps = []\n" + MINIMAL.split("[[steps]]")[0]
    message = load_error(write(tmp_path, no_steps))
    assert ": steps: at least one" in message


def test_steps_key_missing(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, MINIMAL.split("[[steps]]")[0]))
    assert message.endswith(": steps: required key is missing")


def test_duplicate_step_id(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, MINIMAL.replace('id = "floor"', 'id = "opening"')))
    assert ": steps.1.id: duplicate step id 'opening'" in message


def test_duplicate_area_id(tmp_path: Path) -> None:
    extra = '\n[[areas]]\nid = "dat_dai"\nname = "Khác"\nresponder = "dia_chinh"\n'
    message = load_error(write(tmp_path, MINIMAL + extra))
    assert ": areas.1.id: duplicate area id 'dat_dai'" in message


def test_duplicate_responder_id(tmp_path: Path) -> None:
    extra = '\n[[responders]]\nid = "dia_chinh"\nrole = "Khác"\n'
    message = load_error(write(tmp_path, MINIMAL + extra))
    assert ": responders.1.id: duplicate responder id 'dia_chinh'" in message


def test_duplicate_village_after_folding(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, MINIMAL.replace('"Thôn 2"', '"thon 1"')))
    assert ": villages.1: duplicate village 'thon 1'" in message


def test_unknown_area_responder(tmp_path: Path) -> None:
    broken = MINIMAL.replace('responder = "dia_chinh"', 'responder = "dia_chin"')
    message = load_error(write(tmp_path, broken))
    assert ": areas.0.responder: unknown responder 'dia_chin'" in message
    assert "did you mean 'dia_chinh'" in message


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        # The warning comes before the end of the turn it warns of.
        ("warning_seconds = 30", "warning_seconds = 180", "rules.warning_seconds: must be less than petition_seconds"),
        ("warning_seconds = 30", "warning_seconds = 200", "rules.warning_seconds: must be less than petition_seconds"),
        ("response_seconds = 300", "response_seconds = 30", "rules.warning_seconds: must be less than response_seconds"),
        # Times are positive.
        ("petition_seconds = 180", "petition_seconds = 0", "rules.petition_seconds: must be greater than 0"),
        ("planned_minutes = 30", "planned_minutes = -5", "steps.1.planned_minutes: must be greater than 0"),
    ],
)  # fmt: skip
def test_times_out_of_range_are_named(tmp_path: Path, old: str, new: str, error: str) -> None:
    message = load_error(write(tmp_path, MINIMAL.replace(old, new)))
    assert f": {error}" in message


def test_wrong_type(tmp_path: Path) -> None:
    broken = MINIMAL.replace("planned_minutes = 30", 'planned_minutes = "ten"')
    message = load_error(write(tmp_path, broken))
    assert ": steps.1.planned_minutes: must be a whole number" in message
    assert "'ten'" in message
    assert "id 'floor'" in message


def test_unknown_key(tmp_path: Path) -> None:
    broken = MINIMAL.replace('title = "Ý kiến"', 'titel = "Ý kiến"')
    message = load_error(write(tmp_path, broken))
    assert ": steps.1.titel: unknown key (did you mean 'title'?)" in message


def test_unknown_step_kind(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, MINIMAL.replace('kind = "floor"', 'kind = "hỏi"')))
    assert ": steps.1.kind: " in message
    assert "'hỏi'" in message


def test_id_with_diacritics(tmp_path: Path) -> None:
    message = load_error(write(tmp_path, MINIMAL.replace('id = "dat_dai"', 'id = "đất đai"')))
    assert ": areas.0.id: use only letters" in message


@pytest.mark.parametrize(
    ("key", "old"), [("villages", '"Thôn 1", "Thôn 2"'), ("locations", '"Hội trường"')]
)
def test_empty_villages_or_locations(tmp_path: Path, key: str, old: str) -> None:
    message = load_error(write(tmp_path, MINIMAL.replace(old, "")))
    assert f": {key}: at least one" in message


def test_parse_agenda_names_its_source() -> None:
    with pytest.raises(AgendaError, match=r"^pasted\.toml: organiser: required key is missing$"):
        parse_agenda(MINIMAL.replace('organiser = "UBND xã A"\n', ""), "pasted.toml")
