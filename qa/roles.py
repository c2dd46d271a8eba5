from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    QA_LEAD = "qa_lead"
    REVIEWER = "reviewer"
    TRAINER = "trainer"
    AGENT = "agent"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Admin",
    Role.QA_LEAD: "QA lead",
    Role.REVIEWER: "QA reviewer",
    Role.TRAINER: "Trainer",
    Role.AGENT: "Agent",
}

# Staff who look at other people's work; agents only ever see their own.
STAFF_ROLES = (Role.ADMIN, Role.QA_LEAD, Role.REVIEWER, Role.TRAINER)
