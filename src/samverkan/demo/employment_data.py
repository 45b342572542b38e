"""What the employment programs' demo consists of: the employer network and its openings, the
job factory's seats, the participants' profiles and the texts of coaching notes and plans.

Everything is invented. The employers' names end in "(demo)", they have no organisation number,
their contacts are at example.com and their phone numbers in the 070-000 00 xx series, which
no subscriber has. Occupations are SSYK 2012 unit groups (``employment.ssyk``). Dates are not
here: :mod:`samverkan.demo.employment` places everything relative to the seed's day.
"""

from __future__ import annotations

from samverkan.demo import data

KOMMUN = "Linköpings kommun"
HOUSING = "Stångåstaden"
CONTRACTOR = "Skötselpartner Öst AB (demo)"

# The Linkstep coaches (the three who run it, as in the source article) and the job factory's
# supervisor: demo users of ``demo.data.USERS``.
COACHES = ("handlaggare@linkoping.demo", "coach@linkoping.demo", "matchning@linkoping.demo")
SUPERVISOR = "arbetsledare@stangastaden.demo"
REPORTER = "rapportor@skotselpartner.demo"

LINKSTEP = "Linkstep"
JOB_FACTORY = "Jobbfabriken – miljövärdar"

# The job factory's seats: (title, district, how many). Five miljövärdar in Skäggetorp as in
# the article, two trygghetsvärdar there and three miljövärdar in Ryd, so that a year has
# enough ended terms for a hit rate.
SEATS = (
    ("Miljövärd", "Skäggetorp", 5),
    ("Trygghetsvärd", "Skäggetorp", 2),
    ("Miljövärd", "Ryd", 3),
)

# (name, kind, contact, note) of the municipality's network (Linkstep) and the housing
# company's (where the job factory's miljövärdar go on to).
EMPLOYERS = {
    KOMMUN: (
        ("Bygg & Betong Östergötland (demo)", "contractor", "Anna Exempel", "Ramavtal bygg"),
        ("Målericentralen Linköping (demo)", "contractor", "Bertil Exempel", None),
        ("Fastighetsservice Skäggetorp (demo)", "contractor", "Cecilia Exempel", None),
        ("VVS-Partner Öst (demo)", "contractor", "David Exempel", "Tar lärlingar"),
        ("Elinstallatören i Ryd (demo)", "contractor", "Eva Exempel", None),
        ("Städ & Fönster Linköping (demo)", "contractor", "Fatima Exempel", None),
        ("Markbygg Berga (demo)", "contractor", "Gustav Exempel", None),
        ("Golv & Kakel Östgöta (demo)", "contractor", "Hassan Exempel", None),
        ("Livsmedelsbutiken Skäggetorp C (demo)", "private", "Ida Exempel", None),
        ("Lagerlogistik Mjärdevi (demo)", "private", "Johan Exempel", "Truckkort krävs"),
        ("Restaurang Trädgårdstorget (demo)", "private", "Karin Exempel", None),
        ("Omsorgsbolaget Linköping (demo)", "private", "Leila Exempel", None),
        ("Äldreomsorgen Ryd, kommunal (demo)", "public", "Magnus Exempel", None),
        ("Förskolorna i Berga, kommunal (demo)", "public", "Nadia Exempel", None),
        ("Föreningen Grannstöd (demo)", "association", "Olle Exempel", "Ideell; praktik"),
    ),
    HOUSING: (
        ("Trädgårdsskötsel Öst (demo)", "contractor", "Petra Exempel", "Tar miljövärdar"),
        ("Fastighetsteknik Linköping (demo)", "contractor", "Rami Exempel", None),
        ("Byggstädarna (demo)", "contractor", "Sofia Exempel", None),
    ),
}

