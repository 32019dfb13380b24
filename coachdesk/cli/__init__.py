"""The command line: ``coachdesk [--data-dir DIR] [--lang LANG] [start|export|report|...]``,
its parsing in :mod:`.main`, the data and backup commands beside it."""
