"""The district pages' forms read into the schemas: a plan, a goal with its indicator targets
(rows ``t0_…``, ``t1_…``, …; a row left wholly empty is no target), a program's measure and an
intervention. A number may be typed with a decimal comma (51,2); what was typed is kept by the
page for a refused form, the schema names the field."""

from __future__ import annotations

from samverkan.districts.schemas import GoalIn, InterventionIn, MeasureIn, PlanIn

TARGET_ROWS = 3  # indicator rows the goal form offers
TARGET_FIELDS = ("indicator", "baseline_year", "baseline_value", "target_value", "deadline_year")


def _opt(f: dict[str, str], key: str) -> str | None:
    return f.get(key) or None


def _number(f: dict[str, str], key: str) -> str | None:
    """A number as typed, its decimal comma read as a point (the schema refuses the rest)."""
    raw = f.get(key, "").replace("\u2212", "-").replace(" ", "")
    return raw.replace(",", ".") if raw else None


def plan_in(f: dict[str, str]) -> PlanIn:
    return PlanIn.model_validate(
        {
            "area_id": f.get("area_id", ""),
            "owner_org_id": _opt(f, "owner_org_id"),
            "title": f.get("title", ""),
            "first_year": f.get("first_year", ""),
            "last_year": f.get("last_year", ""),
            "summary": f.get("summary", ""),
        }
    )


def target_rows(f: dict[str, str]) -> list[int]:
    """The rows of the goal form with anything typed in them."""
    return [
        i for i in range(TARGET_ROWS) if any(f.get(f"t{i}_{name}", "") for name in TARGET_FIELDS)
    ]


def goal_in(f: dict[str, str]) -> GoalIn:
    targets = [
        {
            "indicator": f.get(f"t{i}_indicator", ""),
            "baseline_year": f.get(f"t{i}_baseline_year", ""),
            "baseline_value": _number(f, f"t{i}_baseline_value"),
            "target_value": _number(f, f"t{i}_target_value") or "",
            "deadline_year": _opt(f, f"t{i}_deadline_year"),
        }
        for i in target_rows(f)
    ]
    return GoalIn.model_validate(
        {
            "title": f.get("title", ""),
            "description": f.get("description", ""),
            "targets": targets,
        }
    )


def measure_in(f: dict[str, str]) -> MeasureIn:
    return MeasureIn.model_validate(
        {
            "title": f.get("title", ""),
            "program": f.get("program") or "ovrigt",
            "due": _opt(f, "due"),
            "status": f.get("status") or "planerad",
        }
    )


def intervention_in(f: dict[str, str]) -> InterventionIn:
    return InterventionIn.model_validate(
        {
            "area_id": f.get("area_id", ""),
            "title": f.get("title", ""),
            "description": f.get("description", ""),
            "start_year": f.get("start_year", ""),
            "indicator": f.get("indicator", ""),
        }
    )
