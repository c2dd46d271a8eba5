"""The coaching overview pages' query string: ?team=<id> (and, on the effect page, ?sort=<column>).

A team that does not exist, or a sort that is not a column, is named beside the filters with a 400, as the
quality pages do; nothing is computed from a bad filter.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from qa.accounts.models import Team
from qa.accounts.services import list_teams


@dataclass
class Filters:
    team: str = ""            # as typed, to show back
    sort: str = ""
    team_id: int | None = None
    teams: list[Team] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def args(self, **changes: str) -> dict[str, str]:
        """This selection as a query string, with `changes` applied (for sort links)."""
        values = {"team": self.team, "sort": self.sort, **changes}
        return {name: value for name, value in values.items() if value}


def read_filters(args, sorts: dict[str, str] | None = None, default_sort: str = "") -> Filters:
    filters = Filters(team=(args.get("team") or "").strip(), sort=(args.get("sort") or "").strip(),
                      teams=list_teams())
    if filters.team:
        chosen = next((team for team in filters.teams if str(team.id) == filters.team), None)
        if chosen is None:
            filters.errors.append(f"Team: there is no team {filters.team!r}.")
        else:
            filters.team_id = chosen.id
    if sorts is not None:
        if filters.sort and filters.sort not in sorts:
            filters.errors.append(f"Sort: must be one of {', '.join(sorts)}, not {filters.sort!r}.")
        filters.sort = filters.sort if filters.sort in sorts else default_sort
    return filters
