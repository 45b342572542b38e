"""What the districts' demo consists of: the districts' statistics codes and profiles, the
levels of ten years of indicators, the district plans with their goals and targets, and the
notes of resident dialogue.

Everything is invented, but at plausible levels for Linköping's districts (a low employment
rate rising in Skäggetorp, students moving in and out of Ryd, the municipality near the
national levels). Years are not here but offsets: ``0`` is the first of the ten whole years
before the seed's year and ``9`` the last (:mod:`samverkan.demo.districts` places them), so
the numbers — and the follow-up of the plans — are the same whatever day the demo is made.
"""

from __future__ import annotations

from typing import NamedTuple

from samverkan.demo import data

SEED = 1515
YEARS = 10  # the whole years of values before the seed's year
KOMMUN, HOUSING = data.MUNICIPALITY, "Stångåstaden"
SKG, RYD, BRG, TOWN = "Skäggetorp", "Ryd", "Berga", data.TOWN
AREAS = (KOMMUN, SKG, RYD, BRG, TOWN)
# Who keeps the facts: the municipality's analyst imports the official statistics and keeps the
# profiles; Stångåstaden's security manager its tenant survey (AktivBo), plans and dialogue.
ANALYST = "analytiker@linkoping.demo"
HOUSING_USER = "chef@stangastaden.demo"

# RegSO-like codes (the municipality's is SCB's kommunkod).
CODES = {KOMMUN: "0580", SKG: "0580R005", RYD: "0580R010", BRG: "0580R020", TOWN: "0580R030"}

# area: police class, area type (Segregationsbarometern), homes planned, finished
PROFILES: dict[str, tuple[str | None, int | None, int | None, int | None]] = {
    SKG: ("sarskilt_utsatt", 1, None, None),
    RYD: ("utsatt", 2, 500, 100),
    BRG: (None, 2, None, None),
    TOWN: (None, 4, None, None),
}
POLICE_YEARS = {SKG: 2015, RYD: 2019}  # the year of the police's classification
RYD_HOMES = (
    "Stångåstaden bygger 500 nya hyreslägenheter i Ryd i etapper; de första 100 blev "
    "inflyttningsklara förra året, nästa etapp är i byggnation."
)


# Each stored indicator's straight path in each area (in the order of AREAS: the municipality,
# Skäggetorp, Ryd, Berga, the rest of the town): its value at offset 0, at offset 9 and the
# noise (standard deviation) around the path. The counts of people and homes are derived.
Path = tuple[float, float, float]
# fmt: off
LEVELS: dict[str, tuple[Path, Path, Path, Path, Path]] = {
    "sysselsattning_20_64": ((77.8, 80.1, 0.3), (50.5, 56.8, 0.5), (61.0, 63.9, 0.5),
                             (58.8, 63.2, 0.5), (80.9, 82.4, 0.3)),
    "ekonomisk_standard": ((276, 322, 2), (158, 186, 2), (187, 214, 2), (198, 226, 2),
                           (289, 333, 2)),
    "lag_ekonomisk_standard": ((14.6, 13.4, 0.2), (46.0, 40.2, 0.6), (33.5, 30.4, 0.5),
                               (30.8, 28.1, 0.5), (11.9, 11.6, 0.2)),
    "eftergymnasial_25_64": ((51.6, 56.2, 0.3), (24.8, 29.1, 0.5), (40.2, 44.6, 0.5),
                             (30.1, 33.4, 0.5), (55.3, 58.8, 0.3)),
    "behorighet_gymnasiet": ((85.9, 88.3, 0.6), (61.5, 70.2, 1.2), (74.6, 79.8, 1.0),
                             (71.8, 72.5, 1.0), (89.9, 91.6, 0.6)),
    "ohalsotal": ((22.4, 19.6, 0.3), (38.6, 32.8, 0.6), (28.2, 25.7, 0.5), (32.3, 29.9, 0.5),
                  (20.4, 17.9, 0.3)),
    "inflyttade_per_1000": ((98, 103, 2), (141, 149, 4), (208, 231, 5), (129, 138, 4),
                            (118, 121, 2)),
    "utflyttade_per_1000": ((93, 95, 2), (151, 134, 4), (219, 209, 5), (136, 126, 4),
                            (113, 114, 2)),
    "hyresratt_andel": ((40.5, 39.8, 0.2), (88.2, 87.4, 0.2), (78.1, 80.2, 0.2),
                        (75.3, 74.6, 0.2), (45.4, 44.7, 0.2)),
    "bostadsratt_andel": ((31.6, 32.4, 0.2), (9.6, 10.4, 0.2), (15.2, 13.9, 0.2),
                          (19.8, 20.5, 0.2), (35.1, 35.8, 0.2)),
    "trygghetsindex": ((73.2, 74.6, 0.6), (57.4, 61.0, 0.9), (65.1, 68.3, 0.8),
                       (65.6, 62.9, 0.8), (74.8, 75.9, 0.6)),
    "serviceindex": ((76.4, 77.6, 0.5), (69.8, 75.2, 0.8), (71.5, 72.8, 0.8), (70.9, 71.6, 0.8),
                     (77.8, 78.4, 0.5)),
    "produktindex": ((74.6, 75.8, 0.5), (64.8, 70.3, 0.8), (69.6, 71.4, 0.8), (67.9, 68.6, 0.8),
                     (75.9, 76.7, 0.5)),
    "otrygga_kvall": ((21.2, 19.4, 0.6), (46.5, 35.2, 1.0), (30.6, 27.1, 0.9), (34.6, 37.8, 0.9),
                      (18.3, 17.6, 0.6)),
    "anmalda_brott_per_1000": ((101, 96, 2), (192, 148, 4), (112, 99, 3), (128, 136, 3),
                               (121, 117, 2)),
}
# fmt: on
# A step in a path from an offset on: Skäggetorp's safety index after its own trygghetsvärdar.
STEPS: dict[tuple[str, str], tuple[int, float]] = {("trygghetsindex", SKG): (5, 6.5)}
# Indicators that come from Stångåstaden's tenant survey, not from the official statistics.
SURVEY = ("trygghetsindex", "serviceindex", "produktindex")

