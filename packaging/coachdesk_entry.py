"""The bundle's entry point: what ``coachdesk`` (the installed command) runs."""

import sys

from coachdesk.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
