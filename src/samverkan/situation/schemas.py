"""The lägesbild's JSON contract: what ``/api/v1/lagesbild``, ``/api/v1/lagesbild/prioritering``
and ``/api/v1/lagesbild/narupprepning`` (and ``samverkan lagesbild``) answer.

The documents are built as plain data by :func:`samverkan.situation.report.as_json`,
:func:`~samverkan.situation.report.priorities_json` and
:func:`samverkan.situation.nearrepeat.as_json`; these models describe them key by key (no key
more: ``extra="forbid"``, tested in ``tests/situation/test_schemas.py``) so that OpenAPI
documents them. Labels and sentences are in the language asked for (``sv``, ``en``); codes
(levels, categories, time bands, quadrants) are the same in both.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from samverkan.incidents.schemas import TimeBand
from samverkan.situation.levels import Level
from samverkan.situation.weeks import State

AreaKind = Literal["kommun", "stadsdel", "delomrade"]
SignalMethod = Literal["Farrington-flexible", "EARS C2", ""]
Quadrant = Literal["prioritera", "samverka", "forebygg", "bevaka"]
Period = Literal["kvartal", "tertial"]

ISO_WEEK = r"^\d{4}-W\d{2}$"
LOCAL_MINUTE = "Stockholm local time, ISO 8601 to the minute with its UTC offset"
LEVEL = "gron (green), gul (yellow), orange or rod (red)"


class _Out(BaseModel):
    """Output only: every key the code gives, none more ("from" and "to" by their alias)."""

    model_config = ConfigDict(extra="forbid", serialize_by_alias=True)


# --- the weekly picture ------------------------------------------------------------------------


class PictureAreaRef(_Out):
    """Which area a part of the picture is about."""

    id: int = Field(description="the area's id (as in /api/v1/areas)")
    name: str = Field(description="the area's name")
    kind: AreaKind = Field(description="kommun (municipality), stadsdel (district), delomrade")


class LevelOverrideOut(_Out):
    """The samordnare's level for the area and week, set by hand with a reason (the latest)."""

    level: Level = Field(description=f"the level set: {LEVEL}")
    reason: str = Field(description="why the level differs from the rule, as the samordnare wrote")
    computed: Level = Field(description="the level the rule gave when this one was set")
    set_at: str = Field(description=f"when it was set: {LOCAL_MINUTE}")


class CategoryOut(_Out):
    """One category in one area: the week's count against its past and its signal.

    Only categories with a count this week, a count in the four weeks before or a signal are
    listed; signalling ones first, then by count."""

    code: str = Field(description="the category's code (stable across languages)")
    label: str = Field(description="the category's name in the language asked for")
    count: int = Field(ge=0, description="incidents this week (the area and the areas inside it)")
    baseline: float = Field(
        ge=0, description="mean weekly count of the four weeks before this one (1 decimal)"
    )
    last_year: int | None = Field(
        ge=0,
        description="the count of the same ISO week a year before (week 53 compares with week "
        "52); null when the history does not reach back that far",
    )
    expected: float | None = Field(
        description="the count the signal method expected for this week (Farrington: the same "
        "season in earlier years; EARS C2: the weeks before a two-week guard band); null when "
        "the history is too short to judge (the first 9 weeks)"
    )
    threshold: float | None = Field(
        description="the signal method's upper bound: the week signals when its count is above "
        "it; null when not judged"
    )
    signal: bool = Field(description="whether the week is an unusual increase (a signal)")
    score: float | None = Field(
        description="(count - expected) / (threshold - expected): above 1 signals, 2 or more is "
        "a strong signal (a second point towards the level); null when not judged"
    )
    method: SignalMethod = Field(
        description='what judged the week: "EARS C2" in the first year of history, '
        '"Farrington-flexible" from then on, "" when not judged (too little history)'
    )
    spark: list[int] = Field(
        min_length=52,
        max_length=52,
        description="the counts of the 52 weeks up to and including this one, oldest first "
        "(0 before the history starts): the sparkline",
    )


class HeatmapOut(_Out):
    """When in the week the incidents happened: weekday × time of day."""

    weekdays: list[str] = Field(
        min_length=7, max_length=7, description="short weekday names, Monday first, in the language"
    )
    bands: list[TimeBand] = Field(
        min_length=5,
        max_length=5,
        description="the time bands' codes: natt 00–06, morgon 06–10, dag 10–18, kvall 18–24, "
        "dygn (some time that day, hour unknown)",
    )
    counts: list[Annotated[list[int], Field(min_length=5, max_length=5)]] = Field(
        min_length=7,
        max_length=7,
        description="incidents of the week, counts[weekday][band] in the order above",
    )


