"""The rights engine: which remedies a victim has, how much they can pay, and by when to act;
and, once a procedure has started, where it stands and who must act next (`timeline`).

Pure Python (no Django): importable and usable anywhere. Public contract:
`../shared/design/rights-contract.md`, kept in `docs/rights.md`.
"""

from .context import Remedy, Status
from .deadlines import Deadline, State
from .engine import Assessment, assess
from .facts import Category, Facts, InvalidFacts, OffenceClass
from .procedures import InvalidProcedure, ProcedureName
from .remedies import REMEDY_IDS
from .timeline import Timeline, timeline

__all__ = [
    "REMEDY_IDS",
    "Assessment",
    "Category",
    "Deadline",
    "Facts",
    "InvalidFacts",
    "InvalidProcedure",
    "OffenceClass",
    "ProcedureName",
    "Remedy",
    "State",
    "Status",
    "Timeline",
    "assess",
    "timeline",
]
