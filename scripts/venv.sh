# Sourced by scripts/start and scripts/test: make .venv with Python 3.11+ and install into it.
# PYTHON picks the interpreter (default: python3).

ensure_venv() {
    local python="${PYTHON:-python3}"
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "coachdesk needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
        exit 1
    fi
    if [ ! -x .venv/bin/python ]; then
        "$python" -m venv .venv
        .venv/bin/python -m pip install --quiet --upgrade pip
    fi
    # Install again only when pyproject.toml or the extras asked for changed.
    local stamp=".venv/.coachdesk-installed"
    local want
    want="$1 $(cksum < pyproject.toml)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        .venv/bin/python -m pip install --quiet --disable-pip-version-check --editable "$1"
        printf '%s' "$want" > "$stamp"
    fi
}
