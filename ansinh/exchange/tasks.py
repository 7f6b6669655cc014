"""Background tasks of data exchange (Django's tasks framework; settings.TASKS picks the backend:
the database backend run by ``manage.py db_worker``, or inline in tests)."""

from typing import Any

from django.tasks import task

from ansinh.exchange import services


@task
def run_import(job_id: int) -> dict[str, Any]:
    """Run one queued ImportJob (see ``services.run_import_job``)."""
    return services.run_import_job(job_id)
