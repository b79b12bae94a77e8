"""`python -m reminders.cli`: the same as the `reminders` console script."""

import sys

from reminders.cli import main

sys.exit(main())