class HotspotOut(_Out):
    """An H3 cell (resolution 9) of the area's last four weeks: one with incidents, or a
    significant hot cell."""

    cell: str = Field(description="the H3 cell id")
    lat: float = Field(description="latitude of the cell's centre (WGS 84)")
    lon: float = Field(description="longitude of the cell's centre (WGS 84)")
    count: int = Field(ge=0, description="located incidents in the cell in the last four weeks")
    z: float = Field(
        description="the Getis-Ord Gi* z-score of the cell and its ring of six neighbours "
        "against the area's cells: above 0 more than its share (hot), below less (cold)"
    )
    significant: bool = Field(
        description="a hotspot: z above 0 and significant at a false discovery rate of 5 % "
        "(Benjamini-Hochberg)"
    )


class DensityCellOut(_Out):
    """One square of the kernel density layer."""

    lat: float = Field(description="latitude of the square's centre (WGS 84)")
    lon: float = Field(description="longitude of the square's centre (WGS 84)")
    value: float = Field(ge=0, description="the density there, in incidents per km²")


class DensityOut(_Out):
    """Where the last four weeks' located incidents lie thickest: a quartic kernel on squares
    in SWEREF 99 TM; squares below 5 % of the highest density are left out."""

    cell_m: float = Field(
        gt=0, description="the squares' side in metres (100, larger for large areas)"
    )
    bandwidth_m: float = Field(gt=0, description="the kernel's bandwidth in metres")
    unit: str = Field(description='the unit of the values ("incidents per km²")')
    max: float = Field(
        ge=0, description="the highest density; 0 with fewer than 3 located incidents"
    )
    cells: list[DensityCellOut] = Field(
        description="the squares (empty with fewer than 3 incidents)"
    )


class NotableOut(_Out):
    """One of the week's most severe (then newest) incidents of the area, at most ten."""

    id: int = Field(description="the incident's id")
    category: str = Field(description="the category's code")
    category_label: str = Field(description="the category's name in the language asked for")
    occurred_at: str = Field(description=f"when it happened: {LOCAL_MINUTE}")
    place_name: str = Field(description="the place as the reporter named it (may be empty)")
    description: str = Field(
        description="the report's text as filed (redacted), cut to 160 characters"
    )
    severity: int = Field(ge=1, le=3, description="the reporter's assessment, 1 (low) to 3 (high)")


class AreaPictureOut(_Out):
    """One area's part of the picture; its figures include the areas inside it."""

    area: PictureAreaRef = Field(description="the area")
    level: Level = Field(
        description=f"the level that counts: the samordnare's when set, else the rule's; {LEVEL}"
    )
    level_label: str = Field(description="the level in words, in the language asked for")
    computed_level: Level = Field(
        description="the level the rule gives: a point per signal, a second for score >= 2, a "
        "third for violence, threats against staff or fire; 0 gron, 1-2 gul, 3-4 orange, 5+ rod"
    )
    override: LevelOverrideOut | None = Field(
        description="the samordnare's level for the week; null when the rule's level stands"
    )
    total: int = Field(ge=0, description="the week's incidents: the sum of the categories' counts")
    total_baseline: float = Field(
        ge=0, description="the sum of the categories' baselines (mean of the four weeks before)"
    )
    categories: list[CategoryOut] = Field(
        description="the categories seen this week or the four before, or signalling; "
        "signals first, then by count"
    )
    heatmap: HeatmapOut = Field(description="the week's incidents by weekday and time of day")
    hotspots: list[HotspotOut] = Field(
        description="Gi* hotspots of the last four weeks, highest z first (empty with fewer "
        "than 3 located incidents)"
    )
    density: DensityOut = Field(description="the kernel density layer of the map")
    notable: list[NotableOut] = Field(
        max_length=10, description="the week's most severe incidents, then newest (at most ten)"
    )
    summary: list[str] = Field(
        description="the area's signals in sentences, strongest first (at most three)"
    )


class MethodOut(_Out):
    """How the figures are made, in words (English)."""

    signals: str = Field(description="the signal methods and the score")
    levels: str = Field(description="the level rule")
    hotspots: str = Field(description="the hotspot method")


class LagesbildOut(_Out):
    """The lägesbild of one ISO week: per area and category the week against its past."""

    week: str = Field(pattern=ISO_WEEK, description="the ISO week, e.g. 2026-W02")
    week_label: str = Field(description='the week as Swedish readers write it, e.g. "v. 2"')
    week_year: int = Field(description="the ISO year of the week")
    week_number: int = Field(ge=1, le=53, description="the ISO week number")
    week_state: State = Field(
        description="past (over), current (in progress: counts of part of a week) or future "
        "(not started: nothing to show)"
    )
    week_note: str | None = Field(
        description="what to know before reading the numbers of a week in progress or to "
        "come; null when the week is over"
    )
    weekday_today: str | None = Field(
        description="today's weekday (Stockholm) when the week is in progress, else null"
    )
    history_from: date | None = Field(
        description="the Monday of the oldest week with data (signals need about two years); "
        "null when nothing is recorded"
    )
    areas: list[AreaPictureOut] = Field(
        description="the areas asked for, or all the reader may see"
    )
    summary: list[str] = Field(
        description="the picture in sentences: every area's signals, or that there were no "
        "unusual increases (for a week to come: that it has not started)"
    )
    method: MethodOut = Field(description="how the signals, levels and hotspots are made")


