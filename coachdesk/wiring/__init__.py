"""The wiring (composition root): the only place where the ui and the store meet. It builds
the desktop app (:mod:`.app`), the data service the window and the command line share, and the
key for an encrypted database."""
