#!/usr/bin/env bash
# Fails when a French or Spanish catalogue lacks a translation: a string marked in the code or a
# template but not yet in the catalogue, one whose English changed (makemessages marks it fuzzy),
# an empty or fuzzy entry, or a translation whose placeholders do not match the English.
# makemessages runs on a copy of the sources, so the catalogues in the checkout are never touched.
# The hand-written Spanish overrides of Django's and allauth's messages must compile and be left
# alone by makemessages.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"

copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
git ls-files --cached --others --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$copy"
cp -p .env "$copy/" 2>/dev/null || true
(cd "$copy" && "$VENV/bin/python" manage.py makemessages --all --no-obsolete \
    --ignore 'tests/*' --ignore 'scripts/*' --ignore 'docs/*' >/dev/null)

# The entries of a catalogue that msgattrib selects with $2, header left out (msgattrib prints
# nothing when none is selected, and the header first otherwise).
entries() {
    msgattrib "$2" --no-wrap --no-location "$1" \
        | awk '/^msgid / { if (seen++) { print; getline; if (/^"/) print } }' || true
}

failed=0
for catalogue in $(cd "$copy" && find . -path '*/locale/*/LC_MESSAGES/django.po' | sort); do
    lacking=$(entries "$copy/$catalogue" --untranslated; entries "$copy/$catalogue" --only-fuzzy)
    if [ -n "$lacking" ]; then
        printf '%s: untranslated or fuzzy:\n%s\n' "${catalogue#./}" "$lacking" >&2
        failed=1
    fi
    msgfmt --check -o /dev/null "$copy/$catalogue" || failed=1
done
# mentorconnect/locale_overrides rewrites Django's and allauth's Spanish by hand (its django.po
# says why): makemessages must leave it as it was, and it must compile.
overrides=mentorconnect/locale_overrides
if ! diff -r -x '*.mo' "$overrides" "$copy/$overrides" >&2; then
    echo "makemessages changed $overrides: it must only be edited by hand." >&2
    failed=1
fi
for catalogue in $(find "$overrides" -name django.po | sort); do
    msgfmt --check -o /dev/null "$catalogue" || failed=1
done
if [ "$failed" -ne 0 ]; then
    echo "Translate them in the catalogues (makemessages --all, then each locale's django.po)." >&2
    exit 1
fi
echo "French and Spanish: every string translated."
