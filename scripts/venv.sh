# Sourced by scripts/start and scripts/test: make .venv with Python 3.11+ and install into it.
# PYTHON picks the interpreter (default: python3). Each step of a first run (or of an install
# after pyproject.toml changed) is said on stderr; VENV_SET_UP=1 afterwards says one ran.

VENV_SET_UP=0

ensure_venv() {
    local python="${PYTHON:-python3}"
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "coachdesk needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
        exit 1
    fi
    if [ ! -x .venv/bin/python ]; then
        echo "Creating the Python environment in .venv (first run only)..." >&2
        "$python" -m venv .venv
        .venv/bin/python -m pip install --quiet --upgrade pip
        VENV_SET_UP=1
    fi
    # Install again only when pyproject.toml or the extras asked for changed.
    local stamp=".venv/.coachdesk-installed"
    local want
    want="$1 $(cksum < pyproject.toml)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "Installing coachdesk and what it needs into .venv (a minute or two)..." >&2
        .venv/bin/python -m pip install --quiet --disable-pip-version-check --editable "$1"
        printf '%s' "$want" > "$stamp"
        VENV_SET_UP=1
    fi
}