# (employer index, title, SSYK 2012, skills, languages, licence, starts in days, district,
# places). A negative start has begun already (still open: a rolling intake).
OPENINGS = {
    KOMMUN: (
        (0, "Byggnadsarbetare", "7119", ("bygg", "betong"), ("sv",), False, 30, "Ryd", 2),
        (0, "Murare, lärling", "7112", ("bygg", "murning"), (), False, 60, None, 1),
        (1, "Målare", "7131", ("målning", "spackling"), ("sv",), False, 21, "Berga", 2),
        (1, "Målare, sommar", "7131", ("målning",), (), False, 120, None, 2),
        (
            2,
            "Fastighetsskötare",
            "5152",
            ("fastighetsskötsel", "snöröjning"),
            (),
            True,
            14,
            "Skäggetorp",
            2,
        ),
        (
            2,
            "Fastighetsskötare, yttre skötsel",
            "5152",
            ("gräsklippning", "snöröjning"),
            (),
            False,
            45,
            "Skäggetorp",
            1,
        ),
        (3, "VVS-montör, lärling", "7125", ("rörarbete",), ("sv",), True, 40, None, 1),
        (4, "Elektriker, lärling", "7411", ("el",), ("sv",), True, 75, "Ryd", 1),
        (5, "Lokalvårdare", "9111", ("städning",), (), False, 7, data.TOWN, 3),
        (5, "Fönsterputsare", "9120", ("städning", "fönsterputs"), (), True, 35, None, 1),
        (6, "Anläggningsarbetare", "7114", ("mark", "maskinkörning"), (), True, 50, "Berga", 2),
        (7, "Golvläggare, lärling", "7122", ("golv", "kakel"), (), False, 90, None, 1),
        (8, "Butikssäljare", "5222", ("kassa", "kundservice"), ("sv",), False, 10, "Skäggetorp", 2),
        (8, "Varupåfyllare", "9332", ("plockning",), (), False, -5, "Skäggetorp", 1),
        (9, "Lagerarbetare", "4322", ("lager", "truck", "plockning"), (), False, 20, None, 3),
        (9, "Lastbilschaufför", "8332", ("truck",), ("sv",), True, 60, None, 1),
        (10, "Restaurangbiträde", "9412", ("diskning", "matlagning"), (), False, 14, data.TOWN, 2),
        (10, "Kock", "5120", ("matlagning",), ("sv",), False, 45, data.TOWN, 1),
        (11, "Personlig assistent", "5343", ("omvårdnad",), ("sv",), False, 30, None, 2),
        (12, "Undersköterska, vikariat", "5321", ("omvårdnad",), ("sv",), False, 25, "Ryd", 2),
        (13, "Barnskötare", "5311", ("barnomsorg",), ("sv",), False, 55, "Berga", 1),
        (14, "Vaktmästare, praktik", "9622", ("fastighetsskötsel",), (), False, 15, "Berga", 1),
    ),
    HOUSING: (
        (
            0,
            "Trädgårdsarbetare",
            "9629",
            ("gräsklippning", "skötsel"),
            (),
            False,
            40,
            "Skäggetorp",
            2,
        ),
        (1, "Fastighetsskötare", "5152", ("fastighetsskötsel",), ("sv",), True, 30, "Ryd", 1),
        (2, "Byggstädare", "9111", ("städning",), (), False, 20, None, 2),
    ),
}

# Participant profiles for Linkstep, cycled through: (SSYK codes, skills, languages, licence,
# certificates).
PROFILES = (
    (("9111",), ("städning",), ("sv", "ar"), False, None),
    (("7131",), ("målning", "spackling"), ("sv", "so"), False, None),
    (("4322",), ("lager", "plockning", "truck"), ("sv", "ti"), True, "Truckkort A och B"),
    (("5152",), ("fastighetsskötsel", "snöröjning"), ("sv", "fa"), True, None),
    (("5222",), ("kassa", "kundservice"), ("sv", "ar", "en"), False, None),
    (("9412",), ("diskning", "matlagning"), ("so",), False, "Hygienkurs livsmedel"),
    (("5321", "5343"), ("omvårdnad",), ("sv", "bs"), False, "Undersköterska, påbörjad"),
    (("7119",), ("bygg", "betong"), ("sv", "pl"), True, "Heta arbeten"),
    (("5311",), ("barnomsorg",), ("sv", "ku"), False, None),
    (("7114",), ("mark", "maskinkörning"), ("ar",), True, "Maskinförarintyg"),
    (("9622",), ("fastighetsskötsel",), ("sv", "en"), False, None),
    (("7411",), ("el",), ("sv", "ar"), True, None),
)

DISTRICTS = ("Skäggetorp", "Ryd", "Berga", "Skäggetorp", "Ryd", data.TOWN)
# ESF+ at entry, cycled with different periods so that the combinations vary.
ENTRY_STATUSES = (
    "long_term_unemployed",
    "inactive",
    "unemployed",
    "long_term_unemployed",
    "inactive",
    "employed",
    "long_term_unemployed",
)
AGE_BANDS = ("25-29", "30-54", "18-24", "30-54", "55-64", "30-54", "18-24", "30-54")
EDUCATIONS = ("isced_0_2", "isced_3_4", "isced_0_2", "isced_5_8", "isced_3_4")
REFERRALS = ("af", "social_services", "af", "housing", "self", "af", "school", "other")

COACHING_NOTES = (
    "Första samtalet: gick igenom programmet och vad deltagaren vill.",
    "Kartlade tidigare arbeten och utbildning; skrev ett första cv.",
    "Pratade om vägen till jobb i branschen och vilka intyg som behövs.",
    "Övade intervju inför ett möte med en arbetsgivare i nätverket.",
    "Följde upp praktiken: trivs, arbetsgivaren är nöjd.",
    "Kontakt med Arbetsförmedlingen om stöd vid anställning.",
    "Gick igenom schema och resväg till arbetsplatsen.",
)
# A note that names someone else by personnummer: redacted before it is stored. The number
# is a test number (born 1890) that no demo person has.
OTHER_PERSON_NOTE = (
    "Deltagaren tipsade om en granne, {pnr}, som också vill komma till informationsmötet."
)
PLAN_STEPS = (
    "Skriva cv och personligt brev",
    "Kartläggning av kompetenser och validering",
    "Svenska för invandrare, nästa nivå",
    "Praktik hos en arbetsgivare i nätverket",
    "Ta truckkort eller annat intyg som efterfrågas",
    "Söka minst fem jobb i månaden",
)
FOLLOWUP_NOTES = {
    "employed": "Har kvar anställningen.",
    "studies": "Studerar vidare.",
    "own_business": "Driver sitt företag.",
    "job_seeking": "Söker arbete; erbjöds nytt samtal.",
    "inactive": "Föräldraledig.",
    "unknown": "Gick inte att nå.",
}

