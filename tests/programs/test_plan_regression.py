"""The plan reader on the regression set (tests/programs/regression: 30 published documents, 390 targets
labelled by hand): the totals may not fall below what the reader reaches today. A floor, not a timing.
The unseen sets (tests/programs/unseen, unseen2 to unseen16, unseen18) were each built blind and first measured so;
all have since become development sets (their failures read while rules were written, the fifth from reader12's round,
the sixth from reader14's, the seventh from reader15's and reader16's, the ninth and tenth from reader19's and
reader20's, the eleventh from reader22's, the twelfth from reader23's, the thirteenth from reader24's, the fourteenth
from reader25's, the fifteenth from reader26's, the sixteenth from reader27's, the eighteenth from reader30's), so
their figures no longer measure documents nobody has shown us, and each is held to a floor below. unseen17 (plans'
own words only) and unseen19, the blind ones, have only their quotes checked. The figures and how they were
measured: docs/plan-import.md."""

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ansinh.programs.plan_import.scoring import (
    Candidate,
    DocumentScore,
    Expected,
    agreement_folder,
    match_candidates,
    read_labels,
    score_folder,
    squash,
    totals,
    typed_end_year,
    wrong_fields,
)

REGRESSION = Path(__file__).resolve().parent / "regression"
UNSEEN = Path(__file__).resolve().parent / "unseen"
UNSEEN2 = Path(__file__).resolve().parent / "unseen2"
UNSEEN3 = Path(__file__).resolve().parent / "unseen3"
UNSEEN4 = Path(__file__).resolve().parent / "unseen4"
UNSEEN5 = Path(__file__).resolve().parent / "unseen5"
UNSEEN6 = Path(__file__).resolve().parent / "unseen6"
UNSEEN7 = Path(__file__).resolve().parent / "unseen7"
UNSEEN8 = Path(__file__).resolve().parent / "unseen8"
UNSEEN9 = Path(__file__).resolve().parent / "unseen9"
UNSEEN10 = Path(__file__).resolve().parent / "unseen10"
UNSEEN11 = Path(__file__).resolve().parent / "unseen11"
UNSEEN12 = Path(__file__).resolve().parent / "unseen12"
UNSEEN13 = Path(__file__).resolve().parent / "unseen13"
UNSEEN14 = Path(__file__).resolve().parent / "unseen14"
UNSEEN15 = Path(__file__).resolve().parent / "unseen15"
UNSEEN16 = Path(__file__).resolve().parent / "unseen16"
UNSEEN17 = Path(__file__).resolve().parent / "unseen17"
UNSEEN18 = Path(__file__).resolve().parent / "unseen18"
UNSEEN19 = Path(__file__).resolve().parent / "unseen19"

# Each set's floor and its false-alarm ceiling are checked on one reading of it: the reader is deterministic, and
# reading the sets twice cost the suite about 8 s.
scored = cache(score_folder)


# Targets whole (kind, comparator, value, value_max, unit, year, base year all right), and targets read
# that no label holds and no review flag marks, for the documents developed on and those once held out (every
# third; printed apart still, but developed against since the reader13 round and no longer blind).
FLOORS = {"developed": (273, 0), "held_out": (101, 0)}


def test_the_reader_stays_at_least_as_good_as_today() -> None:
    scores = scored(REGRESSION)
    assert len(scores) == 30
    for name, total in zip(("developed", "held_out"), totals(scores), strict=True):
        whole_floor, invented_ceiling = FLOORS[name]
        assert total.whole >= whole_floor, (name, total.whole, total.expected)
        assert total.invented_unflagged <= invented_ceiling, (name, total.invented_unflagged)
    assert sum(total.expected for total in totals(scores)) == 390


# The unseen sets developed against (all but the newest, still blind): targets whole, and none invented without a
# review flag (reader17's signs of a weak reading brought the seventh and eighth to a flag, reader20's the ninth and
# tenth, reader22's the eleventh, reader23's the twelfth, reader24's the thirteenth, reader25's the fourteenth,
# reader26's the fifteenth, reader27's the sixteenth, reader30's the eighteenth; docs/plan-import.md).
DEVELOPED_SETS = {
    UNSEEN: 124,
    UNSEEN2: 102,
    UNSEEN3: 99,
    UNSEEN4: 107,
    UNSEEN5: 94,
    UNSEEN6: 106,
    UNSEEN7: 111,
    UNSEEN8: 83,
    UNSEEN9: 96,
    UNSEEN10: 102,
    UNSEEN11: 109,
    UNSEEN12: 78,
    UNSEEN13: 105,
    UNSEEN14: 91,
    UNSEEN15: 70,
    UNSEEN16: 74,
    UNSEEN18: 84,
}


