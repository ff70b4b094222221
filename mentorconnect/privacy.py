"""A member's own data: everything about them as one JSON document, and deleting their account.

Both follow what the FAQ promises. The export holds what the member could already read on the
site, their feedback included, and nothing private of anyone else (the other participant's
display name, never their email, contact details or private reason for ending). Deleting an
account closes what is open, telling the other people, and leaves each mentorship's history and
feedback with the other participant, who then sees "former member".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from feedback.models import Feedback
from feedback.services import feedback_for_export
from mentorships import services as mentorship_services
from mentorships.circles import services as circle_services
from mentorships.circles.models import (
    Circle,
    CircleMeeting,
    CircleMembership,
    CircleRsvp,
    MembershipStatus,
)
from mentorships.models import (
    Agreement,
    Meeting,
    Mentorship,
    PlanItem,
    Status,
    WaitingListEntry,
)
from profiles.models import Membership, Profile, User
from programs.cohorts.models import Application, Coordinator, SurveyResponse
from programs.models import SavedProgram

from .outbox.kinds import reminder_kinds
from .outbox.models import Reminder

# The export's keys are the same in every language (programs read them); what the member reads
# in its values is in their language.


def _who(user_id: int | None, me: User) -> str | None:
    """How the export names a person in one of the member's mentorships."""
    if user_id is None:
        return None
    return _("you") if user_id == me.pk else _("the other person")


def _display_name(user: User | None) -> str:
    """Another member as the site showed them: their display name, never their email."""
    profile = getattr(user, "profile", None) if user is not None else None
    return profile.display_name if profile and profile.display_name else _("former member")


