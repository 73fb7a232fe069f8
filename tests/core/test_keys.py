"""The development site's encryption key: made once, whoever asks first."""

from __future__ import annotations

import threading

from appui.core.keys import development_key_file


def test_processes_starting_together_on_a_fresh_checkout_share_one_key(tmp_path):
    """`make run` starts the web workers and the task worker at once: each reads the key,
    the first makes it, none reads it half-written or fails because another made it."""
    for round_ in range(40):
        var_dir = tmp_path / str(round_)
        start = threading.Barrier(8)
        keys, errors = [], []

        def read(var_dir=var_dir, start=start, keys=keys, errors=errors):
            start.wait()
            try:
                keys.append(development_key_file(var_dir))
            except Exception as error:  # noqa: BLE001  (counted below)
                errors.append(error)

        threads = [threading.Thread(target=read) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert len(keys) == 8 and len(set(keys)) == 1 and len(keys[0]) == 44
        assert (var_dir / "encryption.key").stat().st_mode & 0o777 == 0o600
        assert [p.name for p in var_dir.iterdir()] == ["encryption.key"]  # nothing left over
