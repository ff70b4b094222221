"""The outbox: reminder emails as rows, planned, claimed, sent once and never lost.

It sits underneath every app and imports none of them. Each app registers the kinds of reminder
it sends (`kinds.reminder_kinds.register(...)` in its AppConfig.ready()): a label for the
member's email preferences, an optional planner the sweep runs, and a builder of each email's
context; the wording is in `templates/emails/reminders/<kind>-subject.txt|-body.txt|-body.html`.
"""
