"""API tokens: creation, revocation and the lookup every machine request goes through."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ansinh.accounts.models import ApiToken
from ansinh.audit.services import record

TOKEN_PREFIX = "asn_"  # noqa: S105 — a public marker that tells our keys apart, not a secret
# Writing last_used_at on every call would turn each read into a write; once a minute is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenError(Exception):
    """The message is Vietnamese and fit to show."""


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(user, *, name: str, can_write: bool = False, days_valid: int | None = 365, actor=None):
    """Return (token, key). The key is shown once; only its hash is kept."""
    name = name.strip()
    if not name:
        raise TokenError("Cần đặt tên cho khoá (ví dụ: “Máy chủ đồng bộ DHIS2”).")
    if days_valid is not None and not 1 <= days_valid <= 3650:
        raise TokenError("Thời hạn của khoá phải từ 1 đến 3.650 ngày.")
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=days_valid) if days_valid else None
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=key[: len(TOKEN_PREFIX) + 6],
            key_hash=_hash(key),
            can_write=can_write,
            expires_at=expires_at,
        )
        record(
            actor=actor or user,
            action="token.create",
            obj=token,
            summary=f"Tạo khoá API “{token.name}” cho {user.get_username()}",
            after={"can_write": can_write, "expires_at": expires_at.isoformat() if expires_at else None},
        )
    return token, key


def revoke_token(token: ApiToken, *, actor) -> ApiToken:
    if token.revoked_at is not None:
        raise TokenError("Khoá này đã bị thu hồi trước đó.")
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, action="token.revoke", obj=token, summary=f"Thu hồi khoá API “{token.name}”")
    return token


def user_for_key(key: str) -> tuple[object, ApiToken] | None:
    """The active person and token a key belongs to, or None (unknown, revoked, expired, inactive user)."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    now = timezone.now()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    if token.expires_at is not None and token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token
