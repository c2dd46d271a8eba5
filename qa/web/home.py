"""Figures for the home pages."""
from sqlalchemy import func

from qa.accounts.models import Team, User, UserRole
from qa.extensions import db
from qa.jobs.models import Job
from qa.roles import Role


def admin_overview() -> dict:
    role_counts = dict(db.session.execute(
        db.select(UserRole.role, func.count()).join(User).where(User.active.is_(True)).group_by(UserRole.role)
    ).all())
    job_counts = dict(db.session.execute(db.select(Job.status, func.count()).group_by(Job.status)).all())
    return {
        "roles": [(role, role_counts.get(role.value, 0)) for role in Role],
        "teams": db.session.scalar(db.select(func.count()).select_from(Team)),
        "inactive_users": db.session.scalar(db.select(func.count()).select_from(User).where(User.active.is_(False))),
        "jobs": job_counts,
    }
