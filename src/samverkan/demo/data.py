"""What the Linköping demo consists of. Everything is synthetic; outlines are approximate.

Coordinates are WGS 84 (longitude, latitude), drawn by hand around the districts named in the
source article; they are marked approximate in the database and on the map.
"""

from __future__ import annotations

DEMO_PASSWORD = "samverkan-demo"  # noqa: S105 - the published demo password

ORGANISATIONS: list[tuple[str, str]] = [
    ("Linköpings kommun", "kommun"),
    ("Polisen lokalpolisområde Linköping", "polis"),
    ("Stångåstaden", "bostadsbolag"),
    ("Victoria Park", "bostadsbolag"),
    ("Willhem", "bostadsbolag"),
    ("Lejonfastigheter", "bostadsbolag"),
    ("Hemgårdarnas BK", "forening"),
    ("Läxhjälpen", "forening"),
    ("Skötselpartner Öst AB (demo)", "annan"),  # Stångåstaden's contractor (summer jobs)
]

# email, display name, organisation, roles, superadmin, who it is for
USERS: list[tuple[str, str, str, tuple[str, ...], bool, str]] = [
    (
        "admin@linkoping.demo",
        "Alva Admin",
        "Linköpings kommun",
        ("admin",),
        True,
        "plattformens administratör",
    ),
    (
        "samordnare@linkoping.demo",
        "Sara Samordnare",
        "Linköpings kommun",
        ("samordnare", "admin"),
        False,
        "EST-samordnare / stadsdelssamordnare",
    ),
    (
        "analytiker@linkoping.demo",
        "Anders Analytiker",
        "Linköpings kommun",
        ("analytiker",),
        False,
        "kommunens analytiker (årlig lägesbild)",
    ),
    (
        "handlaggare@linkoping.demo",
        "Hanna Handläggare",
        "Linköpings kommun",
        ("handlaggare",),
        False,
        "coach i Linkstep (arbetsmarknad), personregistret",
    ),
    (
        "polis@polisen.demo",
        "Petra Polis",
        "Polisen lokalpolisområde Linköping",
        ("samordnare", "rapportor"),
        False,
        "kommunpolis",
    ),
    (
        "trygghet@stangastaden.demo",
        "Tove Trygghetsvärd",
        "Stångåstaden",
        ("rapportor",),
        False,
        "trygghetsvärd, rapporterar från mobilen",
    ),
    (
        "chef@stangastaden.demo",
        "Karl Trygghetschef",
        "Stångåstaden",
        ("samordnare", "admin"),
        False,
        "bostadsbolagets trygghetschef",
    ),
    (
        "handlaggare@stangastaden.demo",
        "Bo Boendestöd",
        "Stångåstaden",
        ("handlaggare",),
        False,
        "handläggare trygghet i boendet, personregistret",
    ),
    (
        "arbetsledare@stangastaden.demo",
        "Arvid Arbetsledare",
        "Stångåstaden",
        ("handlaggare",),
        False,
        "arbetsledare för jobbfabrikens miljövärdar, sommarjobbsavtalen",
    ),
    (
        "foreningsstod@stangastaden.demo",
        "Fia Föreningsstöd",
        "Stångåstaden",
        ("handlaggare",),
        False,
        "föreningsstöd: avtal och motkrav",
    ),
    (
        "coach@linkoping.demo",
        "Camilla Coach",
        "Linköpings kommun",
        ("handlaggare",),
        False,
        "coach i Linkstep",
    ),
    (
        "matchning@linkoping.demo",
        "Mats Matchare",
        "Linköpings kommun",
        ("handlaggare",),
        False,
        "coach i Linkstep, arbetsgivarnätverket och matchningen",
    ),
    (
        "bostad@linkoping.demo",
        "Beata Bostadssamordnare",
        "Linköpings kommun",
        ("handlaggare",),
        False,
        "bostadsenheten: En väg in, de bosociala kontrakten",
    ),
    (
        "rapportor@skotselpartner.demo",
        "Sam Entreprenör",
        "Skötselpartner Öst AB (demo)",
        ("rapportor",),
        False,
        "entreprenör: rapporterar sommarjobb enligt avtalet",
    ),
    (
        "rapportor@victoriapark.demo",
        "Vera Värd",
        "Victoria Park",
        ("rapportor",),
        False,
        "rapportör",
    ),
    ("rapportor@willhem.demo", "Wilma Värd", "Willhem", ("rapportor",), False, "rapportör"),
    (
        "rapportor@lejonfastigheter.demo",
        "Leo Lokalvårdare",
        "Lejonfastigheter",
        ("rapportor",),
        False,
        "rapportör (skolor och lokaler)",
    ),
    (
        "forening@hemgardarna.demo",
        "Hamid Ledare",
        "Hemgårdarnas BK",
        ("rapportor",),
        False,
        "föreningsledare",
    ),
    (
        "laxhjalpen@laxhjalpen.demo",
        "Lina Läxhjälp",
        "Läxhjälpen",
        ("lasare",),
        False,
        "förening, läsbehörighet",
    ),
]

EST_GROUP = "EST Linköping"

MUNICIPALITY = "Linköpings kommun"
# A rough outline of the whole municipality.
MUNICIPALITY_OUTLINE = [
    (15.28, 58.33),
    (15.40, 58.22),
    (15.62, 58.19),
    (15.86, 58.24),
    (16.02, 58.36),
    (15.98, 58.52),
    (15.78, 58.60),
    (15.52, 58.58),
    (15.33, 58.49),
    (15.28, 58.33),
]
TOWN = "Linköping, övriga tätorten"
TOWN_POPULATION = 93_000  # the town (about 117 000) less the three districts
TOWN_OUTLINE = [
    (15.530, 58.385),
    (15.560, 58.370),
    (15.640, 58.365),
    (15.690, 58.380),
    (15.700, 58.410),
    (15.680, 58.440),
    (15.620, 58.448),
    (15.560, 58.442),
    (15.530, 58.420),
    (15.530, 58.385),
]

# District outlines (approximate), with a rough population for rates per 1,000 inhabitants.
DISTRICTS: list[tuple[str, int, list[tuple[float, float]]]] = [
    (
        "Skäggetorp",
        9_500,
        [
            (15.5640, 58.4215),
            (15.5750, 58.4170),
            (15.5930, 58.4180),
            (15.6010, 58.4235),
            (15.5990, 58.4330),
            (15.5860, 58.4370),
            (15.5700, 58.4350),
            (15.5630, 58.4290),
            (15.5640, 58.4215),
        ],
    ),
    (
        "Ryd",
        7_800,
        [
            (15.5440, 58.4030),
            (15.5560, 58.3995),
            (15.5720, 58.4015),
            (15.5760, 58.4090),
            (15.5700, 58.4160),
            (15.5560, 58.4175),
            (15.5450, 58.4120),
            (15.5440, 58.4030),
        ],
    ),
    (
        "Berga",
        6_900,
        [
            (15.6230, 58.3860),
            (15.6380, 58.3820),
            (15.6550, 58.3870),
            (15.6580, 58.3950),
            (15.6480, 58.4010),
            (15.6300, 58.4000),
            (15.6220, 58.3930),
            (15.6230, 58.3860),
        ],
    ),
]