# Population: (residents at offset 0, at offset 9) and the shares 0–19, 20–64 (65+ the rest);
# the last year's total is the area's population in the demo (demo.data).
POPULATION: dict[str, tuple[int, int, float, float]] = {
    KOMMUN: (153_900, 167_000, 0.232, 0.571),
    SKG: (8_900, 9_500, 0.331, 0.552),
    RYD: (7_150, 7_800, 0.236, 0.642),
    BRG: (6_650, 6_900, 0.276, 0.553),
    TOWN: (85_600, 93_000, 0.214, 0.598),
}
# Homes: the stock at offset 0 and the homes finished each year (offsets 0–9). Ryd's last two
# years are the first 100 of Stångåstaden's 500 new rental flats.
HOMES: dict[str, tuple[int, tuple[int, ...]]] = {
    SKG: (4_310, (0, 0, 12, 0, 0, 24, 0, 0, 0, 18)),
    RYD: (3_540, (4, 0, 0, 6, 0, 0, 0, 0, 40, 60)),
    BRG: (3_080, (0, 8, 0, 0, 15, 0, 0, 22, 0, 0)),
    TOWN: (43_900, (620, 540, 710, 830, 760, 690, 580, 470, 390, 420)),
}


class TargetSpec(NamedTuple):
    """A goal's target: the indicator and its value by the plan's last year; the baseline is the
    stored value of the year before the plan. An EST indicator's (``target`` None) are drawn
    from its counts, see :data:`EST_BASELINE`."""

    indicator: str
    target: float | None = None


class MeasureSpec(NamedTuple):
    title: str
    program: str
    owner: str
    due_days: int  # after the seed's day (negative: before)
    status: str


class GoalSpec(NamedTuple):
    title: str
    description: str
    targets: tuple[TargetSpec, ...]
    measures: tuple[MeasureSpec, ...] = ()
    action_titles: tuple[str, ...] = ()  # the demo's EST actions (demo.actions) towards it


# An EST indicator's baseline year is the one before the last whole year, which the demo's two
# years of reports cover only in part: its value is the housing company's own count of the whole
# year, a factor of the last year's EST count, and its target by the plan's last year a factor
# too. Skäggetorp's is thus always on track (1.15 → 0.8: the path is at 1.06 after a year),
# Berga's behind (its klotter rose above the company's count).
EST_BASELINE = {SKG: 1.15, BRG: 0.9}
EST_TARGET = {SKG: 0.8, BRG: 0.6}

