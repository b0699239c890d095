"""Who knows the child's story: the care status only for those allowed, the core team, the child's wishes,
the family's say over the virtual school, and signers told what is not shown to them."""
import pytest
from sqlalchemy import select

from conftest import add_member, make_plan, make_user, professionals_only, sections_of, write_section
from school_plans.extensions import db as _db
from school_plans.models import AuditEvent, Invitation, Membership, Signature
from school_plans.services import agreement
from school_plans.services.plans import save_section
from school_plans.services.story import wishes_seen


@pytest.fixture()
def plan(world):
    return make_plan(world.child, world.user("designated_teacher"))


def test_school_staff_outside_the_core_team_see_a_pupil_with_a_plan_not_the_care_status(world, plan, make_client):
    staff = make_client(world.user("school_staff"))
    page = staff.get(f"/children/{world.child.id}").text
    assert "Looked after" not in page and "Care status" not in page
    assert world.user("social_worker").name not in page and world.user("virtual_school").name not in page
    assert f"/plans/{plan.id}" in page and 'id="reviews"' not in page
    listing = staff.get("/children/").text
    assert "Looked after" not in listing and "Not shared with you" in listing
    assert "Looked after" in make_client(world.user("designated_teacher")).get(f"/children/{world.child.id}").text


def test_the_core_team_is_chosen_by_the_designated_teacher_and_opens_the_care_status(world, plan, make_client):
    teacher, staff = make_client(world.user("designated_teacher")), world.user("school_staff")
    response = teacher.post(f"/children/{world.child.id}/story/core-team", {"members": str(staff.id)})
    assert response.status_code == 302
    assert _db.session.scalar(select(Membership.core_team).where(Membership.user_id == staff.id))
    page = make_client(staff).get(f"/children/{world.child.id}").text
    assert "Looked after" in page and world.user("social_worker").name in page
    background = sections_of(plan)["background"]
    assert make_client(staff).get(f"/plans/{plan.id}/sections/{background.id}").status_code == 200
    assert _db.session.scalar(select(AuditEvent).where(AuditEvent.action == "membership.core_team"))


def test_the_family_can_share_the_care_status_with_everyone(world, make_client):
    carer = make_client(world.user("parent_carer"))
    assert carer.post(f"/children/{world.child.id}/story/care-status", {"audience": "everyone"}).status_code == 302
    assert "Looked after" in make_client(world.user("school_staff")).get(f"/children/{world.child.id}").text
    bad = carer.post(f"/children/{world.child.id}/story/care-status", {"audience": "named"})
    assert bad.status_code == 400 and "Select who knows the child's care status" in bad.text


def test_the_story_page_says_what_each_person_can_read(world, plan, make_client):
    teacher = world.user("designated_teacher")
    parts = sections_of(plan)
    professionals_only(parts["strategies"])
    save_section(parts["hard-days"], parts["hard-days"].content, parts["hard-days"].version, teacher,
                 audience="named", named={world.user("social_worker").id})
    _db.session.commit()
    page = make_client(world.user("parent_carer")).get(f"/children/{world.child.id}/story").text
    cards = page.split('class="govuk-summary-card__title">')[1:]

    def card(name):
        return next(c.split('class="govuk-summary-card"')[0] for c in cards if c.startswith(f"<bdi>{name}</bdi>"))
    staff_card, carer_card, sw_card = card("School Staff"), card("Parent Carer"), card("Social Worker")
    assert "Not shared with them" in staff_card and "Background, for the core team" in staff_card
    assert "What helps, and what to avoid" in carer_card and "Days that may be harder" in carer_card
    assert "Knows it" in carer_card and "Background" not in carer_card
    assert "Reads every section" in sw_card


