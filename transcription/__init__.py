"""Interactions in: import, audio, speech to text, timeline, metrics, redaction, tags, sentiment, search.
Imports only the qa shell."""
from flask import Flask


def init_transcription(app: Flask) -> None:
    from qa.jobs.registry import job_failed
    from qa.extensions import csrf
    from qa.web.navigation import NavItem, add_nav_item
    from transcription import api, cli, models, processing, retag, rules_views, services, views  # noqa: F401
    from transcription.search import index  # noqa: F401  (keeps the indexed terms of every utterance written)

    from qa.demo import demo_loaded
    from transcription.demo import load_demo_interactions
    from transcription.sentiment import sentiment_label
    from transcription.sentiment_display import feeling

    job_failed.connect(services.mark_interaction_failed)
    demo_loaded.connect(load_demo_interactions)
    app.register_blueprint(views.bp)
    app.add_template_filter(feeling)
    app.add_template_filter(sentiment_label, "feeling_label")
    app.register_blueprint(rules_views.bp)
    add_nav_item(app, NavItem("Tag rules", "tag_rules.edit", group="admin"))
    # The API takes bearer tokens only, never the session cookie, so forged cross-site forms cannot use it.
    app.register_blueprint(csrf.exempt(api.bp))
    add_nav_item(app, NavItem("Interactions", "interactions.index"))
    add_nav_item(app, NavItem("Import", "interactions.import_files"))
    app.cli.add_command(cli.import_command)
    app.cli.add_command(cli.export_group)
    app.cli.add_command(cli.interactions_group)
