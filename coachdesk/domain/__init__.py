"""The domain: the coaching ideas in plain Python (a session and its tallies, the balance, the
review, history, archives, erasure), the ports the store implements, and the small plain
services every layer shares (paths, settings, translations, errors, private files).

It imports neither Qt nor SQL, nor the ui, the store, the wiring or the command line
(``lint-imports`` checks this)."""