@pytest.mark.parametrize("folder", list(DEVELOPED_SETS), ids=[folder.name for folder in DEVELOPED_SETS])
def test_no_developed_set_falls_nor_invents_without_a_flag(folder: Path) -> None:
    developed, held_out = totals(scored(folder))
    assert developed.whole + held_out.whole >= DEVELOPED_SETS[folder], folder.name
    assert developed.invented_unflagged + held_out.invented_unflagged == 0, folder.name


# Whole targets that still carry a review flag (false alarms: a person is asked to confirm a target read right), at
# most as many as after reader18's round, lowered by reader20's, reader23's, reader24's and reader28's, the
# fourteenth's as it entered in reader25's, the fifteenth's in reader26's, the sixteenth's in reader27's, the
# eighteenth's in reader30's (docs/plan-import.md, "Fewer false alarms"): a ceiling, lowered as flags grow surer, never
# raised to let a rule pass.
FALSE_ALARM_CEILINGS = {
    REGRESSION: 49,
    UNSEEN: 28,
    UNSEEN2: 34,
    UNSEEN3: 28,
    UNSEEN4: 25,
    UNSEEN5: 26,
    UNSEEN6: 49,
    UNSEEN7: 32,
    UNSEEN8: 12,
    UNSEEN9: 23,
    UNSEEN10: 37,
    UNSEEN11: 27,
    UNSEEN12: 31,
    UNSEEN13: 24,
    UNSEEN14: 48,
    UNSEEN15: 25,
    UNSEEN16: 33,
    UNSEEN18: 29,
}


@pytest.mark.parametrize("folder", list(FALSE_ALARM_CEILINGS), ids=[folder.name for folder in FALSE_ALARM_CEILINGS])
def test_no_set_flags_more_whole_targets_than_today(folder: Path) -> None:
    developed, held_out = totals(scored(folder))
    assert developed.whole_flagged + held_out.whole_flagged <= FALSE_ALARM_CEILINGS[folder], folder.name


# Targets read with a wrong field and no review flag: the person is not asked to look, so the wrong figure is entered
# on trust (docs/plan-import.md, "The scorer"). At most as many as when the scorer first counted them (08/12/2026),
# lowered by reader29's and reader30's rounds ("No wrong target taken on trust", "The eighteenth set"), the eighteenth's
# as it entered; a ceiling, lowered as the reader reads better or flags what it is unsure of, never raised to let a rule
# pass.
WRONG_UNFLAGGED_CEILINGS = {
    REGRESSION: 4,
    UNSEEN: 10,
    UNSEEN2: 2,
    UNSEEN3: 0,
    UNSEEN4: 1,
    UNSEEN5: 0,
    UNSEEN6: 1,
    UNSEEN7: 8,
    UNSEEN8: 12,
    UNSEEN9: 4,
    UNSEEN10: 1,
    UNSEEN11: 9,
    UNSEEN12: 1,
    UNSEEN13: 3,
    UNSEEN14: 8,
    UNSEEN15: 7,
    UNSEEN16: 4,
    UNSEEN18: 9,
}


@pytest.mark.parametrize(
    "folder", list(WRONG_UNFLAGGED_CEILINGS), ids=[folder.name for folder in WRONG_UNFLAGGED_CEILINGS]
)
def test_no_set_takes_more_wrong_targets_on_trust_than_today(folder: Path) -> None:
    developed, held_out = totals(scored(folder))
    assert developed.wrong_unflagged + held_out.wrong_unflagged <= WRONG_UNFLAGGED_CEILINGS[folder], folder.name