def _profile_export(profile: Profile | None) -> dict[str, Any] | None:
    if profile is None:
        return None
    return {
        "display_name": profile.display_name,
        "pronouns": profile.pronouns,
        "headline": profile.headline,
        "workplace": profile.workplace,
        "library_type": str(profile.library_type) if profile.library_type else None,
        "career_stage": str(profile.career_stage) if profile.career_stage else None,
        "areas_of_expertise": [area.name for area in profile.expertise.all()],
        "bio": profile.bio,
        "city": profile.city.label if profile.city else None,
        "open_to_remote": profile.open_to_remote,
        "meeting_formats": profile.meeting_format_labels,
        "languages": profile.language_labels,
        "time_zone": profile.time_zone,
        "wants_a_mentor": profile.wants_mentor,
        "areas_wanted": [area.name for area in profile.wanted_areas.all()],
        "help_wanted": profile.help_wanted,
        "can_mentor": profile.can_mentor,
        "mentor_capacity": profile.mentor_capacity,
        "accepting_requests": profile.accepting_requests,
        "active_mentees": profile.active_mentee_count,
        "contact": {
            "email": profile.contact_email,
            "phone": profile.contact_phone,
            "linkedin": profile.contact_linkedin,
            "other": profile.contact_other,
            "shared_with": profile.get_contact_visibility_display(),
            "account_email_shared_with_matches": profile.share_account_email,
        },
        "hidden_from_search": profile.hidden_from_search,
        "hidden_by_staff": profile.hidden_by_staff,
        "moderation_reason": profile.moderation_reason,
        "onboarding_step": profile.onboarding_step,
        "completed_at": profile.completed_at,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


def _agreement_export(agreement: Agreement | None, me: User) -> dict[str, Any] | None:
    if agreement is None:
        return None
    return {
        "goals": agreement.goals,
        "rhythm": agreement.get_rhythm_display(),
        "rhythm_in_your_words": agreement.custom_rhythm,
        "planned_months": agreement.planned_months,
        # A program cohort's last day, when the mentorship came from one.
        "planned_end_on": agreement.planned_end_on,
        "channels": agreement.channel_labels,
        "expectations": agreement.expectations,
        "mentee_confirmed_at": agreement.mentee_confirmed_at,
        "mentor_confirmed_at": agreement.mentor_confirmed_at,
        "last_changed_by": _who(agreement.revised_by_id, me),
        "updated_at": agreement.updated_at,
    }


def _meeting_export(meeting: Meeting, me: User) -> dict[str, Any]:
    return {
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "format": meeting.get_format_display(),
        "place_or_link": meeting.place_or_link,
        "agenda": meeting.agenda,
        "status": meeting.get_status_display(),
        "proposed_by": _who(meeting.proposed_by_id, me),
        "created_at": meeting.created_at,
    }


def _plan_item_export(item: PlanItem, me: User) -> dict[str, Any]:
    return {
        "kind": item.get_kind_display(),
        "text": item.text,
        "done": item.done,
        "added_by": _who(item.created_by_id, me),
        "created_at": item.created_at,
    }


def _mentorship_export(mentorship: Mentorship, me: User) -> dict[str, Any]:
    role = mentorship.role_of(me)
    return {
        "id": mentorship.pk,
        "you_are": role,
        "request": _("sent by you") if role == "mentee" else _("received by you"),
        "with": _display_name(mentorship.other(me)),
        "status": mentorship.get_status_display(),
        "help_wanted": mentorship.help_wanted,
        "why_this_mentor": mentorship.why_this_mentor,
        "preferred_format": mentorship.get_preferred_format_display(),
        "preferred_rhythm": mentorship.get_preferred_rhythm_display(),
        "first_message": mentorship.first_message,
        "decline_note": mentorship.decline_note,
        "ended_by": _who(mentorship.ended_by_id, me),
        # The reason for ending is private to whoever ended the mentorship.
        "your_reason_for_ending": (
            mentorship.end_reason if mentorship.ended_by_id == me.pk else None
        ),
        "requested_at": mentorship.requested_at,
        "answered_at": mentorship.answered_at,
        "started_at": mentorship.started_at,
        # A program cohort's first day, as its coordinators entered it.
        "starts_on": mentorship.starts_on,
        "ended_at": mentorship.ended_at,
        "agreement": _agreement_export(getattr(mentorship, "agreement", None), me),
        "meetings": [_meeting_export(meeting, me) for meeting in mentorship.meetings.all()],
        "plan": [_plan_item_export(item, me) for item in mentorship.plan_items.all()],
        "history": [
            {
                "what": event.get_kind_display(),
                "by": _who(event.actor_id, me),
                # Their account was closed: they did not choose this.
                "because_they_left_mentorconnect": event.actor_left,
                "at": event.created_at,
            }
            for event in mentorship.events.all()
        ],
        "legal_disclosures": [
            {"case_reference": disclosure.case_reference, "at": disclosure.created_at}
            for disclosure in mentorship.legal_disclosures.all()
        ],
    }


def _circles_of(user: User) -> Any:
    """Every circle the member runs or ever asked to join, with their own part of it."""
    mine = CircleMembership.objects.filter(circle=OuterRef("pk"), member=user)
    return (
        Circle.objects.filter(Q(host=user) | Q(convener=user) | Exists(mine))
        .prefetch_related(
            "areas",
            "events",
            "plan_items",
            "feedback",
            Prefetch(
                "memberships",
                CircleMembership.objects.filter(member=user).order_by("requested_at", "pk"),
                to_attr="my_memberships",
            ),
            Prefetch(
                "meetings",
                CircleMeeting.objects.prefetch_related(
                    Prefetch("rsvps", CircleRsvp.objects.filter(member=user), to_attr="my_rsvps")
                ),
            ),
        )
        .order_by("created_at", "pk")
    )


def _circle_export(circle: Circle, me: User) -> dict[str, Any]:
    def who(user_id: int | None) -> str | None:
        if user_id is None:
            return None
        if user_id == me.pk:
            return _("you")
        return _("the host") if user_id in {circle.host_id, circle.convener_id} else _("a member")

    if circle.host_id == me.pk:
        role = "host"
    elif circle.convener_id == me.pk:
        role = "convener"
    else:
        role = "member"
    return {
        "title": circle.title,
        "you_are": role,
        "description": circle.description,
        "areas": sorted(area.name for area in circle.areas.all()),
        "status": circle.get_status_display(),
        "created_at": circle.created_at,
        "ended_at": circle.ended_at,
        "agreement": circle.agreement,
        "your_memberships": [
            {
                "status": membership.get_status_display(),
                "note": membership.note,
                "asked_at": membership.requested_at,
                "joined_at": membership.joined_at,
                "left_at": membership.left_at,
            }
            for membership in circle.my_memberships  # type: ignore[attr-defined]
        ],
        "meetings": [
            {
                "starts_at": meeting.starts_at,
                "duration_minutes": meeting.duration_minutes,
                "format": meeting.get_format_display(),
                "place_or_link": meeting.place_or_link,
                "agenda": meeting.agenda,
                "status": meeting.get_status_display(),
                "proposed_by": who(meeting.proposed_by_id),
                "your_answer": next(
                    (_("coming") if rsvp.coming else _("not coming") for rsvp in meeting.my_rsvps),  # type: ignore[attr-defined]
                    None,
                ),
            }
            for meeting in circle.meetings.all()
        ],
        "plan": [
            {
                "step": item.text,
                "added_by": who(item.added_by_id),
                "added_at": item.added_at,
                "done_by": who(item.done_by_id),
                "done_at": item.done_at,
            }
            for item in circle.plan_items.all()
        ],
        # Private feedback is two-party: the host's with every member, a member's with the host.
        "private_feedback": [
            {"from": who(note.author_id), "at": note.created_at, "text": note.text}
            for note in circle.feedback.all()
            if role != "member" or note.member_id == me.pk
        ],
        "history": [
            {
                "what": event.get_kind_display(),
                "by": who(event.actor_id),
                # Whom the host welcomed or declined: "you" when it was the member themselves.
                "about": who(event.member_id),
                "at": event.created_at,
            }
            for event in circle.events.all()
        ],
    }


@sensitive_variables()
def _membership_export(user: User) -> dict[str, Any] | None:
    membership = Membership.objects.filter(user=user).first()
    if membership is None:
        return None
    return {
        "status": membership.status,
        "units": membership.units,
        "last_confirmed_at": membership.seen_at,
    }


def export_for(user: User) -> dict[str, Any]:
    """Everything MentorConnect holds about `user`, ready for json.dumps(cls=DjangoJSONEncoder)."""
    mentorships = (
        Mentorship.objects.involving(user)
        .select_related("mentee__profile", "mentor__profile", "agreement")
        .prefetch_related("meetings", "plan_items", "events", "legal_disclosures")
        .order_by("requested_at", "pk")
    )
    feedback = feedback_for_export(user)
    profile = (
        Profile.objects.select_related("city", "career_stage", "library_type")
        .prefetch_related("expertise", "wanted_areas")
        .filter(user=user)
        .first()
    )
    reminders = Reminder.objects.filter(recipient=user).order_by("due_at", "pk")
    waiting = (
        WaitingListEntry.objects.filter(mentee=user)
        .select_related("offered_mentor__profile")
        .prefetch_related("areas")
    )
    saved = SavedProgram.objects.filter(user=user).select_related("program")
    # The member's own applications, with the people they ranked or excluded; an exclusion
    # of the member by someone else is that person's data, never this one's.
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("cohort__program")
        .prefetch_related(
            "ranked_choices__mentor_application__applicant__profile",
            "exclusions__excluded_user__profile",
        )
        .order_by("created_at", "pk")
    )
    coordinating = Coordinator.objects.filter(user=user).select_related("program")
    surveys = (
        SurveyResponse.objects.filter(respondent=user)
        .select_related("cohort__program")
        .order_by("created_at", "pk")
    )
    return {
        "about": _(
            "Everything MentorConnect holds about you, as of exported_at. Times are in UTC. "
            "Other people appear by the name you saw on the site, never their contact details."
        ),
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("email")
            ],
            "joined_at": user.date_joined,
            "last_signed_in_at": user.last_login,
            "is_staff": user.is_staff,
            "staff_groups": sorted(group.name for group in user.groups.all()),
            # The association account this one is linked to (single sign-on): its identifier
            # at the association, never a token.
            "association_accounts": [
                {"provider": account.provider, "uid": account.uid, "linked_at": account.date_joined}
                for account in SocialAccount.objects.filter(user=user).order_by("pk")
            ],
        },
        "association_membership": _membership_export(user),
        "profile": _profile_export(profile),
        "mentorships_and_requests": [_mentorship_export(m, user) for m in mentorships],
        "circles": [_circle_export(circle, user) for circle in _circles_of(user)],
        "feedback_you_wrote": feedback["written"],
        "feedback_you_received": feedback["received"],
        "waiting_list": [
            {
                "status": entry.get_status_display(),
                "areas": sorted(area.name for area in entry.areas.all()),
                "in_person_only": entry.in_person,
                "joined_at": entry.joined_at,
                "mentor_you_were_told_about": (
                    _display_name(entry.offered_mentor) if entry.offered_at else None
                ),
                "told_at": entry.offered_at,
                "left_at": entry.left_at,
            }
            for entry in waiting
        ],
        "saved_programs": [
            {
                "name": saved_program.program.name,
                "url": saved_program.program.get_absolute_url(),
                "saved_at": saved_program.created_at,
            }
            for saved_program in saved
        ],
        "program_applications": [
            {
                "program": application.cohort.program.name,
                "cohort": application.cohort.name,
                "role": application.get_role_display(),
                "status": application.get_status_display(),
                "answers": dict(application.answered_questions()),
                "member_of_the_association": application.is_member,
                "student": application.is_student,
                "years_of_experience": application.years_of_experience,
                "mentees_in_the_cohort": application.capacity,
                "orientation_confirmed_at": application.orientation_confirmed_at,
                "ranked_mentors": [
                    _display_name(choice.mentor_application.applicant)
                    for choice in application.ranked_choices.all()
                ],
                "not_to_be_matched_with": [
                    _display_name(exclusion.excluded_user)
                    for exclusion in application.exclusions.all()
                ],
                "sent_at": application.created_at,
            }
            for application in applications
        ],
        "program_surveys_you_answered": [
            {
                "program": response.cohort.program.name,
                "cohort": response.cohort.name,
                "survey": response.get_survey_display(),
                "satisfaction_1_to_5": response.satisfaction,
                "goals_met_1_to_5": response.goals_met,
                "would_recommend_0_to_10": response.would_recommend,
                "comment": response.comment,
                "answered_at": response.created_at,
                "changed_at": response.updated_at,
            }
            for response in surveys
        ],
        "programs_you_coordinate": [
            {"name": role.program.name, "since": role.created_at} for role in coordinating
        ],
        "reminder_emails": {
            "turned_off": [
                reminder_kinds.label(kind)
                for kind in sorted(user.reminders_off)
                if kind in reminder_kinds
            ],
            "sent_or_planned": [
                {
                    "kind": reminder.get_kind_display(),
                    "about": reminder.subject,
                    "period": reminder.period,
                    "due_at": reminder.due_at,
                    "status": reminder.get_status_display(),
                    "sent_at": reminder.sent_at,
                }
                for reminder in reminders
            ],
        },
    }


