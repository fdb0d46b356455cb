"""Lets `python -m coach` behave exactly like the `coach` command."""

import sys

from coach.cli import main

sys.exit(main())
