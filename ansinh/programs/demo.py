"""The demo data set: Hà Nội's units and its two social-policy programmes with published results.
Every step is idempotent, so ``make run`` may load it on every start."""

from collections.abc import Callable
from pathlib import Path

from ansinh.evaluation.services import load_published_results
from ansinh.org import loaders
from ansinh.org.models import OrgUnit
from ansinh.org.services import load_admin_units, load_departments
from ansinh.programs.services import DATA_DIR, load_program_file

DEMO_PROGRAMS = ("181-kh-ubnd", "08-ctr-tu")


def load_demo(*, progress: Callable[[str], None] = lambda _message: None) -> None:
    if not OrgUnit.objects.filter(code="P-01").exists():
        progress("Nạp đơn vị hành chính Hà Nội (trước và sau 1/7/2025)…")
        load_admin_units("hanoi", progress=progress)
    departments = loaders.read_departments()
    progress("Nạp các sở, ban, ngành Thành phố…")
    load_departments(departments.departments, departments.city_code)
    city = OrgUnit.objects.get(code=departments.city_code)
    for slug in DEMO_PROGRAMS:
        summary = load_program_file(DATA_DIR / f"{slug}.toml", owner_unit=city)
        progress(
            f"{summary.program}: {summary.indicators_created} chỉ tiêu mới, "
            f"{summary.indicators_updated} cập nhật, {summary.targets} mục tiêu."
        )
        results: Path = DATA_DIR / f"{slug}-results.toml"
        if results.exists():
            loaded = load_published_results(summary.program, results)
            progress(
                f"{summary.program}: {loaded.values} số liệu đã công bố, {loaded.declared} kết quả do Ban Chỉ đạo công bố."
            )