_EST_BASE = (
    "Utgångsläget är bolagets egen räkning för helåret innan det senaste; EST:s rapporter "
    "började under det året."
)
_JF = MeasureSpec(
    "Jobbfabriken: miljövärdar från området", "sysselsattning", HOUSING, 120, "pagaende"
)
_LS = MeasureSpec(
    "Linkstep: coachning och matchning mot arbetsgivarnätverket",
    "sysselsattning",
    KOMMUN,
    200,
    "pagaende",
)

# area, owner, title, summary, goals
PLANS: tuple[tuple[str, str, str, str, tuple[GoalSpec, ...]], ...] = (
    (
        SKG,
        HOUSING,
        "Områdesplan Skäggetorp",
        "Stångåstadens plan efter områdesanalysen: fakta, boendeintervjuer och enkäten.",
        (
            GoalSpec(
                "Fler vuxna i arbete",
                "Förvärvsfrekvensen ska närma sig kommunens genom jobb i området.",
                (TargetSpec("sysselsattning_20_64", 59.0),),
                (_JF, _LS),
            ),
            GoalSpec(
                "Tryggare boendemiljö",
                "Egna trygghetsvärdar, bättre belysning och fler vuxna ute på kvällarna.",
                (TargetSpec("trygghetsindex", 70.0), TargetSpec("otrygga_kvall", 33.0)),
                (
                    MeasureSpec(
                        "Egna trygghetsvärdar kvällar och helger", "boende", HOUSING, -400, "klar"
                    ),
                    MeasureSpec(
                        "Motkravsavtal med föreningarna om kvällsaktiviteter",
                        "foreningar",
                        HOUSING,
                        90,
                        "pagaende",
                    ),
                ),
            ),
            GoalSpec(
                "Mindre klotter",
                "Klotter saneras inom ett dygn och anmäls i EST. " + _EST_BASE,
                (TargetSpec("est_klotter"),),
                (),
                ("Klottersanering i trapphusen",),
            ),
        ),
    ),
    (
        RYD,
        HOUSING,
        "Områdesplan Ryd",
        "Nya hyresrätter, en tryggare utemiljö och bättre skolresultat.",
        (
            GoalSpec(
                "Nya hyresrätter i Ryd",
                "500 nya hyreslägenheter byggs i etapper under planens år.",
                (TargetSpec("bostader", 4_050.0),),
                (
                    MeasureSpec("Första etappen, 100 lägenheter", "boende", HOUSING, -150, "klar"),
                    MeasureSpec(
                        "Andra etappen, 200 lägenheter", "boende", HOUSING, 300, "pagaende"
                    ),
                    MeasureSpec(
                        "En väg in: bosociala kontrakt i nyproduktionen",
                        "boende",
                        KOMMUN,
                        240,
                        "planerad",
                    ),
                ),
            ),
            GoalSpec(
                "Tryggare utemiljö",
                "Röjda buskage, bättre belysning i garagen och fler trygghetsvandringar.",
                (TargetSpec("trygghetsindex", 70.0),),
                (),
                ("Röj buskagen vid parkeringen", "Extra trygghetsvandring i Ryd"),
            ),
            GoalSpec(
                "Fler behöriga till gymnasiet",
                "Läxhjälp och föreningar i skolans närhet.",
                (TargetSpec("behorighet_gymnasiet", 80.0),),
                (
                    MeasureSpec(
                        "Läxhjälp tre kvällar i veckan", "foreningar", HOUSING, 60, "pagaende"
                    ),
                ),
            ),
        ),
    ),
    (
        BRG,
        HOUSING,
        "Områdesplan Berga",
        "Mindre klotter och skadegörelse runt centrum och fler i arbete.",
        (
            GoalSpec(
                "Mindre klotter runt Berga centrum",
                "Klottret vid centrum saneras snabbt; polis och fältarbetare kvällstid. "
                + _EST_BASE,
                (TargetSpec("est_klotter"),),
                (),
                ("Sanera klottret vid Berga centrum",),
            ),
            GoalSpec(
                "Fler behöriga till gymnasiet",
                "Läxhjälp och föreningsliv nära skolan; sommarjobb som lockar att läsa vidare.",
                (TargetSpec("behorighet_gymnasiet", 76.0),),
                (
                    MeasureSpec(
                        "Läxhjälpen i Berga centrum", "foreningar", KOMMUN, 100, "pagaende"
                    ),
                    MeasureSpec(
                        "Jobbfabriken: sommarjobb för unga i Berga",
                        "sysselsattning",
                        HOUSING,
                        -20,
                        "klar",
                    ),
                ),
            ),
            GoalSpec(
                "Tryggare kvällar",
                "Färre som känner sig otrygga ute sent på kvällen.",
                (TargetSpec("otrygga_kvall", 30.0),),
                (
                    MeasureSpec(
                        "Föreningarnas kvällsöppna verksamhet i centrum",
                        "foreningar",
                        HOUSING,
                        45,
                        "pagaende",
                    ),
                ),
            ),
        ),
    ),
    (
        TOWN,
        KOMMUN,
        "Handlingsplan mot segregation och otrygghet, tätorten",
        "Kommunstyrelsens handlingsplan för den övriga tätorten.",
        (
            GoalSpec(
                "Färre anmälda brott",
                "Platssamverkan med polisen och fastighetsägarna kring centrum.",
                (TargetSpec("anmalda_brott_per_1000", 115.0),),
                (_LS._replace(title="Linkstep: vägar till arbete för unga vuxna", due_days=250),),
            ),
            GoalSpec(
                "Lägre ohälsotal",
                "Samverkan med Försäkringskassan och regionen om återgång i arbete.",
                (TargetSpec("ohalsotal", 17.0),),
                (MeasureSpec("Samordningsförbundets insats", "ovrigt", KOMMUN, 180, "pagaende"),),
            ),
            GoalSpec(
                "Högre ekonomisk standard",
                "Fler hushåll med egen försörjning.",
                (TargetSpec("ekonomisk_standard", 330.0),),
                (
                    MeasureSpec(
                        "En väg in: bosociala kontrakt med arbetsplan",
                        "boende",
                        KOMMUN,
                        120,
                        "pagaende",
                    ),
                ),
            ),
        ),
    ),
)
PLAN_FIRST, PLAN_LAST = -2, 2  # the plans' years around the seed's year