def export_filename(now: datetime.datetime | None = None) -> str:
    return f"mentorconnect-my-data-{timezone.localdate(now or timezone.now()):%Y-%m-%d}.json"


# Deleting an account


@dataclass
class DeletionPlan:
    """What deleting an account does, worked out from the member's current mentorships."""

    requests_sent: list[Mentorship] = field(default_factory=list)
    requests_received: list[Mentorship] = field(default_factory=list)
    active: list[Mentorship] = field(default_factory=list)
    # Past mentorships and closed requests whose history stays with the other person.
    kept_for_others: int = 0
    # Mentorships whose other person has already left: nobody can open them any more.
    erased: int = 0
    # Running circles the member hosts or convenes, which end: each with `members_told`, its
    # other members, who are emailed.
    circles_ending: list[Circle] = field(default_factory=list)
    # Running circles the member belongs to, which they leave, and those they asked to join.
    circles_left: list[Circle] = field(default_factory=list)
    circle_requests_withdrawn: list[Circle] = field(default_factory=list)

    @property
    def people_told(self) -> int:
        mentorships = len(self.requests_sent) + len(self.requests_received) + len(self.active)
        return mentorships + sum(
            circle.members_told  # type: ignore[attr-defined]
            for circle in self.circles_ending
        )


def deletion_plan(user: User) -> DeletionPlan:
    plan = DeletionPlan()
    mentorships = Mentorship.objects.involving(user).select_related(
        "mentee__profile", "mentor__profile"
    )
    for mentorship in mentorships.order_by("requested_at", "pk"):
        if mentorship.other(user) is None:
            plan.erased += 1
        elif mentorship.status == Status.PENDING and mentorship.mentee_id == user.pk:
            plan.requests_sent.append(mentorship)
        elif mentorship.status == Status.PENDING:
            plan.requests_received.append(mentorship)
        elif mentorship.status == Status.ACTIVE:
            plan.active.append(mentorship)
        else:
            plan.kept_for_others += 1
    running = Circle.objects.exclude(status="ended").order_by("created_at", "pk")
    # An ending circle's members are told, and so are those still asking to join it (their
    # request is declined).
    asking = CircleMembership.objects.filter(status=MembershipStatus.REQUESTED).exclude(
        member__in=User.objects.deactivated_ids()
    )
    others = (
        (CircleMembership.objects.taking_places() | asking)
        .filter(circle=OuterRef("pk"))
        .exclude(member=user)
        .order_by()
        .values("circle")
        .annotate(count=Count("pk"))
        .values("count")
    )
    plan.circles_ending = list(
        running.led_by(user).annotate(members_told=Coalesce(Subquery(others), 0))
    )
    mine = CircleMembership.objects.filter(circle=OuterRef("pk"), member=user)
    plan.circles_left = list(
        running.exclude(convener=user).filter(Exists(mine.filter(status=MembershipStatus.MEMBER)))
    )
    plan.circle_requests_withdrawn = list(
        running.filter(Exists(mine.filter(status=MembershipStatus.REQUESTED)))
    )
    return plan


