from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from mentorconnect.dates import date_format
from mentorconnect.formfields import with_model_limits
from profiles.models import CareerStage, User

from .models import (
    AFTER_PUBLISHING,
    MAX_QUESTIONS,
    MAX_RANKED,
    MOST_MENTEES,
    ONCE_A_COHORT,
    Application,
    Cohort,
    CohortStatus,
    Milestone,
    Role,
    SurveyResponse,
    counts_as_member,
    membership_note,
)
from .services import rankable_mentors


def mentor_label(application: Application) -> str:
    """A mentor of the cohort, by name and headline (applicant__profile loaded)."""
    profile = getattr(application.applicant, "profile", None)
    if profile is None:
        return application.applicant.email
    return f"{profile.display_name} — {profile.headline}" if profile.headline else str(profile)


def person_label(person: User) -> str:
    profile = getattr(person, "profile", None)
    return profile.display_name if profile is not None else person.email


class ApplicationForm(forms.Form):
    """An application: the program's questions, eligibility, and for mentors their years,
    places and the orientation; for mentees their ranked mentors. Either side may name people
    of the other side they must not be matched with."""

    is_member = forms.BooleanField(
        label=_("I am a member of the association"),
        required=False,
        help_text=_("The program's coordinators may check your membership with the association."),
    )
    is_student = forms.BooleanField(label=_("I am a student"), required=False)

    def __init__(self, *args: Any, cohort: Cohort, role: str, applicant: User, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.cohort, self.role = cohort, role
        note = membership_note(applicant, cohort)
        if note is not None:
            # The association's sign-in decides membership here, not a tick: the box shows
            # what it said and the note how to bring it up to date.
            self.fields["is_member"].disabled = True
            self.fields["is_member"].initial = counts_as_member(
                applicant, declared=False, cohort=cohort
            )
            self.fields["is_member"].help_text = note
        for index, question in enumerate(cohort.questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
            )
        # The other side's applicants so far, loaded once: each ranking's list and the list
        # of people not to be matched with show these rows (the fields' querysets only check
        # what is sent).
        other_role = Role.MENTEE if role == Role.MENTOR else Role.MENTOR
        others = (
            Application.objects.live()
            .of_active_members()
            .filter(cohort=cohort, role=other_role)
            .exclude(applicant=applicant)
            .select_related("applicant__profile__city", "applicant__profile__career_stage")
            .order_by("applicant__profile__display_name")
        )
        self.others = list(others)
        # A mentee ranks only the mentors the round could pair them with; the page says how
        # many others there are, and why they are not offered.
        self.rankable: list[Application] = []
        if role == Role.MENTOR:
            self.fields["years_of_experience"] = forms.IntegerField(
                label=_("Years of experience in libraries"),
                min_value=0,
                max_value=70,
                help_text=(
                    _("This cohort asks mentors for at least %(years)d years.")
                    % {"years": cohort.mentor_min_years}
                    if cohort.mentor_min_years
                    else ""
                ),
            )
            self.fields["capacity"] = forms.TypedChoiceField(
                label=_("How many mentees you can take in this cohort"),
                choices=[(n, str(n)) for n in range(1, MOST_MENTEES + 1)],
                coerce=int,
                initial=1,
            )
            if cohort.orientation:
                self.fields["orientation_confirmed"] = forms.BooleanField(
                    label=_("I have read the orientation and will mentor as it asks"),
                )
        else:
            self.rankable = rankable_mentors(getattr(applicant, "profile", None), self.others)
            empty_label = _("No preference")
            ranking = [("", empty_label)] + [
                (mentor.pk, mentor_label(mentor)) for mentor in self.rankable
            ]
            # As many choices as there are mentors to rank, up to five: none before any
            # mentor they could be paired with has applied (the page says so instead).
            for rank in range(1, min(MAX_RANKED, len(self.rankable)) + 1):
                field = forms.ModelChoiceField(
                    queryset=others,
                    required=False,
                    label=_("Choice %(rank)d") % {"rank": rank},
                    empty_label=empty_label,
                )
                field.choices = ranking
                self.fields[f"choice_{rank}"] = field
        excluded = forms.ModelMultipleChoiceField(
            queryset=User.objects.filter(pk__in=others.values("applicant")),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label=_("People you must not be matched with (optional)"),
            help_text=_(
                "A line manager, someone at your workplace: they are never told, and the "
                "round never pairs you."
            ),
        )
        excluded.choices = [
            (other.applicant_id, person_label(other.applicant)) for other in self.others
        ]
        self.fields["excluded"] = excluded

    def answer_fields(self) -> list[forms.BoundField]:
        return [self[f"answer_{index}"] for index in range(len(self.cohort.questions))]

    def choice_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("choice_")]

    def unrankable_count(self) -> int:
        """The mentors so far that the mentee cannot rank: the round could not pair them."""
        return len(self.others) - len(self.rankable)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ranked = self.ranked()
        if len({choice.pk for choice in ranked}) != len(ranked):
            raise forms.ValidationError(_("Choose each mentor once in your ranking."))
        excluded = {person.pk for person in data.get("excluded") or []}
        if any(choice.applicant_id in excluded for choice in ranked):
            raise forms.ValidationError(
                _("You ranked a mentor you also must not be matched with: leave out one of them.")
            )
        return data

    def ranked(self) -> list[Application]:
        return [
            self.cleaned_data[name]
            for name in self.fields
            if name.startswith("choice_") and self.cleaned_data.get(name)
        ]

    def answers(self) -> list[str]:
        return [
            self.cleaned_data.get(f"answer_{index}", "")
            for index in range(len(self.cohort.questions))
        ]


