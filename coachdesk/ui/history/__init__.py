"""The history window: coachees, a coachee's trajectory and the whole practice, over time.

Nothing here is imported at start-up: the main window loads it when the coach asks for it.
"""
