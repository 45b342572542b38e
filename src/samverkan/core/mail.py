"""E-mail through the configured SMTP server (off when ``smtp_host`` is empty).

A message that cannot be sent is logged and dropped: a notification must never undo or fail
the change it tells about.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from email.message import EmailMessage

from samverkan.core.settings import Settings

log = logging.getLogger(__name__)
TIMEOUT_S = 10


def enabled(settings: Settings) -> bool:
    return bool(settings.smtp_host)


def send(settings: Settings, to: Iterable[str], subject: str, body: str) -> bool:
    """Send one plain-text message to ``to``; True when the server took it."""
    recipients = sorted({t for t in to if t})
    if not enabled(settings) or not recipients:
        return False
    msg = EmailMessage()
    msg["From"] = settings.mail_from
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = subject
    msg.set_content(body)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_S) as smtp:
            if settings.smtp_starttls and smtp.has_extn("starttls"):
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail to %s not sent: %s", recipients, exc)
        return False
    return True