INTERVENTION = (
    SKG,
    "Egna trygghetsvärdar ersätter väktare",
    "Stångåstaden anställde egna trygghetsvärdar från området i stället för köpt väktartjänst.",
    "trygghetsindex",
)
INTERVENTION_START = -5  # years before the seed's year (2021 in a demo made in 2026)

# area, days before the seed's day, kind, title, body, participants
NOTES: tuple[tuple[str, int, str, str, str, int | None], ...] = (
    (
        SKG,
        420,
        "intervju",
        "Boendeintervjuer inför områdesplanen",
        "Många uppskattar grannskapet och centrum men undviker gångvägarna efter mörkrets inbrott. "
        "Föräldrar efterfrågar fler kvällsaktiviteter för tonåringar.",
        46,
    ),
    (
        SKG,
        230,
        "dialog",
        "Boendedialog om utemiljön vid centrum",
        "Önskemål om bättre belysning mellan husen och centrum och om att trasiga lås lagas "
        "snabbare. Trygghetsvärdarna nämns som ett positivt inslag.",
        34,
    ),
    (
        SKG,
        60,
        "vandring",
        "Trygghetsvandring Bergsrådsvägen",
        "Tre mörka passager och ett trasigt staket noterades; klotter vid en källarentré.",
        21,
    ),
    (
        RYD,
        300,
        "dialog",
        "Dialog om byggtiden och de nya husen",
        "Frågor om byggtrafik vid skolan och om vem som får hyra de nya lägenheterna. Boende vill "
        "ha kvar grönytan vid lekplatsen.",
        41,
    ),
    (
        RYD,
        95,
        "enkat",
        "Enkät om lekplatsen och garagen",
        "Sju av tio svarande känner sig trygga vid lekplatsen dagtid; garagen upplevs som "
        "otrygga kvällstid.",
        212,
    ),
)
