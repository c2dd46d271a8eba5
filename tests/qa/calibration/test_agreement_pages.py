"""The pooled agreement page through a test client: its states (being computed, refreshed until the job has
run, then the statistics at once; a failed job's error), bad input named by field with a 400, who may see
it, the CSV, and the links to it from the calibration pages."""
import csv
import io
from datetime import timedelta

import pytest

from qa.calibration import statistics_jobs
from qa.calibration.gold import record_gold
from qa.calibration.models import AgreementCache
from qa.calibration.statistics_cache import session_key
from qa.calibration.statistics_jobs import REPORT_JOB
from qa.extensions import db
from qa.jobs.models import Job
from qa.jobs.services import run_pending_jobs
from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.calibration.pooled_builders import add_session, pool_scene
from tests.qa.calibration.session_builders import score_item
from tests.qa.reviews.builders import PERFECT_ANSWERS
from tests.support import login, post_form

A_SAYS, B_SAYS = "yynnyy", "yynyyn"   # alpha 0.3125 over the six (test_statistics_pooled)
WORD = {"y": "yes", "n": "no"}


def client_of(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


@pytest.fixture
def pool(app):
    pool = pool_scene()
    for x, y in zip(A_SAYS, B_SAYS):
        add_session(pool, [{"greeting": WORD[x]}, {"greeting": WORD[y]}])
    return pool


def url_of(pool, **extra):
    day = pool.sessions[0].deadline_at.date()
    args = {"version": pool.version_id, "from": day - timedelta(days=1), "to": day + timedelta(days=1), **extra}
    return "/calibration/agreement?" + "&".join(f"{name}={value}" for name, value in args.items())


def report_jobs() -> list[Job]:
    return list(db.session.scalars(db.select(Job).where(Job.kind == REPORT_JOB).order_by(Job.id)))


def test_computing_then_the_result_once_the_job_has_run(app, pool):
    client = client_of(app, pool.lead)
    first = client.get(url_of(pool))
    text = first.get_data(as_text=True)
    assert first.status_code == 200 and first.headers["Refresh"] == "3"
    assert 'data-testid="report-computing"' in text and 'data-testid="statistics"' not in text
    assert "6 session(s), 6 interaction(s), 2 reviewer(s)" in text
    assert "/quality/" in text  # AutoQA against people is said to be elsewhere
    [job] = report_jobs()
    assert job.payload["key"].startswith(f"version:{pool.version_id}:")
    assert client.get(url_of(pool)).headers["Refresh"] == "3" and len(report_jobs()) == 1   # not queued twice
    run_pending_jobs()
    done = client.get(url_of(pool))
    text = done.get_data(as_text=True)
    assert done.status_code == 200 and "Refresh" not in done.headers
    assert 'data-testid="statistics"' in text and 'data-testid="report-computing"' not in text
    greeting = text[text.index('data-testid="agreement-greeting"'):].split("</tr>")[0]
    assert "67%" in greeting and "0.31" in greeting
    assert len(report_jobs()) == 1


def test_a_new_counted_score_makes_the_page_compute_again(app, pool):
    client = client_of(app, pool.lead)
    client.get(url_of(pool))
    run_pending_jobs()
    assert 'data-testid="statistics"' in client.get(url_of(pool)).get_data(as_text=True)
    add_session(pool, [{}, {}])   # a seventh session in the period, both perfect
    again = client.get(url_of(pool))
    assert again.headers["Refresh"] == "3" and len(report_jobs()) == 2
    assert "7 session(s), 7 interaction(s)" in again.get_data(as_text=True)
    run_pending_jobs()
    greeting = client.get(url_of(pool)).get_data(as_text=True).split('data-testid="agreement-greeting"')[1]
    assert "0.35" in greeting.split("</tr>")[0]   # 1 − 13·2 / 40 with the seventh yes/yes


def test_a_failed_job_shows_its_error_and_can_be_run_again(app, pool, monkeypatch):
    def broken(basis):
        raise RuntimeError("the bootstrap fell over")

    monkeypatch.setattr(statistics_jobs, "compute_pooled", broken)
    client = client_of(app, pool.lead)
    client.get(url_of(pool))
    run_pending_jobs()
    failed = client.get(url_of(pool))
    text = failed.get_data(as_text=True)
    assert 'data-testid="report-failed"' in text and "RuntimeError: the bootstrap fell over" in text
    assert "Refresh" not in failed.headers and len(report_jobs()) == 1   # not queued again on every load
    monkeypatch.undo()
    day = pool.sessions[0].deadline_at.date()
    response = post_form(client, "/calibration/agreement/compute",
                         {"version": pool.version_id, "from": day - timedelta(days=1), "to": day + timedelta(days=1)},
                         token_from=url_of(pool))
    assert response.status_code == 303 and response.headers["Location"].startswith("/calibration/agreement?")
    assert len(report_jobs()) == 2
    run_pending_jobs()
    assert 'data-testid="statistics"' in client.get(url_of(pool)).get_data(as_text=True)


@pytest.mark.parametrize("args, field, words", [
    ({"version": "99999"}, "Version", "there is no scorecard version &#39;99999&#39; with calibration sessions"),
    ({"version": "abc"}, "Version", "there is no scorecard version &#39;abc&#39;"),
    ({"from": "2026-13-01"}, "From", "give a date as YYYY-MM-DD"),
    ({"to": "yesterday"}, "To", "give a date as YYYY-MM-DD"),
    ({"from": "2026-05-02", "to": "2026-05-01"}, "To", "is before the start"),
    ({"from": "2024-01-01", "to": "2026-01-02"}, "To", "more than two years"),
    ({"from": "0001-01-01"}, "From", "give a date from 1900"),
])
def test_bad_input_is_a_400_naming_the_field(app, pool, args, field, words):
    client = client_of(app, pool.lead)
    response = client.get(url_of(pool, **args))
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and f"{field}: " in text and words in text
    assert report_jobs() == []
    csv_response = client.get(url_of(pool, **args).replace("/agreement?", "/agreement/answers.csv?"))
    assert csv_response.status_code == 400 and f"{field}: " in csv_response.get_data(as_text=True)


def test_a_field_given_twice_and_dates_without_a_version(app, pool):
    client = client_of(app, pool.lead)
    assert "Version: give it once" in client.get(url_of(pool) + "&version=1").get_data(as_text=True)
    response = client.get("/calibration/agreement?from=2026-01-01")
    assert response.status_code == 400 and "Version: choose the scorecard version" in response.get_data(as_text=True)
    assert client.get("/calibration/agreement/answers.csv").status_code == 400


def test_two_years_exactly_is_allowed_and_the_default_is_90_days(app, pool):
    client = client_of(app, pool.lead)
    assert client.get(url_of(pool, **{"from": "2024-01-01", "to": "2025-12-31"})).status_code == 200
    page = client.get(f"/calibration/agreement?version={pool.version_id}").get_data(as_text=True)
    today = utcnow().date()
    assert f'name="from" value="{today - timedelta(days=89)}"' in page and f'name="to" value="{today}"' in page
    # The sessions' deadlines are two days ahead: not in the last 90 days, and nothing is queued for nothing.
    assert 'data-testid="no-sessions"' in page and report_jobs() == []


def test_the_chooser_lists_versions_with_calibration_sessions(app, pool):
    other = pool_scene()   # a scorecard no session calibrated on
    page = client_of(app, pool.lead).get("/calibration/agreement").get_data(as_text=True)
    assert pool.scorecard.versions[0].label in page and other.scorecard.versions[0].label not in page
    assert 'data-testid="agreement-empty"' in page


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.AGENT, Role.TRAINER])
def test_only_leads_and_admins_see_it(app, pool, client_for, role):
    client = client_for(role)
    assert client.get(url_of(pool)).status_code == 403
    assert client.get(url_of(pool).replace("/agreement?", "/agreement/answers.csv?")).status_code == 403
    assert report_jobs() == []


