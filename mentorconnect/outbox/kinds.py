"""The registry of reminder kinds: each app registers its own, so the outbox imports no app.

A kind has a name (stored in Reminder.kind and in User.reminders_off), a label members see in
their email preferences, and:

- `context(reminders, now)`: given every claimed reminder of this kind in a batch (each with its
  recipient loaded), returns {reminder pk: template context} for those that still apply. It
  loads what it needs for the whole batch at once, so a batch costs a few queries per kind
  whatever its size. A reminder left out is skipped (answered, cancelled, ...). A context may
  carry "attachments": [(filename, bytes, mimetype)].
- `plan(now)`: optional, run by every sweep; inserts the rows that are due (Reminder.objects.plan)
  and returns how many it planned. Kinds planned elsewhere (at an event, by staff) have none.
- `template`: the email's name, `emails/<template>-subject.txt|-body.txt|-body.html`;
  `reminders/<name>` unless given.
- `waits_for_daytime`: whether the email waits for the recipient's daytime (9:00 to 17:00 in
  their time zone). A reminder does; a notification of something a person just did, which
  someone may be waiting on (an answer, a request), may go at once, as the mentorships'
  event emails do (mentorships/emails.py).
- `notification`: whether the email tells of something that happened (a place offered, a
  round's result, a role given) rather than reminding the member of something to do. Its
  footer says so instead of calling it a reminder (emails/reminders/base-body.*, the one
  place that chooses the footer; a kind's template may still say more).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured, ValidationError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from .models import Reminder

ContextBuilder = Callable[["Sequence[Reminder]", datetime.datetime], Mapping[int, dict[str, Any]]]
Planner = Callable[[datetime.datetime], int]


@dataclass(frozen=True)
class ReminderKind:
    name: str
    # Shown in the member's language: apps give a lazy translation (gettext_lazy).
    label: StrOrPromise
    context: ContextBuilder
    plan: Planner | None = None
    template: str = ""
    waits_for_daytime: bool = True
    notification: bool = False

    def __post_init__(self) -> None:
        if not self.template:
            object.__setattr__(self, "template", f"reminders/{self.name}")

    def is_sent_to(self, recipient: Any) -> bool:
        """Whether emails of this kind reach `recipient`: never a deactivated account, nor a
        member who turned the kind off on their email choices page. The sweep sends by this
        rule, and pages that say who will be emailed ask it too, so that they never promise an
        email the sweep then skips."""
        return bool(recipient.is_active) and self.name not in recipient.reminders_off


class ReminderKinds:
    """Every kind of reminder, in the order the apps registered them."""

    def __init__(self) -> None:
        self._kinds: dict[str, ReminderKind] = {}

    def register(self, kind: ReminderKind) -> ReminderKind:
        if kind.name in self._kinds and self._kinds[kind.name] != kind:
            raise ImproperlyConfigured(f"Two reminder kinds are called {kind.name!r}.")
        self._kinds[kind.name] = kind
        return kind

    def __iter__(self) -> Iterator[ReminderKind]:
        return iter(self._kinds.values())

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def __getitem__(self, name: str) -> ReminderKind:
        return self._kinds[name]

    def names(self) -> list[str]:
        return list(self._kinds)

    def label(self, name: str) -> StrOrPromise:
        """The kind's label, or its name if no app registers it (any more)."""
        kind = self._kinds.get(name)
        return kind.label if kind else name

    def choices(self) -> list[tuple[str, StrOrPromise]]:
        return [(kind.name, kind.label) for kind in self]


reminder_kinds = ReminderKinds()


def validate_kind(name: str) -> None:
    if name not in reminder_kinds:
        raise ValidationError(f"{name!r} is not a registered reminder kind.")
