"""Documents: encrypted on disk, every download audited."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from appui.core import audit
from appui.core.access import Actor
from appui.core.crypto import decrypt_bytes, encrypt_bytes

from .. import policies
from ..models import (
    CaseFile,
    Document,
)
from ..permissions import CasePermission as P
from ..policies import require
from ._common import A, T


def add_document(
    actor: Actor, file: CaseFile, *, title: str, name: str, content_type: str, data: bytes
) -> Document:
    require(actor, P.DOCUMENT_ADD, file)
    directory = settings.APPUI_DOCUMENTS_DIR
    directory.mkdir(parents=True, exist_ok=True)
    storage_name = secrets.token_hex(16)
    path = directory / storage_name
    path.write_bytes(encrypt_bytes(data))
    try:
        with transaction.atomic():
            document = Document.objects.create(
                case_file=file,
                title=title[:200],
                original_name=name[:200],
                content_type=content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                storage_name=storage_name,
                uploaded_at=timezone.now(),
                uploaded_by_id=actor.user_id,
            )
            audit.record(
                actor,
                A.CREATE,
                T.DOCUMENT,
                document.pk,
                file_id=file.pk,
                organisation_id=file.organisation_id,
            )
    except Exception:
        path.unlink(missing_ok=True)  # nothing half-saved
        raise
    return document


def read_document(actor: Actor, pk: int) -> tuple[Document, bytes]:
    with transaction.atomic():
        document = policies.get_document(actor, pk)
        file = document.case_file
        audit.record(
            actor,
            A.DOWNLOAD,
            T.DOCUMENT,
            document.pk,
            file_id=file.pk,
            organisation_id=file.organisation_id,
            exceptional=policies.is_exceptional(actor, file.organisation_id),
        )
    data = decrypt_bytes((settings.APPUI_DOCUMENTS_DIR / document.storage_name).read_bytes())
    return document, data
