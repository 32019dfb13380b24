"""The bundle's entry point: what ``coachdesk`` (the installed command) runs."""

import sys

from coachdesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
