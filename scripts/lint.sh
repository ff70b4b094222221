#!/usr/bin/env bash
# `make lint`, and the first step of `make test`: ruff, the layers of STYLE.md, mypy with
# django-stubs (which reads the settings: run `make setup` first for the .env it needs), and
# French and Spanish catalogues with no string left untranslated.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

say "ruff check"
"$VENV/bin/ruff" check .
say "ruff format --check"
"$VENV/bin/ruff" format --check .
say "lint-imports (the layers of STYLE.md)"
"$VENV/bin/lint-imports"
say "mypy (django-stubs)"
"$VENV/bin/mypy"
say "translations (French and Spanish complete)"
"$ROOT/scripts/check-translations.sh"
