"""Writes of steering work, one topic a module: ``tasks`` (create, edit, status and completion),
``progress`` (a task's account in a periodic report), ``meetings`` (and their conclusions as tasks),
``difficulties``, ``inspections`` (plans, teams, visits, findings, recommendations, corrections),
``plan_tasks`` (tasks read from a plan's text: preview, then apply), ``alerts`` (the alerts that close the
loop, once each), ``attachments``. Every write is audited; a refusal raises ``FollowupError`` with a
Vietnamese message and writes nothing."""