def test_the_childs_wishes_are_kept_in_their_words_and_a_mistake_keeps_them(world, make_client):
    carer = make_client(world.user("parent_carer"))
    url = f"/children/{world.child.id}/story/wishes"
    wishes = "I'm happy for Mr Reilly to know I live with Jo; please don't tell supply teachers."
    assert carer.post(url, {"wishes": wishes, "seen": wishes_seen("")}).status_code == 302
    _db.session.refresh(world.child)
    assert world.child.story_wishes == wishes
    too_long = carer.post(url, {"wishes": "x" * 2001, "seen": wishes_seen(wishes)})
    assert too_long.status_code == 400 and "x" * 2001 in too_long.text
    # saved by someone else meanwhile: both kept in sight, nothing overwritten
    stale = make_client(world.user("social_worker")).post(url, {"wishes": "Tell my football coach too.",
                                                                 "seen": wishes_seen("")})
    assert stale.status_code == 409 and "Tell my football coach too." in stale.text
    assert "Someone else saved the child's wishes while you were writing" in stale.text
    _db.session.refresh(world.child)
    assert world.child.story_wishes == wishes
    assert make_client(world.user("school_staff")).get(f"/children/{world.child.id}/story").status_code == 403


def test_for_a_previously_looked_after_child_the_family_decides_about_the_virtual_school(world, make_client):
    child = world.child
    child.care_status = "previously_looked_after"
    _db.session.commit()
    teacher = make_client(world.user("designated_teacher"))
    refused = teacher.post(f"/children/{child.id}/network/invite", {"email": "vs@example.org",
                                                                   "role": "virtual_school"})
    assert refused.status_code == 200 and "their parent or carer decides whether" in refused.text
    assert "vs@example.org" in refused.text   # what was typed is kept
    assert _db.session.scalar(select(Invitation).where(Invitation.email == "vs@example.org")) is None
    carer = make_client(world.user("parent_carer"))
    assert carer.post(f"/children/{child.id}/story/virtual-school", {"welcome": "no"}).status_code == 302
    assert world.user("virtual_school").id not in {m.user_id for m in _db.session.scalars(
        select(Membership).where(Membership.child_id == child.id))}
    assert make_client(world.user("virtual_school")).get(f"/children/{child.id}").status_code == 404
    carer.post(f"/children/{child.id}/story/virtual-school", {"welcome": "yes"})
    allowed = teacher.post(f"/children/{child.id}/network/invite", {"email": "vs@example.org",
                                                                   "role": "virtual_school"})
    assert allowed.status_code == 200 and _db.session.scalar(select(Invitation).where(
        Invitation.email == "vs@example.org")) is not None
    assert teacher.post(f"/children/{child.id}/story/virtual-school", {"welcome": "no"}).status_code == 403


def test_a_signer_is_told_what_is_not_shown_to_them_and_their_agreement_covers_only_that(world, plan, make_client):
    teacher = world.user("designated_teacher")
    secret = professionals_only(sections_of(plan)["background"])
    write_section(secret, {"text": "Birth family contact details"}, teacher)
    dt_page = make_client(teacher).get(f"/plans/{plan.id}").text
    assert "Parent Carer" in dt_page and "cannot read: <bdi>Background, for the core team</bdi>" in dt_page
    shared = make_client(teacher).post(f"/plans/{plan.id}/share", {}, follow_redirects=True).text
    assert "will agree it without" in shared
    carer = make_client(world.user("parent_carer"))
    page = carer.get(f"/plans/{plan.id}").text
    assert "You are asked to agree this plan" in page and 'href="#agreement"' in page
    assert page.index("You are asked to agree this plan") < page.index("Download")
    assert "Background, for the core team" in page and "Birth family contact details" not in page
    assert "I have read what is shown to me and I agree it" in page
    seen = page.split('name="seen"')[1].split('value="')[1].split('"')[0]
    assert carer.post(f"/plans/{plan.id}/agree", {"seen": seen}).status_code == 302
    signature = _db.session.scalar(select(Signature).where(Signature.user_id == world.user("parent_carer").id))
    from school_plans.models import SectionRevision
    covered = set(_db.session.scalars(select(SectionRevision.section_id).where(
        SectionRevision.id.in_(signature.revision_ids))))
    assert secret.id not in covered and len(covered) == len(sections_of(plan)) - 1
    assert "You are asked to agree this plan" not in carer.get(f"/plans/{plan.id}").text