@pytest.mark.parametrize(
    "folder",
    [
        REGRESSION,
        UNSEEN,
        UNSEEN2,
        UNSEEN3,
        UNSEEN4,
        UNSEEN5,
        UNSEEN6,
        UNSEEN7,
        UNSEEN8,
        UNSEEN9,
        UNSEEN10,
        UNSEEN11,
        UNSEEN12,
        UNSEEN13,
        UNSEEN14,
        UNSEEN15,
        UNSEEN16,
        UNSEEN17,
        UNSEEN18,
        UNSEEN19,
    ],
    ids=[
        "regression",
        "unseen",
        "unseen2",
        "unseen3",
        "unseen4",
        "unseen5",
        "unseen6",
        "unseen7",
        "unseen8",
        "unseen9",
        "unseen10",
        "unseen11",
        "unseen12",
        "unseen13",
        "unseen14",
        "unseen15",
        "unseen16",
        "unseen17",
        "unseen18",
        "unseen19",
    ],
)
def test_every_label_quotes_its_document(folder: Path) -> None:
    """A label's quote is words of its text (spaces folded): a label cannot drift from its document. Each document
    says its kind of text and why, so the scorer can total plans as issued apart from accounts of them."""
    assert list(folder.glob("*.toml")), folder
    for labels in folder.glob("*.toml"):
        text = squash(labels.with_suffix(".txt").read_text(encoding="utf-8"))
        document, expected = read_labels(labels)
        assert document.get("source_url"), labels.name
        assert document.get("genre") and document.get("genre_note"), labels.name
        for label in expected:
            assert squash(label.quote) in text, (labels.name, label.number)


def test_every_second_label_quotes_the_text_the_first_labels_read() -> None:
    """A second person's labels of a set's texts (docs/plan-import.md, "How far two people agree")."""
    second = Path(__file__).resolve().parent / "second"
    folders = [folder for folder in second.iterdir() if folder.is_dir()]
    assert folders
    for folder in folders:
        for labels in folder.glob("*.toml"):
            text = squash((labels.parents[2] / folder.name / labels.name).with_suffix(".txt").read_text("utf-8"))
            _document, expected = read_labels(labels)
            assert expected, labels.name
            for label in expected:
                assert squash(label.quote) in text, (folder.name, labels.name, label.number)


def test_the_scorer_prints_each_document_and_the_totals(capsys) -> None:
    call_command("score_plan_reader", str(REGRESSION))
    out = capsys.readouterr().out
    assert "04-phuyen-nq24-2011-viec-lam-giam-ngheo" in out
    assert "Tập phát triển: 20 tài liệu" in out and "Tập giữ lại: 10 tài liệu" in out


LABEL = """[document]
title = "Kế hoạch"
period = "2021-2025"

[[target]]
indicator = "Tỷ lệ hộ nghèo"
quote = "tỷ lệ hộ nghèo giảm còn dưới 1,5%"
kind = "level"
comparator = "{comparator}"
value = "1.5"
unit = "%"
year = 2025
direction = "down"
{extra}"""
EXTRA = """
[[target]]
indicator = "Số lao động được giải quyết việc làm"
quote = "giải quyết việc làm cho 5.000 lao động"
kind = "level"
comparator = "ge"
value = "5000"
unit = "lao động"
year = 2025
direction = "up"
"""


def test_two_peoples_labels_of_one_text_are_matched_as_the_readers_targets_are(tmp_path: Path, capsys) -> None:
    """How far two people agree is the ceiling of a reader's score against one person's labels: the second
    person's labels stand where the reader's targets do."""
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
    for name in ("a", "b"):
        (first / f"{name}.toml").write_text(LABEL.format(comparator="lt", extra=""), encoding="utf-8")
    (second / "a.toml").write_text(LABEL.format(comparator="lt", extra=""), encoding="utf-8")
    (second / "b.toml").write_text(LABEL.format(comparator="le", extra=EXTRA), encoding="utf-8")
    (second / "only-second.toml").write_text(LABEL.format(comparator="lt", extra=""), encoding="utf-8")
    alike, apart = agreement_folder(first, second)
    assert (alike.name, alike.expected, alike.found, alike.whole, alike.invented) == ("a", 1, 1, 1, 0)
    assert (apart.expected, apart.found, apart.whole, apart.invented) == (1, 1, 0, 1)
    assert apart.wrong == {"comparator": 1}
    call_command("score_plan_reader", str(first), "--against", str(second))
    out = capsys.readouterr().out
    assert "Nhãn thứ hai so với nhãn thứ nhất" in out and "2 tài liệu, 1/2 mục tiêu đúng đủ" in out


@pytest.mark.parametrize(("period", "typed"), [("2015-2020", 2020), ("2023", 2023), ("2019 - 2030", 2030), ("", None)])
def test_the_scorer_types_the_periods_last_year_as_the_person_importing_would(period: str, typed: int | None) -> None:
    """Only when the reader finds no end year in the text (the form's "Năm kết thúc (khi văn bản không nêu)")."""
    assert typed_end_year({"period": period}) == typed


