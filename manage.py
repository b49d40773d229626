#!/usr/bin/env python
"""Django's command-line utility (the `dxmonitor` console script is the usual entry point)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dxmonitor.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
