"""`appui encryption new-key | rotate`: make a key; rewrite stored text with the newest key.

To rotate: put a new key first in APPUI_ENCRYPTION_KEYS (the old ones after it), restart,
run `appui encryption rotate`, then remove the old keys.
"""

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from appui.core import crypto

BATCH = 500


class Command(BaseCommand):
    help = (
        "Encryption at rest: `new-key` prints a new key; `rotate` re-encrypts with the first key."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["new-key", "rotate"])

    def handle(self, *args, action: str, **options) -> None:
        if action == "new-key":
            self.stdout.write(Fernet.generate_key().decode())
            return
        total = 0
        for model, names in crypto.encrypted_fields():
            table = connection.ops.quote_name(model._meta.db_table)
            columns = [connection.ops.quote_name(model._meta.get_field(n).column) for n in names]
            pk = connection.ops.quote_name(model._meta.pk.column)
            select = f"SELECT {pk}, {', '.join(columns)} FROM {table} WHERE {pk} > %s ORDER BY {pk}"  # noqa: S608
            update = f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} WHERE {pk} = %s"  # noqa: S608
            last = 0
            while True:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(f"{select} LIMIT {BATCH}", [last])
                    rows = cursor.fetchall()
                    for row in rows:
                        values = [
                            crypto.rotate_token(v.encode()).decode() if v else v for v in row[1:]
                        ]
                        cursor.execute(update, [*values, row[0]])
                total += len(rows)
                if len(rows) < BATCH:
                    break
                last = rows[-1][0]
        self.stdout.write(f"Re-encrypted {total} rows with the newest key.")