def test_an_admin_sees_it(app, pool, client_for):
    assert client_for(Role.ADMIN).get(url_of(pool)).status_code == 200


def test_the_csv_has_a_row_per_session_interaction_criterion_and_reviewer(app, pool):
    a, b = pool.reviewers
    first = pool.sessions[0]
    record_gold(first.id, first.items[0].id, {k: (v, "") for k, v in PERFECT_ANSWERS.items()}, pool.lead.id)
    db.session.commit()
    response = client_of(app, pool.lead).get(url_of(pool).replace("/agreement?", "/agreement/answers.csv?"),
                                             buffered=True)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 6 * 4 * 2   # sessions × criteria × reviewers
    assert {row["reviewer"] for row in rows} == {a.name, b.name}
    gold_rows = [row for row in rows if row["session_id"] == str(first.id)]
    assert {row["gold"] for row in gold_rows} == set(PERFECT_ANSWERS.values())
    assert all(row["matches_gold"] == "yes" for row in gold_rows)   # both said yes to the first greeting
    assert {row["matches_gold"] for row in rows if row["session_id"] != str(first.id)} == {""}
    fourth = [row for row in rows if row["session_id"] == str(pool.sessions[3].id) and row["criterion"] == "greeting"]
    assert sorted(row["answer"] for row in fourth) == ["no", "yes"]