@transaction.atomic
def account_delete(*, user: User) -> DeletionPlan:
    """Deletes `user`'s account as the FAQ promises, in one transaction.

    Open requests are withdrawn (or, sent to them, declined) and active mentorships end early,
    each through the mentorship services, so places are freed and the other person is emailed
    as for any such change; the emails then call the sender "a member who has left". The
    profile, email addresses, saved programs and reminders go with the account. Each
    mentorship stays for the other participant, feedback included, without what only this
    member could read: their private reason for ending and their request's wording, which no
    page shows once a request is closed and which often carries their name.
    """
    # Locking the member's row makes anything that would attach a new row to them (a request
    # sent to them this very second) wait for this transaction and then fail, instead of
    # leaving a request addressed to nobody.
    User.objects.select_for_update().get(pk=user.pk)
    plan = close_relationships(user)
    Mentorship.objects.filter(ended_by=user).update(end_reason="")
    # An agreement's goals start as the request's wording: still unchanged, they are that
    # wording, and go with it.
    Agreement.objects.filter(mentorship__mentee=user, goals=F("mentorship__help_wanted")).update(
        goals=""
    )
    Mentorship.objects.filter(mentee=user).update(
        help_wanted="", why_this_mentor="", first_message=""
    )
    _erase_mentorships_nobody_can_open(user)
    user.delete()
    return plan