# fmt: off
HISTORY_MONTHS = 42  # the job factory's first terms began 3½ years before the seed's day
# The job factory's terms in turn: (months after which the term ends early, or None: it runs
# its 18 months; days after the end the person's job starts, or None: no job). Seven in ten
# find a job within the 6 months (one before the term's end), one only after 9 (too late).
TERM_PATTERN: tuple[tuple[int | None, int | None], ...] = (
    (None, 45), (None, None), (None, 110), (6, None), (None, 14),
    (None, 280), (13, 0), (None, 140), (None, 60), (None, 25),
)

# A step on the pathway: (stage, days after the previous step, placement, exit reason).
Step = tuple[str, int, str | None, str | None]
TO_ACTIVE: tuple[Step, ...] = (
    ("intake", 14, None, None), ("mapped", 21, None, None), ("active", 21, None, None),
)
# Linkstep's pathways to an exit, cycled through by the earlier participants.
PATHS: tuple[tuple[Step, ...], ...] = tuple(
    TO_ACTIVE + tail
    for tail in (
        (("matched", 75, None, None), ("placed", 30, "employment", None),
         ("exited", 150, None, "job")),
        (("matched", 60, None, None), ("placed", 40, "employment", None),
         ("exited", 120, None, "self_sufficient")),
        (("exited", 80, None, "dropped_out"),),
        (("placed", 90, "studies", None), ("exited", 60, None, "studies")),
        (("placed", 70, "internship", None), ("exited", 90, None, "job")),
        (("exited", 40, None, "moved"),),
        (("matched", 90, None, None), ("placed", 20, "employment", None),
         ("exited", 180, None, "self_sufficient")),
        (("exited", 100, None, "health"),),
        (("placed", 110, "own_business", None), ("exited", 120, None, "own_business")),
    )
)
# What the follow-ups found, by how the participant left: (1 month, 6 months, 12 months).
FOLLOWUPS = {
    "job": ("employed", "employed", "employed"),
    "self_sufficient": ("employed", "employed", "job_seeking"),
    "studies": ("studies", "studies", "employed"),
    "own_business": ("own_business", "own_business", "own_business"),
    "dropped_out": ("job_seeking", "unknown", "inactive"),
    "moved": ("unknown", "unknown", "unknown"),
    "health": ("inactive", "inactive", "job_seeking"),
    "other": ("job_seeking", "job_seeking", "job_seeking"),
    "job_later": ("job_seeking", "job_seeking", "employed"),  # a job 9 months after the term
}
# Linkstep's newer participants: where each of them is now, and since how many days.
CURRENT = (
    ("referred", 3), ("referred", 9), ("referred", 16), ("intake", 5), ("intake", 12),
    ("mapped", 8), ("mapped", 20), ("active", 10), ("active", 25), ("active", 45),
    ("active", 70), ("matched", 6), ("matched", 18), ("matched", 30), ("placed", 20),
    ("placed", 45), ("placed", 80),
)
HISTORY = 32  # Linkstep's earlier participants, referred over three years
# fmt: on

SUMMER_TITLE = "Skötsel och reparationer Skäggetorp–Ryd: sommarjobb för unga"
SUMMER_TARGET = "16–19 år, boende i Stångåstadens områden"
# The reports of a contract: (district, age band, share of the people, months each).
SUMMER_MIX = (
    ("Skäggetorp", "15-17", 0.3, 1.0),
    ("Skäggetorp", "18-24", 0.2, 2.0),
    ("Ryd", "15-17", 0.2, 1.0),
    ("Ryd", "18-24", 0.1, 1.5),
    ("Berga", "15-17", 0.1, 1.0),
    (data.TOWN, "18-24", 0.1, 2.0),
)

WORDS = (
    "",
    "ett",
    "två",
    "tre",
    "fyra",
    "fem",
    "sex",
    "sju",
    "åtta",
    "nio",
    "tio",
    "elva",
    "tolv",
    "tretton",
    "fjorton",
    "femton",
    "sexton",
    "sjutton",
    "arton",
    "nitton",
)
TENS = ("", "", "tjugo", "trettio", "fyrtio", "femtio", "sextio", "sjuttio", "åttio", "nittio")


def in_words(n: int) -> str:
    """``n`` (1–999) as a Swedish word, capitalised: 42 → "Fyrtiotvå", 101 → "Etthundraett"."""
    if not 1 <= n <= 999:
        raise ValueError("1–999 only")
    hundreds, rest = divmod(n, 100)
    word = (WORDS[hundreds] + "hundra") if hundreds else ""
    word += WORDS[rest] if rest < 20 else TENS[rest // 10] + WORDS[rest % 10]
    return word[0].upper() + word[1:]
