"""Encryption keys from the environment, read by the settings before Django is set up."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured


def parse_keys(raw: str) -> list[bytes]:
    keys = [k.strip().encode() for k in raw.split(",") if k.strip()]
    for key in keys:
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                "APPUI_ENCRYPTION_KEYS holds a value that is not a Fernet key "
                "(44 URL-safe base64 characters; `appui encryption new-key` makes one)."
            ) from None
    return keys


def development_key_file(var_dir: Path) -> str:
    """The local key of a development site, made once in the var directory (mode 600).

    Processes starting together on a fresh checkout (`make run`'s web and task workers)
    may all find no key: each writes one to a file of its own, then links it to the key's
    name, which only the first link gets (atomic); every process then reads that one."""
    path = Path(var_dir) / "encryption.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        mine = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(8)}")
        fd = os.open(mine, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(Fernet.generate_key().decode())
            try:
                os.link(mine, path)
            except FileExistsError:
                pass  # another process was first: its key is the key
        finally:
            mine.unlink()
    return path.read_text().strip()