def _question_label(number: int) -> str:
    return gettext("Question %(number)d") % {"number": number}


class QuestionsWidget(forms.MultiWidget):
    def __init__(self) -> None:
        # Each box is named for itself: the field's one label points at the first box only.
        super().__init__(
            [
                forms.TextInput(
                    attrs={
                        "class": "mb-1",
                        "aria-label": lazy(_question_label, str)(number),
                    }
                )
                for number in range(1, MAX_QUESTIONS + 1)
            ]
        )

    def id_for_label(self, id_: str) -> str:
        # The label and the error summary lead to the first box (MultiWidget names none).
        return f"{id_}_0" if id_ else id_

    def decompress(self, value: Any) -> list[str]:
        return list(value or [])


class QuestionsField(forms.MultiValueField):
    """Up to five short questions, one box each; empty boxes are dropped."""

    widget = QuestionsWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = [
            forms.CharField(max_length=200, required=False) for _number in range(MAX_QUESTIONS)
        ]
        super().__init__(fields, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list: list[str]) -> list[str]:
        return [question.strip() for question in data_list or [] if question and question.strip()]


class CohortForm(forms.ModelForm):
    questions = QuestionsField(
        label=_("Questions for applicants"),
        help_text=_("Up to five, short; empty boxes are left out."),
    )
    mentee_career_stages = forms.ModelMultipleChoiceField(
        queryset=CareerStage.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Mentees' career stages"),
        help_text=_("None chosen means any stage."),
    )

    class Meta:
        model = Cohort
        formfield_callback = with_model_limits
        fields = [
            "name",
            "status",
            "mentors_open_on",
            "mentors_close_on",
            "mentees_open_on",
            "mentees_close_on",
            "matching_on",
            "starts_on",
            "ends_on",
            "places",
            "membership_required",
            "students_welcome",
            "mentor_min_years",
            "mentee_career_stages",
            "questions",
            "orientation",
        ]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in [
                "mentors_open_on",
                "mentors_close_on",
                "mentees_open_on",
                "mentees_close_on",
                "matching_on",
                "starts_on",
                "ends_on",
            ]
        } | {"orientation": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, program_cohorts: QuerySet[Cohort], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.program_cohorts = program_cohorts
        # Closing a cohort whose matches were never published tells everyone still waiting
        # for them that the round closed without matches (services.round_closed_without_matches):
        # the coordinator confirms it, told how many people it emails.
        self.was_closed = self.instance.status == CohortStatus.CLOSED
        self.waiting = 0
        if self.instance.pk and self.instance.published_at is None and not self.was_closed:
            self.waiting = self.instance.waiting_count()
        if self.waiting:
            self.fields["tell_applicants"] = forms.BooleanField(
                required=False,
                label=ngettext(
                    "If I close the cohort: tell its %(count)d applicant that the "
                    "round closed without matches",
                    "If I close the cohort: tell its %(count)d applicants that the "
                    "round closed without matches",
                    self.waiting,
                )
                % {"count": self.waiting},
                help_text=_(
                    "Its matches were never published. Closing it tells everyone still waiting "
                    "for them, and it cannot open again."
                ),
            )
        if self.instance.published_at is not None:
            # Once published, a cohort stays published or closes (Cohort.clean): only those
            # are offered.
            status = cast(forms.ChoiceField, self.fields["status"])
            status.choices = [
                (value, label) for value, label in CohortStatus.choices if value in AFTER_PUBLISHING
            ]
            # What Cohort.published_errors refuses, said before the coordinator tries.
            status.help_text = _(
                "Closing ends the cohort's surveys and its timeline's emails to the pairs; "
                "their mentorships go on. It can close once the mentorships have ended."
            )
            for name in ["starts_on", "ends_on"]:
                self.fields[name].help_text = _(
                    "Fixed since the matches were published: each mentorship was made with it "
                    "and the pairs were told it."
                )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.program_cohorts.exclude(pk=self.instance.pk).filter(name__iexact=name).exists():
            raise forms.ValidationError(_("The program already has a cohort of that name."))
        return name

    @property
    def closes_without_matches(self) -> bool:
        """Whether saving closes a cohort whose matches were never published (cleaned)."""
        return (
            not self.was_closed
            and self.instance.published_at is None
            and self.cleaned_data.get("status") == CohortStatus.CLOSED
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.waiting and self.closes_without_matches and not data.get("tell_applicants"):
            self.add_error(
                "tell_applicants",
                ngettext(
                    "%(count)d applicant is still waiting for this round's matches. Closing "
                    "the cohort tells them that the round closed without matches: "
                    "tick the box to confirm.",
                    "%(count)d applicants are still waiting for this round's matches. Closing "
                    "the cohort tells them that the round closed without matches: "
                    "tick the box to confirm.",
                    self.waiting,
                )
                % {"count": self.waiting},
            )
        return data


class MilestoneForm(forms.ModelForm):
    """A milestone of the cohort's timeline, between its first and last day."""

    class Meta:
        model = Milestone
        fields = ["on", "kind", "title", "text"]
        widgets = {
            "on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.cohort = self.cohort = cohort

    def clean_on(self) -> Any:
        on = self.cleaned_data["on"]
        if not self.cohort.starts_on <= on <= self.cohort.ends_on:
            raise forms.ValidationError(
                _("Choose a day while the mentorships run, %(first)s to %(last)s.")
                % {
                    "first": date_format(self.cohort.starts_on, gettext("j F Y")),
                    "last": date_format(self.cohort.ends_on, gettext("j F Y")),
                }
            )
        return on

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        if kind in ONCE_A_COHORT:
            other = self.cohort.milestones.filter(kind=kind).exclude(pk=self.instance.pk).first()
            if other is not None:
                raise forms.ValidationError(
                    _(
                        "This cohort already has its “%(kind)s”, on %(date)s: edit that one "
                        "instead. Every pair would hear from it twice."
                    )
                    % {
                        "kind": other.get_kind_display(),
                        "date": date_format(other.on, gettext("j F Y")),
                    }
                )
        return kind


SATISFACTION = [(n, str(n)) for n in range(1, 6)]


class SurveyForm(forms.ModelForm):
    """A participant's answers to a midpoint or closing survey."""

    class Meta:
        model = SurveyResponse
        fields = ["satisfaction", "goals_met", "would_recommend", "comment"]
        help_texts = {
            "satisfaction": _("1: not at all, 5: very."),
            "goals_met": _("1: not at all, 5: fully."),
            "would_recommend": _("0: not at all likely, 10: extremely likely."),
            "comment": _(
                "Read by the coordinators without your name, and only once at least 5 "
                "people have answered."
            ),
        }
        widgets = {
            "satisfaction": forms.RadioSelect(choices=SATISFACTION),
            "goals_met": forms.RadioSelect(choices=SATISFACTION),
            "would_recommend": forms.RadioSelect(choices=[(n, str(n)) for n in range(11)]),
            "comment": forms.Textarea(attrs={"rows": 4}),
        }