# --- the prioritisation ------------------------------------------------------------------------


class AreaRef(_Out):
    """Which area a row is about."""

    id: int = Field(description="the area's id")
    name: str = Field(description="the area's name")


class PriorityAreaOut(_Out):
    """One area's need against the partners' possibility to influence, for the period."""

    rank: int = Field(ge=1, description="the area's place in the priority order, 1 first")
    area: AreaRef = Field(description="the area")
    count: int = Field(ge=0, description="incidents in the period")
    previous: int = Field(ge=0, description="incidents in as many weeks just before the period")
    population: int | None = Field(description="the area's inhabitants; null when unknown")
    rate: float | None = Field(
        description="incidents per 1,000 inhabitants (1 decimal); null without a population"
    )
    trend: float = Field(
        description="relative change against the period before: (count - previous) / "
        "max(previous, 1), e.g. 0.25 for +25 % (3 decimals)"
    )
    severity: float | None = Field(
        description="the reporters' mean assessment, 1 to 3 (2 decimals); null without incidents"
    )
    need: float = Field(
        ge=0,
        le=1,
        description="the mean of the area's ranks (0 lowest, 1 highest) in rate (or count), "
        "trend and severity; 0 without incidents",
    )
    influence: float = Field(
        ge=0,
        le=1,
        description="the mean of two shares of the period's incidents: at semi-public places "
        "the partners control, and in categories with a partner's own action",
    )
    priority: float = Field(ge=0, description="need × (0.5 + influence): what the order follows")
    quadrant: Quadrant = Field(
        description="what to do: prioritera (high need, much influence: act), samverka (high "
        "need, little influence: bring in the police and others), forebygg (lower need, much "
        "influence: prevent), bevaka (watch)"
    )
    quadrant_label: str = Field(description="the quadrant in words, in the language asked for")
    reasons: list[str] = Field(description="the figures behind the rank, in sentences")


class PrioritiesOut(_Out):
    """The ranking of the areas for the quarter or tertial that ends with the week."""

    week: str = Field(pattern=ISO_WEEK, description="the period's last ISO week")
    period: Period = Field(description="kvartal (13 weeks) or tertial (17 weeks)")
    from_: date = Field(alias="from", description="the period's first day (a Monday)")
    to: date = Field(description="the period's last day (a Sunday)")
    without_population: list[str] = Field(
        description="names of the areas with no population recorded (no rate: ranked by count)"
    )
    method: str = Field(description="how need, influence and the quadrants are made (English)")
    areas: list[PriorityAreaOut] = Field(description="the areas in priority order")


# --- near repeats ------------------------------------------------------------------------------


class CategoryRef(_Out):
    """Which category the test is of (its sub-categories included)."""

    code: str = Field(description="the category's code")
    label: str = Field(description="the category's name in the language asked for")


class KnoxCellOut(_Out):
    """One cell of the Knox table: pairs of incidents this close in space and time."""

    space: str = Field(
        description='the distance band: "same place" (translated), "0–100 m" … ">400 m"'
    )
    time: str = Field(description='the time band: "0–7 d", ">7–14 d" … ">28 d"')
    observed: int = Field(ge=0, description="pairs of incidents in this band of both")
    expected: float = Field(
        ge=0, description="the mean number of such pairs over the random permutations of the times"
    )
    ratio: float | None = Field(
        description="observed / expected (the Knox ratio): 2 is twice as many pairs as chance "
        "gives; null where nothing is expected"
    )
    p_value: float | None = Field(
        ge=0,
        le=1,
        description="the share of permutations (plus the observed one) with at least as many "
        "pairs: (1 + such permutations) / (1 + permutations); 0.05 or less is significant",
    )


class NearRepeatsOut(_Out):
    """The Knox test of near repeats for an area's incidents of a category in a period, as
    Ratcliffe's Near Repeat Calculator shows it: rows of distance, columns of time."""

    area: AreaRef = Field(description="the area (its incidents include the areas inside it)")
    category: CategoryRef = Field(description="the category (its sub-categories included)")
    from_: date = Field(alias="from", description="the period's first day (a Monday)")
    to: date = Field(description="the period's last day (the Sunday of the week asked for)")
    events: int = Field(ge=0, description="located incidents of the category in the period")
    min_events: int = Field(description="fewer incidents than this: too few to say (no table)")
    permutations: int = Field(description="random permutations of the times (Monte Carlo)")
    spatial_bands_m: list[float] = Field(
        description="upper edges of the distance bands in metres (0: the same place); beyond "
        "the last is a band of its own"
    )
    temporal_bands_days: list[float] = Field(
        description="upper edges of the time bands in days; beyond the last is a band of its own"
    )
    table: list[KnoxCellOut] | None = Field(
        description="the cells, distance band by distance band, each with every time band; null "
        "when there are fewer than min_events incidents"
    )
    pairs: int | None = Field(
        default=None,
        ge=0,
        description="pairs of incidents in all (n·(n-1)/2); given with the table only",
    )
