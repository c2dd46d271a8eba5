"""The QA lead's sampling pages: rule forms (valid and refused input), run now, runs, assignments, reassign."""
import re
from datetime import datetime, timedelta

import pytest

from qa.audit.models import AuditEntry
from qa.extensions import db
from qa.jobs.models import Job
from qa.jobs.services import run_pending_jobs
from qa.notifications.models import Notification
from qa.roles import Role
from qa.sampling.models import Assignment, SamplingRule
from qa.sampling.services import assign_interaction, complete_assignment
from qa.timeutil import utcnow
from tests.qa.sampling.builders import chats, person, rule, scorecard
from tests.support import post_form

NEW = "/sampling/rules/new"


def field_errors(html: str, field_id: str) -> list[str]:
    """The errors shown inside the form field whose input has this id."""
    blocks = re.split(r'<div class="field', html)
    block = next(b for b in blocks if f'id="{field_id}"' in b or f'for="{field_id}"' in b)
    return re.findall(r'<small class="error">([^<]*)</small>', block)


@pytest.fixture
def lead(client_for):
    return client_for(Role.QA_LEAD)


@pytest.fixture
def setup(app):
    return {"card": scorecard(), "reviewers": [person(Role.REVIEWER), person(Role.QA_LEAD)]}


def valid_form(setup, **changes) -> dict:
    form = {"name": "Weekly chats", "scorecard_id": setup["card"].id, "active": "y", "channel": "chat",
            "tag": "reason.refund", "min_minutes": "1", "max_minutes": "30", "date_from": "2024-01-01",
            "date_to": "2024-12-31", "quota_kind": "per_agent", "quota": "3", "period": "week",
            "stratify_by": "channel", "reviewer_ids": [r.id for r in setup["reviewers"]], "per_reviewer_cap": "10",
            "due_days": "5", "scheduled": "y"}
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def test_a_lead_creates_a_rule_and_it_is_audited(lead, setup):
    response = post_form(lead, NEW, valid_form(setup), token_from=NEW)
    assert response.status_code == 302, response.get_data(as_text=True)
    saved = db.session.scalar(db.select(SamplingRule))
    assert saved.population == {"channel": "chat", "tag": "reason.refund", "min_seconds": 60.0,
                                "max_seconds": 1800.0, "date_from": "2024-01-01", "date_to": "2024-12-31"}
    assert (saved.quota, saved.stratify_by, saved.per_reviewer_cap, saved.due_days) == (3, "channel", 10, 5)
    assert saved.reviewer_ids == [r.id for r in setup["reviewers"]] and saved.next_run_at is not None
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "sampling_rule.saved"))
    assert "Weekly chats" in lead.get("/sampling/rules").get_data(as_text=True)


@pytest.mark.parametrize("changes, field, message", [
    ({"quota": "0"}, "quota", "more than zero"),
    ({"quota_kind": "percent", "quota": "150"}, "quota", "at most 100"),
    ({"quota": "2.5"}, "quota", "whole number"),
    ({"reviewer_ids": None}, "reviewer_ids", "at least one active reviewer"),
    ({"per_reviewer_cap": "0"}, "per_reviewer_cap", "at least 1"),
    ({"date_from": "2024-06-01", "date_to": "2024-05-01"}, "date_to", "before the start date"),
    ({"min_minutes": "10", "max_minutes": "5"}, "max_minutes", "shorter than the shortest"),
    ({"tag": "reason.made_up"}, "tag", "not a tag of the taxonomy"),
    ({"name": ""}, "name", "required"),
])
def test_bad_rule_input_is_a_400_naming_the_field(lead, setup, changes, field, message):
    response = post_form(lead, NEW, valid_form(setup, **changes), token_from=NEW)
    assert response.status_code == 400
    assert any(message in error for error in field_errors(response.get_data(as_text=True), field))
    assert db.session.scalar(db.select(SamplingRule)) is None


def test_a_scorecard_without_a_published_version_or_an_inactive_reviewer_is_refused(lead, setup):
    draft_only = scorecard(publish=False)
    response = post_form(lead, NEW, valid_form(setup, scorecard_id=draft_only.id), token_from=NEW)
    assert response.status_code == 400
    assert "published version" in " ".join(field_errors(response.get_data(as_text=True), "scorecard_id"))
    gone = person(Role.REVIEWER, active=False)
    response = post_form(lead, NEW, valid_form(setup, reviewer_ids=[gone.id]), token_from=NEW)
    assert response.status_code == 400 and field_errors(response.get_data(as_text=True), "reviewer_ids")


def test_editing_shows_the_rule_and_saves_changes(lead, setup):
    saved = rule(setup["card"], setup["reviewers"], name="Old name", quota=4, per_reviewer_cap=2)
    page = lead.get(f"/sampling/rules/{saved.id}").get_data(as_text=True)
    assert 'value="Old name"' in page and 'value="4"' in page
    path = f"/sampling/rules/{saved.id}"
    response = post_form(lead, path, valid_form(setup, name="New name", period="month"), token_from=path)
    assert response.status_code == 302
    db.session.refresh(saved)
    assert (saved.name, saved.period, saved.next_run_at.day) == ("New name", "month", 1)


