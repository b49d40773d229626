"""Reading a conclusion notice: propose its tasks (lead, coordinators, action, deadline) from Vietnamese text."""

from dxmonitor.tasks.extraction.parser import extract

__all__ = ["extract"]
