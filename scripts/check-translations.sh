#!/usr/bin/env bash
# Fails when a French or Spanish catalogue lacks a translation: a string marked in the code or a
# template but not yet in the catalogue, one whose English changed (makemessages marks it fuzzy),
# an empty or fuzzy entry, or a translation whose placeholders do not match the English.
# makemessages runs on a copy of the sources, so the catalogues in the checkout are never touched.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
git ls-files --cached --others --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$copy"
cp -p .env "$copy/" 2>/dev/null || true
(cd "$copy" && "$VENV/bin/python" manage.py makemessages --all --no-obsolete \
    --ignore 'tests/*' --ignore 'scripts/*' --ignore 'docs/*' >/dev/null)

failed=0
for catalogue in $(cd "$copy" && find . -path '*/locale/*/LC_MESSAGES/django.po' | sort); do
    lacking=$(msgattrib --untranslated --no-wrap "$copy/$catalogue" | grep -c '^msgid ' || true)
    fuzzy=$(msgattrib --only-fuzzy --no-wrap "$copy/$catalogue" | grep -c '^msgid ' || true)
    # The header is one msgid of each listing above (it is fuzzy-flagged in new catalogues).
    if [ "${lacking:-0}" -gt 1 ] || [ "${fuzzy:-0}" -gt 1 ]; then
        echo "${catalogue#./}: untranslated or fuzzy:" >&2
        msgattrib --untranslated --no-wrap "$copy/$catalogue" | grep -A1 '^msgid ' | grep -v '^--' | sed -n '3,$p' >&2
        msgattrib --only-fuzzy --no-wrap "$copy/$catalogue" | grep -A1 '^msgid ' | grep -v '^--' | sed -n '3,$p' >&2
        failed=1
    fi
    msgfmt --check -o /dev/null "$copy/$catalogue" || failed=1
done
if [ "$failed" -ne 0 ]; then
    echo "Translate them in the catalogues (makemessages --all, then each locale's django.po)." >&2
    exit 1
fi
echo "French and Spanish: every string translated."
