"""The rights engine: which remedies a victim has, how much they can pay, and by when to act.

Pure Python (no Django): importable and usable anywhere. Public contract:
`../shared/design/rights-contract.md`, kept in `docs/rights.md`.
"""

from .context import Remedy, Status
from .deadlines import Deadline, State
from .engine import Assessment, assess
from .facts import Category, Facts, InvalidFacts, OffenceClass
from .remedies import REMEDY_IDS

__all__ = [
    "REMEDY_IDS",
    "Assessment",
    "Category",
    "Deadline",
    "Facts",
    "InvalidFacts",
    "OffenceClass",
    "Remedy",
    "State",
    "Status",
    "assess",
]
