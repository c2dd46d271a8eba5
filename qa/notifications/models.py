"""In-app notifications, one row per recipient; e-mailed as well when SMTP is configured."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from qa.extensions import db
from qa.timeutil import utcnow


class Notification(db.Model):
    __tablename__ = "notifications"
    # The unread count in the top bar on every page reads this index only.
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(500))  # a path inside the app
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]
