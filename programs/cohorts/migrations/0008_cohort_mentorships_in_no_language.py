from django.db import migrations

# The words publishing put before the program and cohort, in the coordinator's language, in a
# cohort mentorship's "why this mentor" (and its request, when the cohort asked no questions).
OLD_WORDS = ["Matched in {}", "Jumelé dans {}", "Emparejado en {}"]


def names_only(apps, schema_editor):
    """A cohort's mentorships keep its program and cohort by their names alone now
    (mentorships/cohort_rounds.py), which the match emails quote in each person's language."""
    DraftPair = apps.get_model("cohorts", "DraftPair")
    Mentorship = apps.get_model("mentorships", "Mentorship")
    Agreement = apps.get_model("mentorships", "Agreement")
    pairs = DraftPair.objects.filter(mentorship__isnull=False).select_related("cohort__program")
    for pair in pairs:
        # Publishing ran the names together then; they are set apart now.
        old_names = f"{pair.cohort.program.name} {pair.cohort.name}"
        names = f"{pair.cohort.program.name} · {pair.cohort.name}"
        for words in OLD_WORDS:
            old = words.format(old_names)
            Mentorship.objects.filter(pk=pair.mentorship_id, why_this_mentor=old).update(
                why_this_mentor=names
            )
            Mentorship.objects.filter(pk=pair.mentorship_id, help_wanted=f"{old}.").update(
                help_wanted=names
            )
            Agreement.objects.filter(mentorship_id=pair.mentorship_id, goals=f"{old}.").update(
                goals=names
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0007_cohort_mentorships_start_at_noon_utc"),
    ]

    operations = [
        migrations.RunPython(names_only, migrations.RunPython.noop),
    ]