# Closing a member's relationships


def has_open_relationships(users: QuerySet[User]) -> QuerySet[User]:
    """Those of `users` with an open request or mentorship, or a part in a running circle."""
    open_mentorships = Mentorship.objects.filter(status__in=[Status.PENDING, Status.ACTIVE])
    live_memberships = CircleMembership.objects.filter(
        status__in=[MembershipStatus.REQUESTED, MembershipStatus.MEMBER]
    ).exclude(circle__status="ended")
    running_circles = Circle.objects.exclude(status="ended")
    return users.filter(
        Exists(open_mentorships.filter(mentee=OuterRef("pk")))
        | Exists(open_mentorships.filter(mentor=OuterRef("pk")))
        | Exists(live_memberships.filter(member=OuterRef("pk")))
        | Exists(running_circles.filter(Q(host=OuterRef("pk")) | Q(convener=OuterRef("pk"))))
    )


def close_relationships_of_deactivated() -> int:
    """Closes what members deactivated by any means (the admin, a bulk UPDATE) still had open,
    as close_relationships does; beat runs it every few minutes. How many members it closed."""
    closed = 0
    for user in has_open_relationships(User.objects.filter(is_active=False)):
        with transaction.atomic():
            close_relationships(user)
        closed += 1
    return closed


@transaction.atomic
def close_relationships(user: User) -> DeletionPlan:
    """What a member who leaves (deletes their account, or has it deactivated) had open, closed
    as the other people would have it: their open requests are withdrawn (or, sent to them,
    declined) and their active mentorships end early, each through the mentorship services, so
    places are freed and the other person is emailed that they left; circles they run end, and
    those they belong to lose a member, whose place opens."""
    # Their open mentorships are locked first, so none is accepted or ended by the other person
    # half-way.
    open_ones = Mentorship.objects.involving(user).filter(
        status__in=[Status.PENDING, Status.ACTIVE]
    )
    list(open_ones.select_for_update().order_by("pk").values_list("pk", flat=True))
    plan = deletion_plan(user)

    for mentorship in plan.requests_sent:
        mentorship_services.mentorship_withdraw(mentorship=mentorship, by=user, leaving=True)
    for mentorship in plan.requests_received:
        mentorship_services.mentorship_decline(mentorship=mentorship, by=user, leaving=True)
    for mentorship in plan.active:
        mentorship_services.mentorship_end(
            mentorship=mentorship, by=user, completed=False, leaving=True
        )
    # Circles the member runs end (a mentor's place goes with the profile) and their members
    # are emailed; those they belong to lose a member, whose place opens.
    for circle in plan.circles_ending:
        circle_services.circle_end(circle=circle, by=user, leaving=True)
    for circle in plan.circles_left + plan.circle_requests_withdrawn:
        circle_services.circle_leave(circle=circle, by=user, leaving=True)
    return plan


