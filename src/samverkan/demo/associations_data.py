"""What the associations' demo consists of: forty local associations of Linköping's districts,
the supporters' commitments per kind of activity and the texts of their activities.

Everything is invented. The associations' names end in "(demo)" where a real club of that name
might exist (all but the demo's own organisations Hemgårdarnas BK and Läxhjälpen), their
organisation numbers are made up here (ten digits starting 80, a non-profit's, with a correct
check digit) and their contacts are at example.se. Dates are not here:
:mod:`samverkan.demo.associations` places everything relative to the seed's day.
"""

from __future__ import annotations

from samverkan.core.personnummer import luhn_digit
from samverkan.demo import data

KOMMUN = "Linköpings kommun"
HOUSING = "Stångåstaden"
# The supporters' case workers who register the associations and make the agreements.
SUPPORT_USERS = {HOUSING: "foreningsstod@stangastaden.demo", KOMMUN: "handlaggare@linkoping.demo"}
REPORTER = "forening@hemgardarna.demo"  # Hemgårdarnas BK's rapportör

SKG, RYD, BRG, TOWN = "Skäggetorp", "Ryd", "Berga", data.TOWN
S, K = HOUSING, KOMMUN

# (name, kinds, districts, supporters, contact: (name, role) or None)
Row = tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, str] | None]
ASSOCIATIONS: tuple[Row, ...] = (
    ("Hemgårdarnas BK", ("idrott",), (SKG, RYD), (S, K), ("Hamid Ledare", "ordförande")),
    ("Läxhjälpen", ("laxhjalp",), (SKG, RYD, BRG), (K,), ("Lina Läxhjälp", "samordnare")),
    ("Skäggetorps IF (demo)", ("idrott",), (SKG,), (S, K), ("Yusuf Exempelsson", "ordförande")),
    ("Ryds Dansförening (demo)", ("dans",), (RYD,), (S,), ("Maja Påhittad", "ordförande")),
    ("Kodklubben Berga (demo)", ("programmering",), (BRG,), (K,), ("Oskar Prov", "ledare")),
    ("Berga Basket (demo)", ("idrott",), (BRG,), (S, K), ("Leila Testdotter", "kassör")),
    ("Ryds Bollklubb (demo)", ("idrott",), (RYD,), (S,), ("Erik Exempel", "ordförande")),
    ("Skäggetorps Teaterförening (demo)", ("teater",), (SKG,), (S,), ("Sofia Påhitt", "ledare")),
    ("Musikverkstan Ryd (demo)", ("musik",), (RYD,), (K,), ("Jonas Prövare", "ordförande")),
    ("Skäggetorps Kulturförening (demo)", ("kultur",), (SKG,), (S, K), None),
    ("Berga Brottarklubb (demo)", ("idrott",), (BRG,), (K,), ("Ali Exempelzadeh", "tränare")),
    ("Ryds Schackklubb (demo)", ("kultur",), (RYD,), (K,), ("Greta Provsson", "sekreterare")),
    ("Läsfrämjarna Skäggetorp (demo)", ("laxhjalp", "kultur"), (SKG,), (S,), None),
    ("Berga Dans & Rörelse (demo)", ("dans",), (BRG,), (S,), ("Nadia Låtsas", "ordförande")),
    ("Skäggetorps Boxningsklubb (demo)", ("idrott",), (SKG,), (S, K), ("Mehmet Prov", "tränare")),
    ("Ryds Innebandyklubb (demo)", ("idrott",), (RYD,), (K,), ("Klara Exempelberg", "kassör")),
    ("Berga Scoutkår (demo)", ("ovrigt",), (BRG,), (K,), ("Per Påhittsson", "kårordförande")),
    ("Kodklubben Skäggetorp (demo)", ("programmering",), (SKG,), (S,), None),
    ("Ryds Kulturförening (demo)", ("kultur", "musik"), (RYD,), (S,), ("Hanna Test", "ledare")),
    ("Skäggetorps Kvinnoförening (demo)", ("kultur", "laxhjalp"), (SKG,), (S,), None),
    ("Berga Teaterverkstad (demo)", ("teater",), (BRG,), (K,), ("Ida Exempelqvist", "ledare")),
    ("Linköpings Hiphopskola (demo)", ("dans",), (TOWN, SKG), (K,), ("Dani Påhittad", "ledare")),
    ("Östgöta Robotklubb (demo)", ("programmering",), (TOWN, RYD), (K,), None),
    ("Ryds Simsällskap (demo)", ("idrott",), (RYD,), (), ("Tove Provström", "ordförande")),
    ("Skäggetorps Kampsportsklubb (demo)", ("idrott",), (SKG,), (S,), ("Omar Test", "tränare")),
    ("Berga Musikförening (demo)", ("musik",), (BRG,), (S, K), ("Elsa Exempelsdotter", "ledare")),
    ("Körföreningen Unga Röster (demo)", ("musik",), (TOWN, BRG), (K,), None),
    ("Ryds Läxcafé (demo)", ("laxhjalp",), (RYD,), (S,), ("Samir Prov", "samordnare")),
    ("Berga Friidrottsklubb (demo)", ("idrott",), (BRG,), (K,), ("Lars Låtsasson", "tränare")),
    ("Skäggetorps Cricketklubb (demo)", ("idrott",), (SKG,), (), ("Ravi Exempel", "kapten")),
    ("Filmklubben Ryd (demo)", ("kultur",), (RYD,), (), ("Alice Påhittström", "ordförande")),
    ("Berga Parkour (demo)", ("idrott",), (BRG,), (S,), ("Noah Test", "ledare")),
    ("Skäggetorps Ungdomsteater (demo)", ("teater",), (SKG,), (K,), ("Vera Prov", "regissör")),
    ("Linköpings Spelutvecklare (demo)", ("programmering",), (TOWN,), (), None),
    ("Ryds Volleybollklubb (demo)", ("idrott",), (RYD,), (S, K), ("Anton Exempel", "kassör")),
    ("Dansstudion Berga (demo)", ("dans",), (BRG,), (K,), ("Fatima Påhitt", "ledare")),
    ("Skäggetorps Bandförening (demo)", ("musik",), (SKG,), (S,), ("Kim Provare", "ledare")),
    ("Föräldraföreningen Skäggetorp (demo)", ("laxhjalp", "kultur"), (SKG,), (K,), None),
    ("Ryds Unga Konstnärer (demo)", ("kultur",), (RYD,), (), ("Elin Test", "ordförande")),
    ("Linköpings Ungdomscirkus (demo)", ("teater",), (TOWN, BRG), (), ("Max Låtsas", "ledare")),
)


