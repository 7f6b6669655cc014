"""The benchmark at its small size, end to end, in its own PostgreSQL database: every step runs and every
check it makes of the results holds. Speeds are printed, never asserted."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.postgres


def test_the_small_benchmark_runs_every_step_and_its_results_agree(tmp_path):
    report = tmp_path / "benchmarks.md"
    database = f"ansinh_bench_smoke_{os.getpid()}"
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}

    try:
        done = subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "benchmarks.run",
                "--size",
                "smoke",
                "--database",
                database,
                "--output",
                str(report),
            ],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    for step in range(1, 10):
        assert f"\n{step}. " in "\n" + output, f"bước {step} không chạy:\n{output[-3000:]}"
    assert "Ba cách cho cùng kết quả: có" in output
    assert "Kiểm tra cơ sở dữ liệu: 12/12 báo cáo đã gửi; 600/600 số liệu" in output
    assert "thiếu 0, sai 0" in output
    text = report.read_text(encoding="utf-8")
    assert "## Máy đo" in text and text.count("\n| ") >= 7
