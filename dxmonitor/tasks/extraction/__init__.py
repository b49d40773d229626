"""Reading a conclusion notice: propose its tasks (lead, coordinators, action, deadline) from Vietnamese text."""

from dxmonitor.tasks.extraction.gazetteer import Gazetteer, GazetteerEntry
from dxmonitor.tasks.extraction.parser import ExtractionResult, extract

__all__ = ["ExtractionResult", "Gazetteer", "GazetteerEntry", "extract"]
