"""The indicators every municipality starts with: the district profile's measures, with the
statistics office or survey they come from, and EST's own categories counted per year.

Each entry: ``(code, name_sv, name_en, unit, kind, direction, group, about_people, decimals,
est_category, source)``. Migration 0022 stored this list as it stood; a municipality adds its
own indicators beside it.
"""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    code: str
    name_sv: str
    name_en: str
    unit: str
    kind: str
    direction: str
    grp: str
    about_people: bool
    decimals: int
    est_category: str | None
    source: str


_SCB_BEF = "SCB, befolkningsstatistik per DeSO/RegSO (31 december)"
_SCB_FLYTT = "SCB, flyttningar per DeSO/RegSO"
_SCB_BOST = "SCB, bostadsbeståndet per DeSO/RegSO och upplåtelseform"
_AKTIVBO = "Bostadsbolagets hyresgästenkät (AktivBo-modellen), index 0–100"
_EST = "EST:s egna rapporter, veckosummorna per år (ISO-år)"

# fmt: off
CATALOGUE: tuple[Entry, ...] = (
    Entry("bef_totalt", "Folkmängd", "Population", "personer", "count", "up", "befolkning",
          True, 0, None, _SCB_BEF),
    Entry("bef_0_19", "Invånare 0–19 år", "Residents aged 0–19", "personer", "count", "up",
          "befolkning", True, 0, None, _SCB_BEF),
    Entry("bef_20_64", "Invånare 20–64 år", "Residents aged 20–64", "personer", "count", "up",
          "befolkning", True, 0, None, _SCB_BEF),
    Entry("bef_65_plus", "Invånare 65 år och äldre", "Residents aged 65 and over", "personer",
          "count", "up", "befolkning", True, 0, None, _SCB_BEF),
    Entry("sysselsattning_20_64", "Förvärvsarbetande 20–64 år", "Employed aged 20–64", "%",
          "rate", "up", "arbete", False, 1, None,
          "SCB, registerbaserad arbetsmarknadsstatistik (BAS), andel förvärvsarbetande"),
    Entry("ekonomisk_standard", "Medianvärde ekonomisk standard", "Median economic standard",
          "tkr", "level", "up", "arbete", False, 0, None,
          "SCB, inkomster och skatter: disponibel inkomst per konsumtionsenhet"),
    Entry("lag_ekonomisk_standard", "Låg ekonomisk standard", "Low economic standard", "%",
          "rate", "down", "arbete", False, 1, None,
          "SCB, andel personer med under 60 % av rikets median"),
    Entry("eftergymnasial_25_64", "Eftergymnasial utbildning 25–64 år",
          "Post-secondary education aged 25–64", "%", "rate", "up", "utbildning", False, 1,
          None, "SCB, befolkningens utbildning"),
    Entry("behorighet_gymnasiet", "Behöriga till gymnasiet, åk 9",
          "Eligible for upper secondary school, year 9", "%", "rate", "up", "utbildning",
          False, 1, None, "Skolverket, betyg och behörighet per skolområde"),
    Entry("ohalsotal", "Ohälsotal", "Ill-health days", "dagar", "level", "down", "halsa",
          False, 1, None, "Försäkringskassan, ohälsotalet 16–64 år"),
    Entry("inflyttade_per_1000", "Inflyttade per 1 000 invånare",
          "Moved in per 1,000 residents", "per 1 000", "rate", "up", "flytt", False, 1, None,
          _SCB_FLYTT),
    Entry("utflyttade_per_1000", "Utflyttade per 1 000 invånare",
          "Moved out per 1,000 residents", "per 1 000", "rate", "down", "flytt", False, 1,
          None, _SCB_FLYTT),
    Entry("bruttoomflyttning", "Bruttoomflyttning", "Gross turnover", "%", "rate", "down",
          "flytt", False, 1, None, _SCB_FLYTT + "; in- och utflyttade delat med folkmängden"),
    Entry("hyresratt_andel", "Hyresrätter", "Rental flats", "%", "rate", "down", "boende",
          False, 1, None, _SCB_BOST),
    Entry("bostadsratt_andel", "Bostadsrätter", "Tenant-owned flats", "%", "rate", "up",
          "boende", False, 1, None, _SCB_BOST),
    Entry("aganderatt_andel", "Äganderätter", "Owner-occupied homes", "%", "rate", "up",
          "boende", False, 1, None, _SCB_BOST),
    Entry("bostader", "Bostäder", "Homes", "lägenheter", "count", "up", "boende", False, 0,
          None, _SCB_BOST),
    Entry("nya_bostader", "Färdigställda bostäder", "Homes finished", "lägenheter", "count",
          "up", "boende", False, 0, None, "SCB, färdigställda bostäder; bostadsbolagets egna"),
    Entry("trygghetsindex", "Trygghetsindex", "Safety index", "index", "level", "up",
          "trygghet", False, 1, None, _AKTIVBO),
    Entry("serviceindex", "Serviceindex", "Service index", "index", "level", "up", "trygghet",
          False, 1, None, _AKTIVBO),
    Entry("produktindex", "Produktindex", "Product index", "index", "level", "up", "trygghet",
          False, 1, None, _AKTIVBO),
    Entry("otrygga_kvall", "Otrygga utomhus sent på kvällen", "Feel unsafe outdoors at night",
          "%", "rate", "down", "trygghet", False, 1, None,
          "Polisens och kommunens trygghetsmätning"),
    Entry("anmalda_brott_per_1000", "Anmälda brott per 1 000 invånare",
          "Reported crimes per 1,000 residents", "per 1 000", "rate", "down", "trygghet",
          False, 1, None, "Polisen/Brå, anmälda brott per område"),
    Entry("est_klotter", "Klotter (EST)", "Graffiti (EST)", "rapporter", "count", "down", "est",
          False, 0, "klotter", _EST),
    Entry("est_skadegorelse", "Skadegörelse (EST)", "Vandalism (EST)", "rapporter", "count",
          "down", "est", False, 0, "skadegorelse", _EST),
    Entry("est_brand", "Bränder (EST)", "Fires (EST)", "rapporter", "count", "down", "est",
          False, 0, "brand", _EST),
    Entry("est_nedskrapning", "Nedskräpning (EST)", "Littering (EST)", "rapporter", "count",
          "down", "est", False, 0, "nedskrapning", _EST),
    Entry("est_otrygg_plats", "Otrygga platser (EST)", "Unsafe places (EST)", "rapporter",
          "count", "down", "est", False, 0, "otrygg_plats", _EST),
)
# fmt: on