def orgnr(index: int) -> str:
    """The made-up organisation number of the ``index``-th association: ``80`` (a non-profit)
    and seven more digits, all different, completed by their check digit."""
    nine = f"802{470000 + index * 137:06d}"
    return f"{nine[:6]}-{nine[6:]}{luhn_digit(nine)}"


def email(index: int) -> str:
    return f"forening{index + 1:02d}@example.se"


# The commitments per kind: (description with {n} and {district}, forms, unit, required range).
# The first is the main one (in one of the association's districts), the others over all its
# districts. Within a kind the forms differ, so that an activity counts for one commitment.
Template = tuple[str, tuple[str, ...], str, tuple[int, int]]
COMMITMENTS: dict[str, tuple[Template, ...]] = {
    "idrott": (
        (
            "{n} öppna träningar för 7–20-åringar i {district}",
            ("traning", "oppen"),
            "tillfallen",
            (30, 45),
        ),
        ("{n} matcher eller cuper på hemmaplan", ("match",), "tillfallen", (6, 12)),
        ("{n} evenemang för de boende", ("evenemang",), "tillfallen", (2, 3)),
    ),
    "dans": (
        ("{n} danspass för unga i {district}", ("traning", "kurs"), "tillfallen", (30, 40)),
        ("{n} uppvisningar", ("match",), "tillfallen", (2, 4)),
        ("{n} deltagarbesök på lovläger", ("lager",), "deltagare", (80, 160)),
    ),
    "teater": (
        ("{n} teaterworkshoppar i {district}", ("kurs",), "tillfallen", (25, 35)),
        ("{n} föreställningar för de boende", ("match",), "tillfallen", (2, 4)),
    ),
    "musik": (
        ("{n} öppna replokalskvällar i {district}", ("oppen",), "tillfallen", (30, 40)),
        ("{n} konserter i stadsdelen", ("match",), "tillfallen", (2, 4)),
    ),
    "programmering": (
        ("{n} kodträffar för 9–16-åringar i {district}", ("kurs", "oppen"), "tillfallen", (25, 35)),
        ("{n} deltagarbesök på sommarlägret", ("lager",), "deltagare", (60, 120)),
    ),
    "laxhjalp": (
        ("{n} läxhjälpstillfällen i {district}", ("oppen",), "tillfallen", (35, 45)),
        ("{n} föräldraträffar", ("evenemang",), "tillfallen", (2, 4)),
    ),
    "kultur": (
        ("{n} öppna kulturkvällar i {district}", ("oppen",), "tillfallen", (25, 35)),
        ("{n} kurstillfällen", ("kurs",), "tillfallen", (10, 20)),
        ("{n} evenemang för de boende", ("evenemang",), "tillfallen", (2, 3)),
    ),
    "ovrigt": (
        ("{n} scoutmöten i {district}", ("traning",), "tillfallen", (30, 40)),
        ("{n} deltagarbesök på läger", ("lager",), "deltagare", (60, 120)),
    ),
}

