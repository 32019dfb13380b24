"""``python -m coachdesk``: the command line (see :mod:`coachdesk.cli.main`)."""

import sys

from coachdesk.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
