"""The audit log page: filters from the query string, user text escaped, pages of 50."""
from qa.audit import record
from qa.extensions import db
from qa.roles import Role

XSS = '<script>alert("x")</script>'


def test_page_shows_who_what_when_and_the_changes_escaped(client_for):
    lead = client_for(Role.QA_LEAD)
    record("evaluation.submitted", "evaluation", 12, lead.user.id, f"Comment: {XSS}",
           before={"comment": XSS, "score": 70}, after={"comment": "fine", "score": 85})
    db.session.commit()
    page = lead.get("/admin/audit").get_data(as_text=True)
    assert XSS not in page, "user text is never markup"
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "evaluation.submitted" in page and lead.user.name in page and "evaluation #12" in page
    assert '<span class="before">70</span> → <span class="after">85</span>' in page
    assert 'href="/admin/audit"' in page, "the admin-group nav item"


def test_filters_narrow_the_list(client_for, make_user):
    admin = client_for(Role.ADMIN)
    reviewer = make_user(Role.REVIEWER)
    record("evaluation.submitted", "evaluation", 1, reviewer.id, "first evaluation")
    record("evaluation.submitted", "evaluation", 2, reviewer.id, "second evaluation")
    record("dispute.resolved", "dispute", 1, None, "a dispute")
    db.session.commit()

    def shown(query: str) -> set[str]:
        page = admin.get(f"/admin/audit?{query}").get_data(as_text=True)
        return {s for s in ("first evaluation", "second evaluation", "a dispute", "Created") if s in page}

    assert shown("") == {"first evaluation", "second evaluation", "a dispute", "Created"}
    assert shown("action=evaluation") == {"first evaluation", "second evaluation"}
    assert shown(f"actor={reviewer.id}") == {"first evaluation", "second evaluation"}
    assert shown("actor=system") == {"a dispute", "Created"}
    assert shown("target_type=evaluation&target_id=2") == {"second evaluation"}
    assert shown("target_type=scorecard") == set(), "a type with no entries yet is not an error"
    assert shown("date_from=2000-01-01&date_to=2000-01-02") == set()
    response = admin.get("/admin/audit?target_id=abc&date_from=yesterday")
    assert response.status_code == 400 and "Not a valid" in response.get_data(as_text=True)


def test_pages_of_fifty_newest_first(client_for):
    admin = client_for(Role.ADMIN)
    for number in range(55):
        record("thing.changed", "thing", number, None, f"change number {number:02d}.")
    db.session.commit()
    first = admin.get("/admin/audit?action=thing").get_data(as_text=True)
    assert "change number 54." in first and "change number 05." in first and "change number 04." not in first
    older = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = admin.get(older).get_data(as_text=True)
    assert "action=thing" in older
    assert "change number 04." in second and "change number 00." in second and "change number 05." not in second
    assert 'rel="next"' not in second and "← Newest" in second
