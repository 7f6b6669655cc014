"""Loading official boundaries (GeoJSON) for the maps: every feature checked (``rules.geo``), every unit known and
within the administrator's scope, then all stored or none, audited."""

from django.db import transaction
from django.db.models import Q

from ansinh.accounts.rules import can_load_boundary
from ansinh.audit.services import record
from ansinh.documents.models import UnitBoundary
from ansinh.documents.services.errors import DocumentError
from ansinh.org.models import OrgUnit
from ansinh.rules.geo import BoundaryError, read_boundaries

MAX_BOUNDARY_BYTES = 10 * 1024 * 1024
MAX_BOUNDARY_LABEL = "10 MB"


def _listed(codes: list[str]) -> str:
    shown = ", ".join(codes[:10])
    return shown + (f" và {len(codes) - 10} mã khác" if len(codes) > 10 else "")


def load_boundaries(content: bytes, *, source: str, actor) -> int:
    """Store the boundaries of a GeoJSON file; returns how many units got one."""
    if len(content) > MAX_BOUNDARY_BYTES:
        raise DocumentError("too_large", f"Tệp quá lớn (tối đa {MAX_BOUNDARY_LABEL}).")
    if not source.strip() or "\x00" in source:
        raise DocumentError("no_source", "Ghi nguồn của ranh giới (văn bản, cơ quan cung cấp).")
    try:
        boundaries = read_boundaries(content)
    except BoundaryError as error:
        raise DocumentError("invalid_geojson", str(error)) from error
    codes = [boundary.code for boundary in boundaries]
    matches: dict[str, list[OrgUnit]] = {}
    for unit in OrgUnit.objects.filter(Q(code__in=codes) | Q(official_code__in=codes)).select_related("parent__parent"):
        for key in {unit.code, unit.official_code} & set(codes):
            matches.setdefault(key, []).append(unit)
    unknown = [code for code in codes if code not in matches]
    if unknown:
        raise DocumentError("unknown_units", f"Không có đơn vị mã {_listed(unknown)}; không nạp gì.")
    units: dict[str, OrgUnit] = {}
    for code in codes:
        exact = [unit for unit in matches[code] if unit.code == code]
        found = exact or matches[code]
        if len(found) > 1:
            raise DocumentError(
                "ambiguous_units",
                f"Mã {code} ứng với nhiều đơn vị ({', '.join(u.code for u in found)}): dùng mã đơn vị của ansinh.",
            )
        units[code] = found[0]
    outside = [unit.code for unit in units.values() if not can_load_boundary(actor, unit)]
    if outside:
        raise DocumentError("forbidden_units", f"Anh/chị không quản trị các đơn vị {_listed(outside)}; không nạp gì.")
    with transaction.atomic():
        for boundary in boundaries:
            UnitBoundary.objects.update_or_create(
                unit=units[boundary.code],
                defaults={"geometry": boundary.geometry, "source": source.strip(), "loaded_by": actor},
            )
        record(
            actor=actor,
            action="boundary.load",
            summary=f"Nạp ranh giới {len(boundaries)} đơn vị — nguồn: {source.strip()}",
            after={"units": [units[code].code for code in codes], "source": source.strip()},
        )
    return len(boundaries)
