"""The quality pages as a whole: who may open them, bad filters, the CSV of answers, and the page's queries."""
import csv
import io
import re
import types

import pytest
from sqlalchemy import event

from qa.calibration.quality import QualityFilter
from qa.calibration.quality_export import answers_csv
from qa.extensions import db
from qa.roles import Role
from tests.qa.calibration.quality_scenes import autoqa_evaluations
from tests.qa.reviews.builders import draft_evaluation, make_person, published_scorecard, submitted_evaluation
from tests.qa.reviews.review_scenes import autoqa_scorecard, good_chat


@pytest.fixture
def lead(client_for):
    return client_for(Role.QA_LEAD)


@pytest.mark.parametrize("role", [Role.AGENT, Role.REVIEWER, Role.TRAINER])
def test_only_leads_and_admins_open_the_pages(client_for, role):
    scorecard = published_scorecard()
    client = client_for(role)
    assert client.get(f"/quality/?scorecard={scorecard.id}").status_code == 403
    assert client.get(f"/quality/answers.csv?scorecard={scorecard.id}").status_code == 403
    assert 'href="/quality/"' not in client.get("/").get_data(as_text=True)


def test_leads_and_admins_find_it_in_the_navigation(client_for):
    for role in (Role.QA_LEAD, Role.ADMIN):
        client = client_for(role)
        assert re.search(r'<a href="/quality/"[^>]*>Quality</a>', client.get("/").get_data(as_text=True))
        page = client.get("/quality/")
        assert page.status_code == 200
        assert "Choose a scorecard to see how AutoQA and the reviewers score it." in page.get_data(as_text=True)


@pytest.mark.parametrize("query, field, message", [
    ("scorecard=abc", "Scorecard", "there is no scorecard 'abc'"),
    ("scorecard=99999", "Scorecard", "there is no scorecard '99999'"),
    ("scorecard={id}&version={other}", "Version", "is not a version of"),
    ("scorecard={id}&from=2024-13-01", "From", "give a date as YYYY-MM-DD, not '2024-13-01'"),
    ("scorecard={id}&from=2024-03-01&to=2024-02-01", "To", "2024-02-01 is before the start, 2024-03-01"),
    ("scorecard={id}&sort=score", "Sort agents by", "must be one of name, raw, adjusted, difference"),
    ("scorecard={id}&scorecard={id}", "Scorecard", "give it once"),
    ("from=2024-01-01", "Scorecard", "choose the scorecard to measure"),
])
def test_bad_filters_are_a_400_naming_the_field(lead, query, field, message):
    scorecard, other = published_scorecard(), published_scorecard()
    query = query.format(id=scorecard.id, other=other.versions[0].id)
    page = lead.get(f"/quality/?{query}")
    assert page.status_code == 400
    errors = re.findall(r'data-testid="filter-error">(.*?)</small>', page.get_data(as_text=True))
    assert any(error.startswith(f"{field}:") and message in error.replace("&#39;", "'") for error in errors), errors
    export = lead.get(f"/quality/answers.csv?{query}")
    assert export.status_code == 400 and export.mimetype == "text/plain"
    assert f"{field}:" in export.get_data(as_text=True)


def test_the_widest_dates_there_are_are_no_error(lead):
    scorecard = published_scorecard()
    submitted_evaluation(scorecard=scorecard)
    html = lead.get(f"/quality/?scorecard={scorecard.id}&from=0001-01-01&to=9999-12-31").get_data(as_text=True)
    assert 'data-testid="agent-row"' in html


def test_a_leads_own_blind_review_hides_the_others_of_that_interaction(lead):
    scorecard = published_scorecard()
    agent = make_person(Role.AGENT)
    seen, blind = submitted_evaluation(scorecard=scorecard, agent=agent), submitted_evaluation(scorecard=scorecard,
                                                                                              agent=agent)
    draft_evaluation(reviewer=lead.user, scorecard=scorecard, agent=agent, interaction=blind.interaction)
    rows = list(csv.reader(io.StringIO(lead.get(f"/quality/answers.csv?scorecard={scorecard.id}",
                                                buffered=True).get_data(as_text=True))))[1:]
    assert {int(row[0]) for row in rows} == {seen.id}     # nor the lead's own draft: only submitted work counts


def test_the_csv_without_a_scorecard_is_a_400(lead):
    response = lead.get("/quality/answers.csv")
    assert response.status_code == 400
    assert "Scorecard: choose the scorecard whose answers to export." in response.get_data(as_text=True)


