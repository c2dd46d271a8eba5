"""Competencies, coaching and onboarding (imports scorecards and qa services; only the app factory in qa imports it)."""
from flask import Flask


def init_training(app: Flask) -> None:
    from training.modules import models as module_models  # noqa: F401
    from training.plans import models as plan_models  # noqa: F401
    from training.sessions import models as session_models  # noqa: F401
    from training.navigation import init_navigation
    init_navigation(app)
    # Each part registers its pages below, one line each.
    from training.modules.views import init_modules
    init_modules(app)  # /coaching/modules: the library, the editor, attachments, clips and their audio
    from training.effect.views import init_effect
    init_effect(app)  # /coaching/effect: modules' effect across agents against a comparison group
    from training.dashboard.views import init_dashboard
    init_dashboard(app)  # /coaching/: the trainer dashboard
    from training.profiles.views import init_profiles
    init_profiles(app)  # /coaching/agents and /coaching/profile: competency profiles
    from training.sessions.views import init_sessions
    init_sessions(app)  # /coaching/sessions: one-to-ones, their write-up and confirmations, the .ics
    from training.plans.views import init_plans
    init_plans(app)  # /coaching/plans and /coaching/my: coaching plans, the agent's My coaching
