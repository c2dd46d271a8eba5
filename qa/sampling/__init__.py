"""Sampling rules and assignments: which reviewer reviews which interaction, and by when."""
from flask import Flask


def init_sampling(app: Flask) -> None:
    from qa.jobs.registry import supervisor_tick
    from qa.sampling import cli, jobs, models, views  # noqa: F401  (jobs registers sampling.run_rule)
    from qa.web.navigation import NavItem, add_nav_item

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.sampling)
    add_nav_item(app, NavItem("Assignments", "sampling.assignments", group="admin"))
    add_nav_item(app, NavItem("Sampling rules", "sampling.rules", group="admin"))
    # The workers' supervisor queues scheduled runs on each pass; connected once however many apps exist.
    supervisor_tick.connect(jobs.on_supervisor_tick)
