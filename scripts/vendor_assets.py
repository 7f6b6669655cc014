"""Copy the front-end files that ansinh serves itself from node_modules/ into ansinh/static/vendor/.

The product never fetches anything at run time (no CDN): htmx and ECharts are installed with
`npm ci` from package-lock.json and served from our own static files. ansinh/static/vendor/ is
git-ignored; `make run` and `make test` call this script after `npm ci`.

Their licence texts are copied next to them (ECharts is Apache-2.0, whose LICENSE and NOTICE
must travel with the file; htmx is 0BSD).
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "ansinh" / "static" / "vendor"

# source under node_modules/ -> name under ansinh/static/vendor/
FILES = {
    "htmx.org/dist/htmx.min.js": "htmx.min.js",
    "htmx.org/LICENSE": "htmx.LICENSE.txt",
    "echarts/dist/echarts.min.js": "echarts.min.js",
    "echarts/LICENSE": "echarts.LICENSE.txt",
    "echarts/NOTICE": "echarts.NOTICE.txt",
    "echarts/licenses/LICENSE-d3": "echarts.LICENSE-d3.txt",
}


def main() -> int:
    missing = [src for src in FILES if not (NODE_MODULES / src).is_file()]
    if missing:
        print(
            "vendor_assets: thiếu tệp trong node_modules/ (chạy `npm ci` trước) — missing, run `npm ci` first: "
            + ", ".join(missing),
            file=sys.stderr,
        )
        return 1
    VENDOR.mkdir(parents=True, exist_ok=True)
    for src, dest in FILES.items():
        # copyfile (not copy2) so the copies are newer than node_modules/ and make sees them as up to date.
        shutil.copyfile(NODE_MODULES / src, VENDOR / dest)
        print(f"vendor_assets: {src} -> {(VENDOR / dest).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