def test_the_csv_leaves_out_blind_sessions(app, pool):
    blind = add_session(pool, [{"greeting": "no"}, None])
    response = client_of(app, pool.lead).get(url_of(pool).replace("/agreement?", "/agreement/answers.csv?"),
                                             buffered=True)
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert str(blind.id) not in {row["session_id"] for row in rows} and len(rows) == 48


def test_the_calibration_pages_link_to_it(app, pool):
    client = client_of(app, pool.lead)
    assert 'data-testid="agreement-link"' in client.get("/calibration/").get_data(as_text=True)
    session = pool.sessions[0]
    page = client.get(f"/calibration/{session.id}").get_data(as_text=True)
    assert 'data-testid="pooled-link"' in page and f"version={pool.version_id}" in page
    # The session page computed its statistics on the miss and stored them.
    assert db.session.get(AgreementCache, session_key(session.id)) is not None
    reviewer_page = client_of(app, pool.reviewers[0]).get(f"/calibration/{session.id}").get_data(as_text=True)
    assert 'data-testid="pooled-link"' not in reviewer_page
    assert 'data-testid="agreement-link"' not in client_of(app, pool.reviewers[0]).get("/calibration/").get_data(
        as_text=True)


def test_the_pooled_link_opens_a_period_holding_the_session(app, pool):
    client = client_of(app, pool.lead)
    page = client.get(f"/calibration/{pool.sessions[0].id}").get_data(as_text=True)
    link = page.split('data-testid="pooled-link"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert client.get(link).status_code == 200
    run_pending_jobs()
    assert "6 session(s)" in client.get(link).get_data(as_text=True)


def test_a_late_score_in_the_period_is_not_pooled(app, pool, monkeypatch):
    c = pool_scene().reviewers[0]
    late = add_session(pool, [{}, {}, None], reviewers=[*pool.reviewers, c])
    draft = score_item(late, c, 0, {"greeting": "no"}, submit=False)
    from qa.reviews import services as reviews
    monkeypatch.setattr(reviews, "utcnow", lambda: late.deadline_at + timedelta(minutes=5))
    reviews.submit_evaluation(draft.id, c.id)
    db.session.commit()
    monkeypatch.undo()
    page = client_of(app, pool.lead).get(url_of(pool)).get_data(as_text=True)
    assert "6 session(s)" in page and "1 session(s) in the period are still blind" in page