def test_a_change_in_points_against_a_base_year_is_one_target_however_its_kind_is_written() -> None:
    """The labels write it as a change against the base year in "điểm phần trăm", the reader as its own kind; a
    label's change in "%" may be a share of the base value, and a points change is no answer to it."""
    label = {"kind": "change_vs_base", "comparator": "ge", "value": Decimal(2), "value_max": None}
    label |= {"unit": "điểm phần trăm", "year": 2025, "base_year": 2024}
    read = {**label, "kind": "points_change"}
    assert wrong_fields(label, read) == []
    assert wrong_fields({**label, "unit": "%"}, read) == ["kind"]
    assert wrong_fields({**label, "base_year": 2020}, {**read, "kind": "change_per_year", "base_year": 2020}) == [
        "kind"
    ]


def test_an_area_typed_m2_is_the_readers_m_squared() -> None:
    label = {"kind": "level", "comparator": "ge", "value": Decimal(27), "value_max": None}
    label |= {"unit": "m2 sàn/người", "year": 2030, "base_year": None}
    assert wrong_fields(label, {**label, "unit": "m² sàn/người"}) == []
    assert wrong_fields(label, {**label, "unit": "m² sàn"}) == ["unit"]


PLAN_TEXT = """KẾ HOẠCH giảm nghèo giai đoạn 2021-2025
I. MỤC TIÊU
1. Đến năm 2025, tỷ lệ hộ nghèo giảm còn dưới 1,5%.
2. Đến năm 2025, giải quyết việc làm cho 5.000 lao động.
"""


def test_the_totals_are_also_given_by_kind_of_text_across_several_folders(tmp_path: Path, capsys) -> None:
    """The issue measures plans as issued; the sets also hold accounts of plans and other texts, so each kind is
    totalled apart, and several sets are totalled together."""
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
    for folder, name, genre, extra in ((first, "a", "text", EXTRA), (second, "b", "report", "")):
        (folder / f"{name}.txt").write_text(PLAN_TEXT, encoding="utf-8")
        label = LABEL.format(comparator="lt", extra=extra).replace("period", f'genre = "{genre}"\nperiod')
        (folder / f"{name}.toml").write_text(label, encoding="utf-8")
    call_command("score_plan_reader", str(first), str(second))
    out = capsys.readouterr().out
    assert "first/a" in out and "second/b" in out
    assert "Tập phát triển: 2 tài liệu, 3/3 mục tiêu đúng đủ" in out
    assert "Loại văn bản — lời văn bản (kế hoạch, chương trình, nghị quyết… như ban hành): 1 tài liệu, 2/2" in out
    assert "Loại văn bản — tin bài thuật lại kế hoạch: 1 tài liệu, 1/1" in out
    assert "văn bản khác" not in out and "chưa phân loại" not in out


def test_a_target_read_wrong_is_counted_apart_when_no_flag_asks_the_person_to_look() -> None:
    label = Expected(
        1, "tỷ lệ hộ nghèo giảm còn dưới 1,5%", {"kind": "level", "comparator": "lt", "value": Decimal("1.5")}
    )
    label.fields.update({"value_max": None, "unit": "%", "year": 2025, "base_year": None})
    for flagged, unflagged in ((True, 0), (False, 1)):
        score = DocumentScore("a", held_out=False, expected=1)
        read = Candidate("Tỷ lệ hộ nghèo giảm còn dưới 1,5%", {**label.fields, "year": 2021}, flagged, "năm?")
        match_candidates(score, [label], [read])
        assert (score.found, score.whole, score.wrong_unflagged) == (1, 0, unflagged)
        assert score.details == [f"  sai{'' if flagged else ', KHÔNG có cờ'} #1 (year: 2025 ≠ 2021): {label.quote}"]


def test_a_kind_of_text_the_scorer_does_not_know_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PLAN_TEXT, encoding="utf-8")
    label = LABEL.format(comparator="lt", extra="").replace("period", 'genre = "press"\nperiod')
    (tmp_path / "a.toml").write_text(label, encoding="utf-8")
    with pytest.raises(CommandError, match=r"a\.toml: genre 'press'"):
        call_command("score_plan_reader", str(tmp_path))
    with pytest.raises(CommandError, match="chỉ nêu một thư mục"):
        call_command("score_plan_reader", str(tmp_path), str(tmp_path), "--against", str(tmp_path))