def test_run_now_queues_the_job_and_the_run_shows_its_seed_and_summary(lead, setup):
    if utcnow().hour == 0 and utcnow().minute < 3:
        pytest.skip("the chats would fall in yesterday")
    agent = person(Role.AGENT)
    saved = rule(setup["card"], setup["reviewers"], period="day", quota=1)
    chats(agent, [utcnow() - timedelta(minutes=m) for m in (1, 2)])
    path = f"/sampling/rules/{saved.id}/runs"
    response = post_form(lead, f"/sampling/rules/{saved.id}/run", {"which": "current"}, token_from=path)
    assert response.status_code == 302 and response.headers["Location"].endswith(path)
    run_pending_jobs()
    page = lead.get(path).get_data(as_text=True)
    assert re.search(r"<code>\d+</code>", page) and "1 of 2" in page and "1 not drawn" in page


def test_the_assignments_page_counts_per_reviewer_and_filters(lead, setup):
    agent = person(Role.AGENT)
    busy, idle = setup["reviewers"]
    one, two, three = chats(agent, [datetime(2024, 3, d) for d in (4, 5, 6)])
    card = setup["card"]
    late = assign_interaction(one.id, busy.id, card.id, due_at=utcnow() - timedelta(days=1))
    assign_interaction(two.id, busy.id, card.id, due_at=utcnow() + timedelta(days=1))
    complete_assignment(assign_interaction(three.id, busy.id, card.id).id)
    db.session.commit()
    page = lead.get("/sampling/assignments").get_data(as_text=True)
    rows = re.findall(r'<tr data-testid="reviewer-load">(.*?)</tr>', page, re.S)
    counts = {re.search(r">([^<]+)</a>", r).group(1): re.findall(r"<td[^>]*>(\d+)</td>", r) for r in rows}
    assert counts[busy.name] == ["3", "1", "2", "1"] and counts[idle.name] == ["0", "0", "0", "0"]
    overdue = lead.get(f"/sampling/assignments?reviewer={busy.id}&status=overdue").get_data(as_text=True)
    assert f"#{one.id}<" in overdue and f"#{two.id}<" not in overdue
    assert f"/sampling/assignments/{late.id}/reassign" in overdue
    assert lead.get("/sampling/assignments?status=nonsense").status_code == 400


def test_reassigning_needs_a_reason_refuses_the_agent_and_tells_the_new_reviewer(lead, setup):
    agent_reviewer = person(Role.AGENT, Role.REVIEWER)
    first, second = setup["reviewers"]
    [chat] = chats(agent_reviewer, [datetime(2024, 3, 4)])
    assignment = assign_interaction(chat.id, first.id, setup["card"].id)
    db.session.commit()
    path = f"/sampling/assignments/{assignment.id}/reassign"
    no_reason = post_form(lead, path, {"reviewer_id": second.id, "reason": " "}, token_from=path)
    assert no_reason.status_code == 400 and field_errors(no_reason.get_data(as_text=True), "reason")
    own = post_form(lead, path, {"reviewer_id": agent_reviewer.id, "reason": "swap"}, token_from=path)
    assert own.status_code == 400 and "nobody reviews their own" in own.get_data(as_text=True)
    gone = person(Role.REVIEWER, active=False)
    inactive = post_form(lead, path, {"reviewer_id": gone.id, "reason": "swap"}, token_from=path)
    assert inactive.status_code == 400 and "deactivated" in inactive.get_data(as_text=True)
    done = post_form(lead, path, {"reviewer_id": second.id, "reason": "On holiday"}, token_from=path)
    assert done.status_code == 302
    db.session.expire_all()
    moved = db.session.get(Assignment, assignment.id)
    assert (moved.reviewer_id, moved.reassigned_reason) == (second.id, "On holiday")
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "assignment.reassigned"))
    assert entry.before["reviewer_id"] == first.id and entry.after["reviewer_id"] == second.id
    assert db.session.scalar(db.select(Notification).where(Notification.user_id == second.id,
                                                           Notification.kind == "assignment.new"))


def test_reviewers_and_agents_cannot_open_the_lead_pages(client_for):
    for role in (Role.REVIEWER, Role.AGENT):
        client = client_for(role)
        assert client.get("/sampling/rules").status_code == 403
        assert client.get("/sampling/assignments").status_code == 403


def test_run_now_refuses_a_rule_that_could_not_run(lead, setup):
    saved = rule(setup["card"], setup["reviewers"])
    setup["card"].retired_at = utcnow()
    db.session.commit()
    path = f"/sampling/rules/{saved.id}/runs"
    response = post_form(lead, f"/sampling/rules/{saved.id}/run", {"which": "previous"}, token_from=path)
    assert response.status_code == 400 and "retired" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Job)) == 0
