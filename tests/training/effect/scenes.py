"""A module three agents did, three agents who were not coached, and one coached on the same competency by
another plan in the same weeks; every score chosen so the effect can be worked by hand (see EXPECTED_*)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from qa.accounts import services as accounts
from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.reviews.builders import make_person
from tests.training.effect.builders import coaching_module, coaching_plan, competency_scorecard, scored

DAY = timedelta(days=1)
BEFORE_DAYS = (-20, -10, -1)
AFTER_DAYS = (1, 10, 29)
# Empathy scores before and after the pivot; greetings are missed after, which must not count (communication).
COACHED = {"Ada": ([50, 62.5, 75], [75, 87.5, 100]),         # +25
           "Bea": ([50, 50, 50], [62.5, 62.5, 62.5]),        # +12.5
           "Cyd": ([75, 75, 75], [87.5, 87.5, 100])}         # +16.67
UNCOACHED = {"Dot": ([50, 50, 50], [50, 50, 50]),             # 0
             "Eve": ([62.5, 62.5, 62.5], [75, 75, 75]),      # +12.5
             "Fay": ([75, 75, 75], [62.5, 62.5, 62.5])}      # −12.5
OTHER_PLAN = {"Gus": ([50, 50, 50], [100, 100, 100])}        # coached on empathy by another plan then: left out
EXPECTED_CHANGE = (25 + 12.5 + 50 / 3) / 3
EXPECTED_COMPARISON = 0.0
# The coached agents' changes deviate from their mean by 6.944, −5.556, −1.389: s = √(81.019 / 2) = 6.3647,
# se = 3.6747 (df 2); the comparison's s = 12.5, se = 7.2169 (df 2). DiD se = √(3.6747² + 7.2169²) = 8.0985;
# df = 8.0985⁴ / (3.6747⁴/2 + 7.2169⁴/2) = 4301.5 / 1447.5 = 2.97.
EXPECTED_DID_SE, EXPECTED_DID_DF = 8.0985, 2.97


@dataclass
class ModuleScene:
    module: object
    pivot: datetime
    agents: dict
    team: object


def module_scene(monkeypatch, *, in_progress_agent: bool = False) -> ModuleScene:
    pivot = (utcnow() - 90 * DAY).replace(microsecond=0)
    sheet = competency_scorecard()
    reviewer = make_person(Role.REVIEWER)
    team = accounts.create_team("Effect team")
    module = coaching_module("Empathy basics", ["empathy"])
    agents = {}
    for index, (name, (before, after)) in enumerate({**COACHED, **UNCOACHED, **OTHER_PLAN}.items()):
        agent = make_person(Role.AGENT, name=name, team_id=team.id if index % 2 == 0 else None)
        agents[name] = agent
        for days, empathy in zip(BEFORE_DAYS + AFTER_DAYS, before + after):
            scored(agent, sheet, pivot + days * DAY, empathy=empathy, greeting="yes" if days < 0 else "no",
                   reviewer=reviewer, monkeypatch=monkeypatch)
    for name in COACHED:
        coaching_plan(agents[name], ["empathy"], assigned_at=pivot - 2 * DAY, modules=[module], done={module: pivot})
    coaching_plan(agents["Gus"], ["empathy", "communication"], assigned_at=pivot + 5 * DAY)
    coaching_plan(agents["Dot"], ["communication"], assigned_at=pivot)   # another competency: Dot still compares
    if in_progress_agent:
        late = make_person(Role.AGENT, name="Hal")
        agents["Hal"] = late
        coaching_plan(late, ["empathy"], assigned_at=utcnow() - 12 * DAY, modules=[module],
                      done={module: utcnow() - 10 * DAY})
    return ModuleScene(module, pivot, agents, team)