def _erase_mentorships_nobody_can_open(user: User) -> None:
    """Mentorships whose other participant already left keep only who-was-what, states and
    dates (what the admin shows); their content would otherwise be held for nobody."""
    orphaned = Mentorship.objects.filter(
        Q(mentee=user, mentor__isnull=True) | Q(mentor=user, mentee__isnull=True)
    )
    Feedback.objects.filter(mentorship__in=orphaned).delete()
    PlanItem.objects.filter(mentorship__in=orphaned).delete()
    Meeting.objects.filter(mentorship__in=orphaned).delete()
    Agreement.objects.filter(mentorship__in=orphaned).delete()
    orphaned.update(
        help_wanted="", why_this_mentor="", first_message="", decline_note="", end_reason=""
    )


def staff_actions_on(user: User) -> list[LogEntry]:
    """What staff did in the admin to this member's account or profile, newest first: shown
    to the member on their privacy page, so that no such change is made behind their back."""
    profile = Profile.objects.filter(user=user).values_list("pk", flat=True).first()
    concerning = Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    if profile is not None:
        concerning |= Q(
            content_type=ContentType.objects.get_for_model(Profile), object_id=str(profile)
        )
    return list(
        LogEntry.objects.filter(concerning).exclude(user=user).order_by("-action_time")[:50]
    )
