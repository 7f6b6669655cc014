"""Import one bulk values file in a process of its own and print what it cost, as JSON.

The benchmark runs each import here rather than in its own process so that the peak memory measured
(``ru_maxrss``) is the import's alone, not the generator's or the previous step's.

    python -m benchmarks.import_file --slug quoc-gia-an-sinh --file values.csv [--dry-run] [--limit N]
"""

import argparse
import json
import os
import resource
import sys
import time
from itertools import islice


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slug", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--limit", type=int, help="Read only the header and this many rows.")
    options = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ansinh.settings")
    import django

    django.setup()
    from ansinh.exchange.services.bulk import import_values
    from ansinh.programs.models import Program

    program = Program.objects.get(slug=options.slug)
    before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(options.file, encoding="utf-8-sig", newline="") as lines:
        source = lines if options.limit is None else islice(lines, options.limit + 1)
        started = time.perf_counter()
        summary = import_values(program, source, filename=os.path.basename(options.file), dry_run=options.dry_run)
        seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": summary.rows,
                "imported": summary.imported,
                "seconds": seconds,
                "peak_mib": peak_kib / 1024,
                "startup_mib": before_kib / 1024,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
