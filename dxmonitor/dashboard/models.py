"""The dashboard's one table: a data stamp other processes bump when figures change without an audited write."""

from __future__ import annotations

from django.db import models


class DataStamp(models.Model):
    """A counter shared by every server process (gunicorn workers, the CLI, the job worker) through the database,
    so a KPI refresh run from the command line invalidates the caches of the web workers too."""

    name = models.CharField(max_length=40, primary_key=True)
    counter = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.counter}"
