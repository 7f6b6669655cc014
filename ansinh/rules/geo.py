"""Official boundaries an administrator loads as GeoJSON, checked before anything is stored, and the map's rules.

Pure, no Django: the file's features are read into (unit code, geometry) pairs, each geometry a Polygon or
MultiPolygon in WGS 84 longitude/latitude inside Việt Nam's extent, rings closed, with bounded counts; anything else
is refused with a Vietnamese message naming the feature, and then nothing is loaded."""

import json
import math
from dataclasses import dataclass
from decimal import Decimal

# Việt Nam's mainland and islands, with a margin: a boundary outside this box is in the wrong coordinate system.
LONGITUDE_RANGE = (100.0, 118.0)
LATITUDE_RANGE = (6.0, 25.0)
MAX_FEATURES = 5_000
MAX_POINTS = 2_000_000
CODE_PROPERTIES = ("code", "ma", "ma_don_vi", "official_code", "ma_hanh_chinh")


class BoundaryError(ValueError):
    """The file cannot be loaded; the message is Vietnamese and says where."""


@dataclass(frozen=True)
class Boundary:
    code: str
    geometry: dict
    points: int


def _number(value, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BoundaryError(f"{where}: tọa độ phải là số.")
    return float(value)


def _ring(ring, where: str) -> int:
    if not isinstance(ring, list) or len(ring) < 4:
        raise BoundaryError(f"{where}: mỗi vòng ranh giới cần ít nhất 4 điểm.")
    for point in ring:
        if not isinstance(point, list) or len(point) < 2:
            raise BoundaryError(f"{where}: mỗi điểm là một cặp [kinh độ, vĩ độ].")
        longitude, latitude = _number(point[0], where), _number(point[1], where)
        if not (LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]):
            raise BoundaryError(f"{where}: kinh độ {longitude} nằm ngoài Việt Nam (cần hệ tọa độ WGS 84).")
        if not (LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]):
            raise BoundaryError(f"{where}: vĩ độ {latitude} nằm ngoài Việt Nam (cần hệ tọa độ WGS 84).")
    if ring[0][:2] != ring[-1][:2]:
        raise BoundaryError(f"{where}: vòng ranh giới phải khép kín (điểm cuối trùng điểm đầu).")
    return len(ring)


def _polygon(rings, where: str) -> int:
    if not isinstance(rings, list) or not rings:
        raise BoundaryError(f"{where}: vùng (Polygon) không có vòng ranh giới nào.")
    return sum(_ring(ring, where) for ring in rings)


def _code(properties, where: str) -> str:
    if isinstance(properties, dict):
        for name in CODE_PROPERTIES:
            value = properties.get(name)
            if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
                return str(value).strip()
    raise BoundaryError(f"{where}: thiếu mã đơn vị (thuộc tính “code” hoặc “ma”).")


def read_boundaries(content: bytes) -> list[Boundary]:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BoundaryError("Tệp không phải GeoJSON (JSON, UTF-8) hợp lệ.") from error
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise BoundaryError("Tệp phải là một FeatureCollection GeoJSON.")
    features = data["features"]
    if not features:
        raise BoundaryError("Tệp không có đối tượng (feature) nào.")
    if len(features) > MAX_FEATURES:
        raise BoundaryError(f"Tệp có quá nhiều đối tượng (tối đa {MAX_FEATURES:,}).".replace(",", "."))
    boundaries: list[Boundary] = []
    seen: set[str] = set()
    total = 0
    for index, feature in enumerate(features, start=1):
        where = f"Đối tượng thứ {index}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise BoundaryError(f"{where}: không phải một Feature GeoJSON.")
        code = _code(feature.get("properties"), where)
        where = f"Đối tượng thứ {index} (mã {code})"
        if code in seen:
            raise BoundaryError(f"{where}: mã đơn vị lặp lại.")
        seen.add(code)
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict):
            raise BoundaryError(f"{where}: thiếu hình học.")
        kind, coordinates = geometry.get("type"), geometry.get("coordinates")
        if kind == "Polygon":
            points = _polygon(coordinates, where)
        elif kind == "MultiPolygon":
            if not isinstance(coordinates, list) or not coordinates:
                raise BoundaryError(f"{where}: MultiPolygon không có vùng nào.")
            points = sum(_polygon(polygon, where) for polygon in coordinates)
        else:
            raise BoundaryError(f"{where}: chỉ nhận Polygon hoặc MultiPolygon, không nhận {kind!r}.")
        total += points
        if total > MAX_POINTS:
            raise BoundaryError(f"Tệp có quá nhiều điểm (tối đa {MAX_POINTS:,}).".replace(",", "."))
        boundaries.append(Boundary(code, {"type": kind, "coordinates": coordinates}, points))
    return boundaries


def unit_target_applies(*, has_own_target: bool, aggregation: str) -> bool:
    """Whether a unit's figure can be judged on a map. A unit's own target always applies. The programme's target
    applies to a unit only for a rate or a mean (a commune's poverty rate is compared with the city's "dưới 1%");
    a count's programme target is the whole area's sum (160.000 jobs for the city) and says nothing of one commune."""
    return has_own_target or aggregation in ("ratio", "weighted_mean", "none")


def float_or_none(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
