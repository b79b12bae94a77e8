"""The blood tests we chart and report, with their typical adult reference ranges.

The dashboard's charts and the visit report both read them here, so the ranges a
coordinator sees and the ones a neurologist reads never differ.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LabTest:
    key: str
    name: str
    unit: str
    low: float
    high: float
    # Multipliers from other units people report, to this test's unit.
    conversions: dict


# Typical adult reference ranges; each lab's own range differs a little (the page says so).
LAB_TESTS = (
    LabTest("b12", "Vitamin B12", "pg/mL", 200, 900, {"pmol/l": 1.355, "ng/l": 1.0}),
    LabTest("mma", "Methylmalonic acid (MMA)", "µmol/L", 0.07, 0.40, {"nmol/l": 0.001, "umol/l": 1.0}),
    LabTest("homocysteine", "Homocysteine", "µmol/L", 5, 15, {"umol/l": 1.0}),
)


def lab_test(key: str) -> LabTest | None:
    return next((t for t in LAB_TESTS if t.key == key), None)


def in_chart_unit(test: LabTest, value: float, unit: str | None) -> float:
    key = (unit or "").strip().lower().replace("µ", "u").replace("μ", "u")
    return value * test.conversions.get(key, 1.0)


def reference_range(test: LabTest) -> str:
    return f"{test.low:g}-{test.high:g} {test.unit}"
