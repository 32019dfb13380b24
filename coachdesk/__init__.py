"""coachdesk: a quiet desktop companion for professional coaches."""

__version__ = "0.1.0"
