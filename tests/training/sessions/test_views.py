"""The session pages through a test client: who sees what, 404s for other agents' sessions, the forms, the
write-up buttons, escaping, the .ics file and the agent's list for "My coaching"."""
from datetime import timedelta

import pytest
from flask import render_template

from qa.extensions import db
from qa.roles import Role
from tests.qa.reviews.builders import make_person
from tests.support import login, post_form
from tests.training.sessions.builders import assigned_plan, at, booked, trainer
from training.sessions.models import CoachingSession
from training.sessions.services import sessions_for_agent
from training.sessions.writeup import add_action, confirm_session, mark_held


@pytest.fixture
def people(app):
    return trainer("Theo Trainer"), make_person(Role.AGENT, name="Jordan Agent")


def _client(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def _page(client, url):
    response = client.get(url)
    return response.status_code, response.get_data(as_text=True)


def test_the_list_groups_sessions_and_filters_by_coach_and_agent(app, people):
    coach, agent = people
    other_coach, other_agent = trainer("Uma Trainer"), make_person(Role.AGENT, name="Sam Agent")
    upcoming = booked(coach, agent, hours=24)
    held = booked(coach, agent, hours=-2)
    mark_held(held.id, actor_id=coach.id, notes="Done")
    booked(other_coach, other_agent, hours=30)
    db.session.commit()
    lead = make_person(Role.QA_LEAD)
    status, page = _page(_client(app, lead), "/coaching/sessions/")
    assert status == 200 and page.count('data-testid="session-row"') == 3
    assert "Schedule a session" not in page  # QA leads read, they do not schedule
    _, page = _page(_client(app, coach), f"/coaching/sessions/?coach={coach.id}")
    upcoming_part, _, rest = page.partition('data-testid="awaiting-sessions"')
    assert f"/coaching/sessions/{upcoming.id}" in upcoming_part and f"/coaching/sessions/{held.id}" in rest
    assert "Sam Agent" not in page.split('data-testid="upcoming-sessions"')[1]
    _, page = _page(_client(app, coach), f"/coaching/sessions/?agent={other_agent.id}")
    assert page.count('data-testid="session-row"') == 1


def test_the_new_form_prefills_agent_plan_and_agenda_from_the_plan(app, people):
    coach, agent = people
    plan = assigned_plan(agent, modules=["Acknowledging feelings"])
    status, page = _page(_client(app, coach), f"/coaching/sessions/new?plan_id={plan.id}")
    assert status == 200
    assert f'<option selected value="{agent.id}">' in page and f'<option selected value="{plan.id}">' in page
    assert "Plan: Empathy first\nEmpathy: 62 of 100" in page and "Module to do: Acknowledging feelings" in page
    _, page = _page(_client(app, coach), f"/coaching/sessions/new?agent_id={agent.id}")
    assert f'<option selected value="{agent.id}">' in page and "Plan: Empathy first" not in page


def test_scheduling_from_the_form_and_an_overlap_said_on_it(app, people):
    coach, agent = people
    client = _client(app, coach)
    start = at(24)
    form = {"agent_id": agent.id, "coach_id": coach.id, "scheduled_at": start.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 30, "plan_id": "", "agenda": "Holds"}
    response = post_form(client, "/coaching/sessions/new", form)
    assert response.status_code == 302
    session = db.session.scalar(db.select(CoachingSession))
    assert (session.agent_id, session.scheduled_at, session.agenda) == (agent.id, start, "Holds")
    form["scheduled_at"] = (start + timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M")
    response = post_form(client, "/coaching/sessions/new", form)
    assert response.status_code == 400
    assert "Theo Trainer already has a session with Jordan Agent" in response.get_data(as_text=True)
    response = post_form(client, "/coaching/sessions/new", {**form, "duration_minutes": "ten"})
    assert response.status_code == 400 and db.session.scalar(db.select(db.func.count(CoachingSession.id))) == 1


def test_an_agent_opens_only_their_own_sessions(app, people):
    coach, agent = people
    mine = booked(coach, agent)
    theirs = booked(coach, make_person(Role.AGENT, name="Sam Agent"), hours=30)
    action = add_action(theirs.id, "Theirs", theirs.agent_id, actor_id=coach.id)
    db.session.commit()
    client = _client(app, agent)
    assert client.get(f"/coaching/sessions/{mine.id}").status_code == 200
    assert client.get(f"/coaching/sessions/{mine.id}/session.ics").status_code == 200
    for url in (f"/coaching/sessions/{theirs.id}", f"/coaching/sessions/{theirs.id}/session.ics",
                "/coaching/sessions/999999"):
        assert client.get(url).status_code == 404, url
    for url in (f"/coaching/sessions/{theirs.id}/confirm", f"/coaching/sessions/actions/{action.id}/done"):
        assert post_form(client, url).status_code == 404, url
    assert client.get("/coaching/sessions/").status_code == 403
    assert _client(app, make_person(Role.REVIEWER)).get(f"/coaching/sessions/{mine.id}").status_code == 403


def test_notes_are_escaped_everywhere(app, people):
    coach, agent = people
    session = booked(coach, agent, hours=-1, agenda="<b>agenda</b>")
    mark_held(session.id, actor_id=coach.id, notes='<script>alert("x")</script>')
    add_action(session.id, "<img src=x onerror=alert(1)>", agent.id, actor_id=coach.id)
    db.session.commit()
    for user in (coach, agent):
        _, page = _page(_client(app, user), f"/coaching/sessions/{session.id}")
        assert "<script>alert" not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
        assert "<b>agenda</b>" not in page and "&lt;b&gt;agenda&lt;/b&gt;" in page


def test_the_coach_writes_up_and_the_agent_confirms_and_ticks_their_action(app, people):
    coach, agent = people
    session = booked(coach, agent, hours=-1)
    coaching = _client(app, coach)
    url = f"/coaching/sessions/{session.id}"
    response = post_form(coaching, f"{url}/notes", {"notes": "", "held": "1"}, token_from=url)
    assert response.status_code == 400 and "Write the notes before" in response.get_data(as_text=True)
    assert post_form(coaching, f"{url}/notes", {"notes": "Agreed to slow down"}, token_from=url).status_code == 303
    response = post_form(coaching, f"{url}/actions", {"text": "Slow down", "owner_id": agent.id, "due_on": "",
                                                      "notes": "Agreed to slow down, typed on"}, token_from=url)
    assert response.status_code == 303
    db.session.expire_all()
    assert session.notes == "Agreed to slow down, typed on"  # the action button saves the typed notes too
    response = post_form(coaching, f"{url}/actions", {"text": "", "owner_id": agent.id}, token_from=url)
    assert response.status_code == 400 and "Say what is to be done" in response.get_data(as_text=True)
    assert post_form(coaching, f"{url}/notes", {"notes": "Agreed to slow down", "held": "1"},
                     token_from=url).status_code == 303
    db.session.expire_all()
    assert session.status == "held"
    [action] = session.actions
    agent_client = _client(app, agent)
    _, page = _page(agent_client, url)
    assert 'data-testid="notes-form"' not in page and "Agreed to slow down" in page
    assert 'data-testid="confirm-session"' in page
    assert post_form(agent_client, f"/coaching/sessions/actions/{action.id}/done", token_from=url).status_code == 303
    assert post_form(agent_client, f"{url}/confirm", token_from=url).status_code == 303
    response = post_form(agent_client, f"{url}/confirm", token_from=url)
    assert response.status_code == 400 and "You confirmed this session on" in response.get_data(as_text=True)
    assert post_form(agent_client, f"{url}/actions", {"text": "Mine", "owner_id": agent.id},
                     token_from=url).status_code == 403
    db.session.expire_all()
    assert action.done_at is not None and session.agent_confirmed_at is not None


def test_the_edit_page_is_the_coachs_or_an_admins(app, people):
    coach, agent = people
    session = booked(coach, agent, hours=24)
    url = f"/coaching/sessions/{session.id}/edit"
    status, page = _page(_client(app, trainer("Uma Trainer")), url)
    assert status == 200 and "Only the session&#39;s coach or an admin can change it." in page
    client = _client(app, coach)
    later = session.scheduled_at + timedelta(hours=1)
    response = post_form(client, url, {"coach_id": coach.id, "scheduled_at": later.strftime("%Y-%m-%dT%H:%M"),
                                       "duration_minutes": 60, "agenda": "Moved"}, token_from=url)
    assert response.status_code == 302
    db.session.expire_all()
    assert (session.scheduled_at, session.duration_minutes, session.agenda) == (later, 60, "Moved")
    response = post_form(client, f"/coaching/sessions/{session.id}/cancel", {"reason": ""}, token_from=url)
    assert response.status_code == 400 and "Say why" in response.get_data(as_text=True)
    assert 'data-testid="session-form"' in response.get_data(as_text=True)  # back on the edit page
    response = post_form(client, f"/coaching/sessions/{session.id}/cancel", {"reason": "Clash"}, token_from=url)
    assert response.status_code == 303
    _, page = _page(client, f"/coaching/sessions/{session.id}")
    assert "Cancelled" in page and "Clash" in page and "Edit or cancel" not in page


def test_the_calendar_file(app, people):
    coach, agent = people
    session = booked(coach, agent, hours=24, minutes=45, agenda="Holds, transfers; tone")
    response = _client(app, agent).get(f"/coaching/sessions/{session.id}/session.ics")
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == f'attachment; filename="coaching-session-{session.id}.ics"'
    text = response.get_data(as_text=True)
    assert f"DTSTART:{session.scheduled_at:%Y%m%dT%H%M%S}Z\r\n" in text
    assert f"DTEND:{session.scheduled_at + timedelta(minutes=45):%Y%m%dT%H%M%S}Z\r\n" in text
    assert "SUMMARY:Coaching: Jordan Agent with Theo Trainer\r\n" in text
    assert "DESCRIPTION:Holds\\, transfers\\; tone\\n\\nhttp://" in text


def test_the_agents_list_for_my_coaching(app, people):
    coach, agent = people
    held = booked(coach, agent, hours=-1)
    add_action(held.id, "Practise", agent.id, actor_id=coach.id)
    mark_held(held.id, actor_id=coach.id, notes="Good")
    upcoming = booked(coach, agent, hours=24)
    db.session.commit()
    with app.test_request_context():
        html = render_template("training/sessions/_agent_list.html", sessions=sessions_for_agent(agent.id))
    rows = html.split('data-testid="my-session-row"')[1:]
    assert f"/coaching/sessions/{upcoming.id}" in rows[0] and "scheduled" in rows[0]
    assert f"/coaching/sessions/{held.id}" in rows[1] and "awaits you" in rows[1]
    confirm_session(held.id, actor_id=agent.id)
    with app.test_request_context():
        html = render_template("training/sessions/_agent_list.html", sessions=sessions_for_agent(agent.id))
    assert "awaits you" not in html and "confirmed" in html


def test_query_string_ids_no_row_can_have_are_no_filter(app, people):
    coach, agent = people
    booked(coach, agent)
    client = _client(app, coach)
    status, page = _page(client, "/coaching/sessions/?coach=99999999999999999999&agent=-5")
    assert status == 200 and page.count('data-testid="session-row"') == 1
    assert client.get("/coaching/sessions/new?plan_id=99999999999999999999&agent_id=x").status_code == 200


def test_the_plan_links_to_each_readers_own_plan_page(app, people):
    coach, agent = people
    plan = assigned_plan(agent)
    session = booked(coach, agent, plan=plan)
    _, page = _page(_client(app, coach), f"/coaching/sessions/{session.id}")
    assert f'href="/coaching/plans/{plan.id}" data-testid="plan-link"' in page
    _, page = _page(_client(app, agent), f"/coaching/sessions/{session.id}")
    assert f'href="/coaching/my/plans/{plan.id}" data-testid="plan-link"' in page
