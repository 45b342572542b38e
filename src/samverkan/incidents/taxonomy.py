"""The EST taxonomy every database starts with (codes are stable; labels may change).

Categories are what partners report about places (Andershed/Brå's EST guidance); the police's
own event types are mapped onto them in ``importers/polisen.py``.
"""

from __future__ import annotations

# code, parent code, Swedish label, English label, Swedish description
DEFAULT_CATEGORIES: list[tuple[str, str | None, str, str, str]] = [
    ("skadegorelse", None, "Skadegörelse", "Vandalism", "Krossade rutor, förstörd utrustning"),
    ("klotter", None, "Klotter", "Graffiti", "Klotter och tags"),
    ("nedskrapning", None, "Nedskräpning", "Littering", "Skräp, dumpat avfall"),
    ("brand", None, "Brand", "Fire", "Anlagda bränder"),
    ("bilbrand", "brand", "Bilbrand", "Car fire", "Brand i bil"),
    ("containerbrand", "brand", "Containerbrand", "Container fire", "Brand i container, kärl"),
    ("otrygg_plats", None, "Otrygg plats", "Unsafe place", "Platser som upplevs otrygga"),
    ("belysning", "otrygg_plats", "Trasig belysning", "Broken lighting", "Mörka platser"),
    ("skymd_sikt", "otrygg_plats", "Skymd sikt", "Obstructed view", "Igenvuxet, skymd sikt"),
    (
        "ungdomsgrupp",
        None,
        "Ungdomsgrupp/samlingsplats",
        "Youth gathering",
        "Samlingar som skapar otrygghet",
    ),
    ("narkotika", None, "Narkotika", "Drugs", "Misstänkt försäljning eller bruk"),
    ("hot_vald", None, "Hot och våld", "Threats and violence", "Hot, bråk, misshandel"),
    (
        "incident_personal",
        None,
        "Incident mot personal",
        "Incident against staff",
        "Hot eller våld mot personal",
    ),
    ("ordningsstorning", None, "Ordningsstörning", "Public disorder", "Störningar, fylleri"),
    (
        "trafik",
        None,
        "Trafik (moped, EPA)",
        "Reckless traffic (moped, EPA)",
        "Vårdslös körning med moped, EPA, bil",
    ),
    ("inbrott_stold", None, "Inbrott och stöld", "Burglary and theft", "Inbrott, stöld, rån"),
    (
        "ryktesspridning",
        None,
        "Ryktesspridning/sociala medier",
        "Rumours on social media",
        "Rykten som kan leda till oro",
    ),
    ("arrangemang", None, "Arrangemang", "Event", "Evenemang som drar folk"),
    ("ovrigt", None, "Övrigt", "Other", "Annat som påverkar tryggheten"),
]
