"""A submitted calibration score, opened on the review page, says it is final and leads back to its session."""
from tests.qa.calibration.session_builders import score_item, session_scene
from tests.support import login


def test_a_submitted_calibration_score_points_back_to_its_session(app):
    scene = session_scene()
    reviewer = scene.reviewers[0]
    evaluation = score_item(scene.session, reviewer)
    client = app.test_client()
    assert login(client, reviewer.email).status_code == 302
    page = client.get(f"/reviews/{evaluation.id}").get_data(as_text=True)
    assert "given once and does not change" in page and "through a dispute" not in page
    assert f'href="/calibration/items/{evaluation.calibration_item_id}"' in page
