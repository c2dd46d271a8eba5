"""The search box on the interactions page."""
from qa.roles import Role
from tests.transcription.conversations import chat


def test_results_show_the_line_in_context_with_the_words_marked_and_escaped(client_for):
    reviewer = client_for(Role.REVIEWER)
    found = chat("Agent: hello", "Customer: <i>my</i> refund is late", "Agent: refunds take 3 days")
    chat("Customer: where is my parcel?")
    page = reviewer.get("/interactions/?q=refund").get_data(as_text=True)
    assert "1 interaction matches" in page
    assert f'href="/interactions/{found.id}#line-1"' in page
    assert '&lt;i&gt;my&lt;/i&gt; <mark class="hit">refund</mark> is late' in page
    assert '<mark class="hit">refunds</mark> take 3 days' in page, "the line after, marked too"
    assert "2 matching lines" in page


def test_filters_apply_to_the_search_and_bad_input_is_a_400_with_the_reason(client_for):
    reviewer = client_for(Role.REVIEWER)
    chat("Customer: refund please", channel="email")
    assert "No transcript you can see holds these words with these filters" in \
        reviewer.get("/interactions/?q=refund&channel=chat").get_data(as_text=True)
    response = reviewer.get("/interactions/?q=" + "+".join(f"w{n}" for n in range(13)))
    assert response.status_code == 400 and "at most 12 words" in response.get_data(as_text=True)
    response = reviewer.get("/interactions/?metric_min=2")
    assert response.status_code == 400 and "Choose the call metric" in response.get_data(as_text=True)
    assert reviewer.get("/interactions/?q=refund&tag=not.a.tag").status_code == 400


def test_agents_search_only_their_own(client_for):
    agent = client_for(Role.AGENT)
    mine = chat("Customer: refund my kettle", agent_id=agent.user.id)
    other = chat("Customer: refund my toaster")
    page = agent.get("/interactions/?q=refund").get_data(as_text=True)
    assert f"/interactions/{mine.id}#" in page and f"/interactions/{other.id}#" not in page


def test_an_empty_form_field_is_not_a_filter(client_for):
    reviewer = client_for(Role.REVIEWER)
    page = reviewer.get("/interactions/?q=zebra&agent=&channel=&tag=").get_data(as_text=True)
    assert "No transcript you can see holds these words." in page