def test_a_signer_who_reads_everything_gets_no_list_of_hidden_sections(world, plan, make_client):
    agreement.share(plan, world.user("designated_teacher"))
    _db.session.commit()
    page = make_client(world.user("social_worker")).get(f"/plans/{plan.id}").text
    assert "You are asked to agree this plan" in page and "not shown to you" not in page
    assert "I have read this plan and I agree it" in page


def test_school_staff_named_on_a_section_read_it_and_others_do_not(world, plan, make_client):
    other = make_user("Lunch Time", email="lunch@example.org")
    add_member(world.child, other, "school_staff")
    section = sections_of(plan)["hard-days"]
    save_section(section, {"text": "Sports day is hard"}, section.version, world.user("designated_teacher"),
                 audience="named", named={world.user("school_staff").id})
    _db.session.commit()
    assert "Sports day is hard" in make_client(world.user("school_staff")).get(f"/plans/{plan.id}").text
    assert "Sports day is hard" not in make_client(other).get(f"/plans/{plan.id}").text
    assert "Sports day is hard" not in make_client(world.user("parent_carer")).get(f"/plans/{plan.id}").text


def test_a_comment_written_in_another_language_carries_its_own_lang(world, plan, make_client):
    """WCAG 3.1.2: a Welsh-speaking carer's comment on a page read in English is marked as Welsh."""
    from school_plans.services import comments
    carer = world.user("parent_carer")
    carer.language = "cy"
    comments.add_comment(sections_of(plan)["about-me"], carer, "Mae e'n hoffi trenau")
    comments.add_comment(sections_of(plan)["about-me"], world.user("school_staff"), "He likes trains")
    _db.session.commit()
    section = sections_of(plan)["about-me"]
    page = make_client(world.user("designated_teacher")).get(f"/plans/{plan.id}/sections/{section.id}/discussion")
    assert '<p class="govuk-body app-preserve" lang="cy" dir="ltr">Mae e&#39;n hoffi trenau</p>' in page.text
    assert '<p class="govuk-body app-preserve">He likes trains</p>' in page.text


def test_who_must_agree_does_not_tell_staff_outside_the_core_team_the_child_is_looked_after(
        world, plan, make_client):
    """A looked-after child's plan needs its social worker's agreement: that is not shown to someone who may not
    know the care status, on the plan page, the agreed version or its download."""
    from test_audiences import docx_text
    agreement.share(plan, world.user("designated_teacher"))
    for role in ("designated_teacher", "parent_carer", "social_worker"):
        agreement.agree(plan, world.user(role), agreement.stamp(plan))
    _db.session.commit()
    social_worker = world.user("social_worker").name
    staff = make_client(world.user("school_staff"))
    for url in (f"/plans/{plan.id}", f"/plans/{plan.id}/versions/1"):
        page = staff.get(url).text
        assert "Social worker" not in page and social_worker not in page, url
    assert social_worker not in docx_text(staff.get(f"/plans/{plan.id}/versions/1/download").data)
    assert social_worker in make_client(world.user("parent_carer")).get(f"/plans/{plan.id}").text


def test_becoming_previously_looked_after_takes_the_virtual_school_out_until_the_family_lets_it_in(
        world, make_client):
    teacher = make_client(world.user("designated_teacher"))
    teacher.post(f"/children/{world.child.id}/network/invite", {"email": "vs2@example.org",
                                                               "role": "virtual_school"})
    link = _db.session.scalar(select(Invitation).where(Invitation.email == "vs2@example.org"))
    fields = {"preferred_name": "Sam", "date_of_birth-day": "3", "date_of_birth-month": "9",
              "date_of_birth-year": "2017", "year_group": "3", "care_status": "previously_looked_after"}
    response = teacher.post(f"/children/{world.child.id}/edit", fields, follow_redirects=True)
    assert "The virtual school is no longer in" in response.text
    roles = _db.session.scalars(select(Membership.role).where(Membership.child_id == world.child.id)).all()
    assert "virtual_school" not in roles
    _db.session.refresh(link)
    assert link.revoked_at is not None
