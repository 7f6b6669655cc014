import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansinh.rules.geo import BoundaryError, read_boundaries, unit_target_applies
from ansinh.rules.trend import Judgement, Movement, trend

values = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)


@given(values, values)
def test_a_rise_is_better_for_an_indicator_that_should_rise_and_worse_for_one_that_should_fall(before, after):
    up, down, band = trend(before, after, "up"), trend(before, after, "down"), trend(before, after, "band")
    assert up.movement == down.movement == band.movement
    if after == before:
        assert up.movement == Movement.SAME
    else:
        assert {up.judgement, down.judgement} == {Judgement.BETTER, Judgement.WORSE}
        assert band.judgement == Judgement.NEUTRAL
        assert (up.judgement == Judgement.BETTER) == (after > before)


def test_a_missing_year_gives_no_arrow():
    assert trend(None, Decimal(1), "up").movement == Movement.UNKNOWN
    assert trend(Decimal(1), Decimal(2), "up").label == "tăng so với năm trước (tốt hơn)"


def _collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _square(code: str, lon: float = 105.8, lat: float = 21.0) -> dict:
    ring = [[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]
    return {"type": "Feature", "properties": {"code": code}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_a_valid_file_is_read():
    boundaries = read_boundaries(_collection(_square("W25-00004"), _square("W25-00008", 105.9)))
    assert [b.code for b in boundaries] == ["W25-00004", "W25-00008"] and boundaries[0].points == 5


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "GeoJSON"),
        (json.dumps({"type": "Feature"}).encode(), "FeatureCollection"),
        (_collection(), "không có đối tượng"),
        (_collection(_square("A"), _square("A")), "lặp lại"),
        (_collection({**_square("A"), "properties": {}}), "thiếu mã"),
        (_collection(_square("A", lon=400000.0)), "kinh độ"),
        (_collection({**_square("A"), "geometry": {"type": "Point", "coordinates": [105.8, 21.0]}}), "Polygon"),
        (
            _collection(
                {
                    **_square("A"),
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[105.8, 21.0], [105.9, 21.0], [105.9, 21.1], [105.8, 21.1]]],
                    },
                }
            ),
            "khép kín",
        ),
        (
            _collection({**_square("A"), "geometry": {"type": "Polygon", "coordinates": [[["a", 21.0]] * 4]}}),
            "phải là số",
        ),
    ],
)
def test_a_bad_file_is_refused_with_a_message(content, message):
    with pytest.raises(BoundaryError, match=message):
        read_boundaries(content)


def test_a_programme_target_applies_to_a_unit_only_for_rates():
    assert unit_target_applies(has_own_target=False, aggregation="ratio")
    assert not unit_target_applies(has_own_target=False, aggregation="sum")
    assert unit_target_applies(has_own_target=True, aggregation="sum")
