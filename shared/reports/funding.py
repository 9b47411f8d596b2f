"""Programme allocations for 2023-24 from PCD 1295 (reference figures, shown beside statistics)."""

from __future__ import annotations

SOURCE = "PCD 1295: VRU Capacity Building in Boroughs & with Families & Custody Services"
YEAR = "2023-24"
ALLOCATIONS = (
    ("Borough Capacity Building", 1_500_000),
    ("DIVERT App", 138_000),
    ("ENGAGE under-18 custody roll-out", 250_000),
    ("Parenting Developments", 1_000_000),
)
TOTAL = 2_888_000
assert sum(amount for _, amount in ALLOCATIONS) == TOTAL  # noqa: S101  the decision's own total


def funding() -> dict:
    """The allocations as shown on the dashboard and in summary.json."""
    return {"source": SOURCE, "year": YEAR, "total_gbp": TOTAL,
            "programmes": [{"name": name, "amount_gbp": amount}
                           for name, amount in ALLOCATIONS]}
