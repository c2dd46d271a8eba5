"""The profile pages: what each role reaches, what the page shows, and that people's text stays text."""
from datetime import timedelta

import pytest

from qa.accounts import services as accounts
from qa.extensions import db
from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.reviews.builders import make_person
from tests.support import login
from tests.training.profiles.builders import PROFILE_DEFINITION, profile_scorecard, scored

# The scorecard's own text is people's text too: a question with markup in it.
MARKED_UP = {**PROFILE_DEFINITION, "sections": [
    {**PROFILE_DEFINITION["sections"][0], "criteria": [
        {**criterion, "question": "How <em>warm</em> was the tone?"} if criterion["key"] == "empathy_tone"
        else criterion for criterion in PROFILE_DEFINITION["sections"][0]["criteria"]]},
    PROFILE_DEFINITION["sections"][1]]}


def signed_in(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


@pytest.fixture
def scene(app):
    """An agent in a team with six evaluations (one weak competency) and a reviewer's moment, and a trainer."""
    team = accounts.create_team("Blue <team>")
    agent = make_person(Role.AGENT, name="Ann <script>alert(1)</script>", team_id=team.id)
    reviewer, card = make_person(Role.REVIEWER), profile_scorecard(MARKED_UP)
    now = utcnow()
    evaluations = [scored(agent, reviewer, card, {"empathy_words": "no", "empathy_tone": "2"},
                          when=now - timedelta(days=day)) for day in range(1, 7)]
    moment = scored(agent, reviewer, card, {"empathy_tone": "1"}, when=now - timedelta(hours=1),
                    moments=[(2, "Sounded <img src=x onerror=alert(2)> bored", "empathy_tone")])
    return {"agent": agent, "team": team, "trainer": make_person(Role.TRAINER), "moment": moment,
            "evaluations": evaluations}


def test_a_trainer_reads_an_agents_profile_with_scores_evidence_and_links(app, scene):
    agent, moment = scene["agent"], scene["moment"]
    page = signed_in(app, scene["trainer"]).get(f"/coaching/agents/{agent.id}/profile")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-testid="weak"' in html and "weak: below 75" in html       # empathy: 7 evaluations, low
    assert 'data-testid="n-evaluations">7<' in html
    assert f'href="/evaluations/{moment.id}#line-2"' in html             # the moment, on the evaluation page
    assert f'href="/evaluations/{moment.id}"' in html and f'href="/interactions/{moment.interaction_id}"' in html
    assert "Leniency needs two or more reviewers" in html                 # why there is no adjusted score
    assert "Only 1 agent in the team" in html                             # why there is no team median
    assert "No live evaluation in the 90 days to" in html                 # hold handling: phone only


def test_profiles_are_in_the_coaching_menu_for_those_who_may_open_them(app):
    from training.navigation import LINKS_KEY, CoachingLink
    assert CoachingLink("Profiles", "training_profiles.agents", 20) in app.extensions[LINKS_KEY]


def test_peoples_text_is_escaped(app, scene):
    html = signed_in(app, scene["trainer"]).get(f"/coaching/agents/{scene['agent'].id}/profile").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "Ann &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "Sounded &lt;img src=x onerror=alert(2)&gt; bored" in html
    assert "Blue &lt;team&gt;" in html
    assert "<em>warm</em>" not in html and "How &lt;em&gt;warm&lt;/em&gt; was the tone?" in html
    listing = signed_in(app, scene["trainer"]).get("/coaching/agents").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in listing and "Ann &lt;script&gt;" in listing


def test_an_agent_sees_their_own_profile_and_no_one_elses(app, scene):
    agent = scene["agent"]
    client = signed_in(app, agent)
    own = client.get("/coaching/profile")
    assert own.status_code == 200 and "My competency profile" in own.get_data(as_text=True)
    moment = scene["moment"]
    for url in (f"/evaluations/{moment.id}", f"/interactions/{moment.interaction_id}"):   # the evidence's links
        assert f'href="{url}"' in own.get_data(as_text=True) and client.get(url).status_code == 200, url
    assert client.get(f"/coaching/agents/{agent.id}/profile").status_code == 200
    other = make_person(Role.AGENT)
    assert client.get(f"/coaching/agents/{other.id}/profile").status_code == 404
    assert client.get("/coaching/agents/999999/profile").status_code == 404
    assert client.get("/coaching/agents").status_code == 403


@pytest.mark.parametrize("role", [Role.TRAINER, Role.QA_LEAD, Role.ADMIN])
def test_a_user_who_is_not_an_agent_has_no_profile(app, scene, role):
    reader = make_person(role)
    client = signed_in(app, reader)
    assert client.get(f"/coaching/agents/{reader.id}/profile").status_code == 404
    assert client.get(f"/coaching/agents/{scene['trainer'].id}/profile").status_code == 404
    assert client.get("/coaching/profile").status_code == 403


def test_reviewers_have_no_profile_pages(app, scene):
    client = signed_in(app, make_person(Role.REVIEWER))
    for url in ("/coaching/agents", f"/coaching/agents/{scene['agent'].id}/profile", "/coaching/profile"):
        assert client.get(url).status_code == 403, url


def test_an_agent_without_evaluations_sees_that_there_is_no_data(app):
    agent = make_person(Role.AGENT)
    html = signed_in(app, agent).get("/coaching/profile").get_data(as_text=True)
    assert html.count('data-testid="no-data"') == 10
    assert 'data-testid="n-evaluations">0<' in html


def test_the_agents_list_shows_the_weakest_competencies_and_filters_by_team(app, scene):
    other_team = accounts.create_team("Green")
    newcomer = make_person(Role.AGENT, name="Newcomer", team_id=other_team.id)
    retired = make_person(Role.AGENT, name="Retired")
    accounts.set_user_active(retired.id, False, scene["trainer"].id)
    db.session.commit()
    client = signed_in(app, scene["trainer"])
    html = client.get("/coaching/agents").get_data(as_text=True)
    assert f'data-agent="{scene["agent"].id}"' in html and f'data-agent="{newcomer.id}"' in html
    assert f'data-agent="{retired.id}"' not in html
    assert 'data-key="empathy"' in html and "Empathy" in html
    assert "too little evidence" in html                                  # the newcomer has no evaluations
    filtered = client.get(f"/coaching/agents?team={other_team.id}").get_data(as_text=True)
    assert f'data-agent="{newcomer.id}"' in filtered and f'data-agent="{scene["agent"].id}"' not in filtered
