#!/usr/bin/env bash
# The suite, run twice (called by `make test` after the set-up and lint; arguments go to pytest):
#   1. on SQLite (the embedded default), browser tests included;
#   2. on PostgreSQL at 127.0.0.1:5432 (pytest-django creates test_ansinh), for what the database decides:
#      browser tests are left out (they test pages, not the database), and so are the tests marked no_db
#      (tests/conftest.py marks every test that asks for no database fixture: pure rules, parsers, formats,
#      architecture checks — about half the suite; their outcome cannot depend on the database, and the
#      SQLite run has just run them). Every test that touches the database runs on both.
# Without CI=true, an unreachable PostgreSQL or a missing Chromium is reported and that part skipped;
# under CI=true (as .ci/run is run) either one is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
# Each checkout on a machine may name its own database (pytest-django makes test_<name>_gw0, _gw1, …).
PG_URL="postgres://postgres@127.0.0.1:5432/${ANSINH_PG_DB:-ansinh}"
# Every core runs tests, a test module per worker (module-scoped worlds are built once; each browser test is a unit
# of its own, see tests/conftest.py), in the order of collection: the transactional tests last (pytest-django),
# browser tests first among them; PYTEST_WORKERS=0 for one process.
WORKERS=(-n "${PYTEST_WORKERS:-auto}" --dist loadscope --no-loadscope-reorder)
CHROMIUM=/usr/bin/chromium
# Compiled modules are kept in __pycache__ (ignored by git) between the two passes and between runs: with
# PYTHONDONTWRITEBYTECODE set, as some machines set it for everything, each of the passes' worker processes compiled
# every module and pytest rewrote every test module again (collection 7,9 s → 3,7 s a process with them kept).
unset PYTHONDONTWRITEBYTECODE

in_ci() { [ "${CI:-}" = "true" ]; }

if [ ! -x "$PY" ]; then
  echo "Thiếu $PY: chạy 'make test' / $PY missing: run 'make test'." >&2
  exit 2
fi

ensure_chromium() {
  [ -x "$CHROMIUM" ] && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "== Chưa có Chromium: cài gói Debian 'chromium' / Chromium missing: installing Debian's 'chromium'"
    if DEBIAN_FRONTEND=noninteractive apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
      [ -x "$CHROMIUM" ] && return 0
    fi
    echo "!! Cài Chromium không được / could not install Chromium." >&2
  else
    echo "!! Không có $CHROMIUM và không cài được (cần quyền root và apt-get)." >&2
    echo "!! $CHROMIUM is missing and cannot be installed here (needs root and apt-get): sudo apt-get install chromium" >&2
  fi
  if in_ci; then
    echo "!! CI=true: các kiểm thử trình duyệt sẽ báo lỗi / browser tests will fail." >&2
  else
    echo "!! Các kiểm thử trình duyệt sẽ bị bỏ qua / browser tests will be skipped." >&2
  fi
}

pg_reachable() {
  "$PY" - "$PG_URL" <<'EOF'
import sys

import psycopg

try:
    # The server's own "postgres" database: "ansinh" itself need not exist, only test_ansinh is made.
    psycopg.connect(sys.argv[1], dbname="postgres", connect_timeout=3).close()
except Exception as exc:
    print(f"   {type(exc).__name__}: {exc}".rstrip(), file=sys.stderr)
    sys.exit(1)
EOF
}

# Under CI, a cluster that was left stopped on the machine is started once (as the machine's notes say).
try_start_pg() {
  in_ci && [ "$(id -u)" = "0" ] && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ] || return 1
  local version
  for version in /etc/postgresql/*; do
    echo "== CI: khởi động PostgreSQL $(basename "$version") / starting PostgreSQL $(basename "$version")"
    pg_ctlcluster --skip-systemctl-redirect "$(basename "$version")" main start || true
  done
  sleep 2
  pg_reachable
}

declare -a SUMMARY=()
FAILED=0

# run_pytest LABEL COMMAND...: runs COMMAND (a pytest run) and records its outcome under LABEL.
run_pytest() {
  local label="$1"
  shift
  echo
  echo "================ pytest — $label ================"
  "$@"
  local rc=$?
  case $rc in
    0) SUMMARY+=("$label: OK") ;;
    5)
      echo "!! pytest không chạy kiểm thử nào (mã 5) — coi là lỗi / pytest ran no test (exit 5) — counted as a failure." >&2
      SUMMARY+=("$label: NO TESTS (exit 5)")
      FAILED=1
      ;;
    *)
      SUMMARY+=("$label: FAILED (exit $rc)")
      FAILED=1
      ;;
  esac
}

ensure_chromium
# The documents tests read a generated PDF back with pdftotext (and make it with LibreOffice, which `make` installs).
bash scripts/system_packages.sh poppler-utils libreoffice-writer-nogui fonts-liberation2

run_pytest "SQLite" env -u DATABASE_URL "$PY" -m pytest "${WORKERS[@]}" "$@"

echo
echo "== Kiểm tra PostgreSQL tại 127.0.0.1:5432 / checking PostgreSQL at 127.0.0.1:5432"
if pg_reachable || try_start_pg; then
  run_pytest "PostgreSQL" env DATABASE_URL="$PG_URL" "$PY" -m pytest "${WORKERS[@]}" -m "not browser and not no_db" "$@"
elif in_ci; then
  echo "!! PostgreSQL không truy cập được tại 127.0.0.1:5432 — CI=true nên đây là lỗi." >&2
  echo "!! PostgreSQL is not reachable at 127.0.0.1:5432 — under CI=true this is a failure." >&2
  SUMMARY+=("PostgreSQL: UNREACHABLE (failure under CI=true)")
  FAILED=1
else
  echo "!! PostgreSQL không truy cập được tại 127.0.0.1:5432 — bỏ qua lượt chạy trên PostgreSQL" >&2
  echo "!! PostgreSQL is not reachable at 127.0.0.1:5432 — skipping the PostgreSQL run" >&2
  SUMMARY+=("PostgreSQL: skipped (server unreachable)")
fi

echo
echo "================ tóm tắt / summary ================"
printf '  %s\n' "${SUMMARY[@]}"
exit "$FAILED"