def test_the_csv_has_a_row_per_live_answer_and_streams(lead, monkeypatch):
    scorecard = autoqa_scorecard()
    agent = make_person(Role.AGENT, name="=HYPERLINK(1)")
    reviewer = make_person(Role.REVIEWER, name="Rita Reviewer")
    live = autoqa_evaluations([("yes", "no"), ("no", "no")], scorecard=scorecard, agent=agent, reviewer=reviewer)
    autoqa_evaluations([("yes", "yes")], scorecard=scorecard, kind="calibration")
    submitted_evaluation()  # another scorecard
    # buffered: the test client's isolated context ends with the request; a real server streams the generator.
    response = lead.get(f"/quality/answers.csv?scorecard={scorecard.id}&from=2000-01-01", buffered=True)
    assert response.status_code == 200 and "Content-Length" not in response.headers   # streamed, never sized
    assert response.mimetype == "text/csv"
    assert f'filename="answers-scorecard-{scorecard.id}-2000-01-01.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["evaluation_id", "submitted_at", "scorecard", "version", "interaction_id", "agent", "reviewer",
                       "criterion", "answer", "autoqa_answer", "overridden", "earned", "possible"]
    body = rows[1:]
    assert len(body) == 2 * 4                                   # two live evaluations × four criteria
    assert {int(row[0]) for row in body} == {evaluation.id for evaluation in live}
    first = {row[7]: row for row in body if int(row[0]) == live[0].id}
    assert first["greeting"][8:11] == ["no", "yes", "yes"]      # answered no, AutoQA said yes: overridden
    assert first["introduction"][8:11] == ["yes", "yes", "no"]
    assert first["courtesy"][8:11] == ["4", "", ""]              # no AutoQA rule
    assert first["greeting"][5] == "'=HYPERLINK(1)"             # never a formula in a spreadsheet
    assert first["greeting"][6] == "Rita Reviewer" and first["greeting"][3] == "1"
    assert float(first["greeting"][11]) == 0 and float(first["greeting"][12]) == pytest.approx(25)
    assert lead.get(f"/quality/?scorecard={scorecard.id}&from=2000-01-01&sort=raw").get_data(as_text=True).count(
        f'href="/quality/answers.csv?scorecard={scorecard.id}&amp;from=2000-01-01"') == 1


def test_the_csv_is_written_in_batches_as_rows_arrive(app, lead, monkeypatch):
    scorecard = autoqa_scorecard()
    autoqa_evaluations([("yes", "yes")] * 3, scorecard=scorecard)
    monkeypatch.setattr("qa.calibration.quality_export.BATCH", 2)
    pieces = answers_csv(lead.user, QualityFilter(scorecard.id))
    assert isinstance(pieces, types.GeneratorType)
    chunks = list(pieces)
    assert len(chunks) == 12 // 2                               # a piece per two rows
    assert chunks[0].startswith("evaluation_id,") and chunks[0].count("\n") == 3


def test_the_page_has_no_inline_style_or_script(lead):
    scorecard = autoqa_scorecard()
    autoqa_evaluations([("yes", "yes")] * 2, scorecard=scorecard)
    html = lead.get(f"/quality/?scorecard={scorecard.id}").get_data(as_text=True)
    assert "<svg" in html
    assert not re.search(r"\sstyle=|<style|<script(?![^>]*\bsrc=)", html)


def _statements(client, url: str) -> list[str]:
    statements = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    return statements


def test_the_page_makes_the_same_few_queries_for_200_evaluations_as_for_20(lead):
    scorecard = autoqa_scorecard()
    agents = [make_person(Role.AGENT) for _ in range(4)]
    reviewers = [make_person(Role.REVIEWER) for _ in range(5)]
    chats = [good_chat(agent, f"bench {number}") for number, agent in enumerate(agents * 2)]

    def evaluate(count: int, start: int) -> None:
        for number in range(start, start + count):
            interaction = chats[number % len(chats)]
            submitted_evaluation(agent=db.session.get(type(agents[0]), interaction.agent_id),
                                 reviewer=reviewers[number % len(reviewers)], scorecard=scorecard,
                                 interaction=interaction, answers={"courtesy": str(1 + number % 5)})

    url = f"/quality/?scorecard={scorecard.id}"
    evaluate(20, 0)
    few = _statements(lead, url)
    evaluate(180, 20)
    many = _statements(lead, url)
    assert 'data-testid="kappa-n">200<' in lead.get(url).get_data(as_text=True)
    assert len(many) == len(few) <= 12, many   # the session, the form's scorecards, one SELECT per table