# What an activity is called, per kind and form (else per form).
TITLES: dict[tuple[str, str], str] = {
    ("idrott", "traning"): "Träning",
    ("idrott", "oppen"): "Öppen hall",
    ("idrott", "match"): "Hemmamatch",
    ("dans", "traning"): "Danspass",
    ("dans", "kurs"): "Nybörjarkurs i dans",
    ("dans", "match"): "Dansuppvisning",
    ("teater", "kurs"): "Teaterworkshop",
    ("teater", "match"): "Föreställning",
    ("musik", "oppen"): "Öppen replokal",
    ("musik", "match"): "Konsert",
    ("programmering", "kurs"): "Kodträff",
    ("programmering", "oppen"): "Öppet makerspace",
    ("laxhjalp", "oppen"): "Läxhjälp",
    ("laxhjalp", "evenemang"): "Föräldraträff",
    ("kultur", "oppen"): "Öppen kulturkväll",
    ("kultur", "kurs"): "Kurs",
    ("ovrigt", "traning"): "Scoutmöte",
}
FORM_TITLES = {
    "traning": "Träning",
    "oppen": "Öppen verksamhet",
    "evenemang": "Gårdsfest för de boende",
    "kurs": "Kurs",
    "match": "Uppvisning",
    "lager": "Lovläger",
}

# The share of girls, boys and other or not stated, per kind.
GENDER_MIX: dict[str, tuple[float, float, float]] = {
    "idrott": (0.32, 0.66, 0.02),
    "dans": (0.80, 0.17, 0.03),
    "teater": (0.64, 0.33, 0.03),
    "musik": (0.48, 0.49, 0.03),
    "programmering": (0.30, 0.67, 0.03),
    "laxhjalp": (0.56, 0.42, 0.02),
    "kultur": (0.58, 0.39, 0.03),
    "ovrigt": (0.47, 0.51, 0.02),
}
# The weight of each age band (0-6, 7-12, 13-16, 17-20, 21-25, 26-): the young, and at events
# the families.
AGE_MIX = (0.0, 0.40, 0.38, 0.17, 0.05, 0.0)
EVENT_AGE_MIX = (0.12, 0.30, 0.18, 0.08, 0.04, 0.28)
# participants, minutes and leaders per form: (low, high)
SIZE = {
    "traning": ((8, 22), (60, 120), (1, 3)),
    "oppen": ((10, 30), (90, 180), (1, 3)),
    "kurs": ((6, 14), (60, 120), (1, 2)),
    "match": ((14, 40), (60, 150), (2, 4)),
    "evenemang": ((40, 120), (120, 300), (3, 8)),
    "lager": ((15, 35), (360, 480), (3, 6)),
}
