"""Dutch and English labels for the what-if app.

English texts for policies come from the policy classes themselves (``label``, the
docstring, the parameters' ``unit``); Dutch ones are here, with the Dutch terms that
municipal staff use (*toegang*, *maatwerkvoorziening*, *algemene voorziening*,
*huishoudelijke hulp*, *POH-GGZ jeugd*, *wachtlijst*, *mantelzorg*). A missing Dutch
text falls back to English, so a new policy shows up before it is translated.
"""

from __future__ import annotations

import inspect

from model.params import Parameter
from model.policies import CATALOGUE
from model.results import OUTCOMES

LANGUAGES = ("nl", "en")

TEXT: dict[str, tuple[str, str]] = {
    "title": ("carescape · wat als?", "carescape · what if?"),
    "subtitle": (
        "Sociaal domein (Wmo en jeugdhulp): een maatregel tegen niets doen",
        "Social domain (Wmo and youth care): a measure against doing nothing",
    ),
    "municipality": ("Gemeente", "Municipality"),
    "preset": ("Voorbeeldgemeente", "Built-in municipality"),
    "preset_default": ("Gemiddeld, ca. 45.000 inwoners", "Average, about 45,000 residents"),
    "preset_small": ("Klein en landelijk, ca. 25.000", "Small and rural, about 25,000"),
    "preset_city": ("Stad, ca. 160.000", "City, about 160,000"),
    "profile_upload": (
        "Of: eigen gemeenteprofiel (TOML, max. {kb} kB)",
        "Or: your own municipality profile (TOML, max. {kb} kB)",
    ),
    "profile_loaded": ("Profiel geladen", "Profile loaded"),
    "profile_clear": ("Profiel loslaten", "Drop the profile"),
    "residents": ("Inwoners (leeg = zoals profiel)", "Residents (empty = as in the profile)"),
    "period": ("Periode en onzekerheid", "Period and uncertainty"),
    "start": ("Startmaand (JJJJ-MM)", "Start month (YYYY-MM)"),
    "years": ("Looptijd (jaren)", "Horizon (years)"),
    "replicates": ("Herhalingen (replicaties)", "Replicates"),
    "contributions": (
        "Bijdrage per maatregel berekenen (extra runs)",
        "Compute each measure's contribution (extra runs)",
    ),
    "measures": ("Maatregelen", "Measures"),
    "measures_hint": (
        "Zet een maatregel aan en stel hem in. Het basisscenario is dezelfde gemeente "
        "zonder maatregelen, met dezelfde toevalsgetallen per herhaling.",
        "Switch a measure on and set it. The baseline is the same municipality without "
        "measures, with the same random numbers per replicate.",
    ),
    "external": ("Externe ontwikkelingen", "External developments"),
    "external_hint": (
        "Geen maatregelen van de gemeente: ze gelden in beide varianten.",
        "Not levers of the municipality: they apply to both variants.",
    ),
    "source": ("Bron", "Source"),
    "timing": ("Start en invoering", "Start and phase-in"),
    "run": ("Doorrekenen", "Run"),
    "stop": ("Stoppen", "Stop"),
    "running": ("Bezig met rekenen", "Running"),
    "runs_done": ("runs klaar", "runs done"),
    "first_results": ("eerste resultaten na", "first results after"),
    "finished_in": ("klaar in", "finished in"),
    "seconds": ("s", "s"),
    "no_results": (
        "Kies links een gemeente en maatregelen en klik op Doorrekenen. De eerste "
        "resultaten verschijnen zodra de eerste herhaling klaar is.",
        "Choose a municipality and measures on the left and click Run. The first results "
        "appear as soon as the first replicate is done.",
    ),
    "no_measures": (
        "Geen maatregel aangezet: het scenario is gelijk aan het basisscenario.",
        "No measure switched on: the scenario equals the baseline.",
    ),
    "fix_fields": ("Herstel eerst de rode velden.", "Fix the fields in red first."),
    # the shared workers (viz.scheduler) and the cap on one run (backend.MAX_WORK)
    "work_cap": (
        "Maximaal {limit} inwonermaanden per doorrekening (inwoners × maanden, met {burn} "
        "jaar inloop, × runs); deze doorrekening: {asked}.",
        "At most {limit} resident-months per run (residents × months, with the {burn}-year "
        "burn-in, × runs); this run: {asked}.",
    ),
    "work_too_large": (
        "Te veel rekenwerk: deze doorrekening vraagt {asked} inwonermaanden, maximaal "
        "{limit}. Kies minder inwoners, jaren of herhalingen.",
        "Too much work: this run asks {asked} resident-months, at most {limit}. Choose "
        "fewer residents, years or replicates.",
    ),
    "queue_place": (
        "In de wachtrij: plaats {place}. De rekenkernen gaan om de beurt naar {n} "
        "doorrekeningen van verschillende gebruikers.",
        "Queued: place {place}. The workers take turns between {n} runs of different users.",
    ),
    "sharing": (
        "De rekenkernen worden om de beurt gedeeld met {n} andere doorrekening(en).",
        "The workers are shared in turn with {n} other run(s).",
    ),
    "error": ("Fout", "Error"),
    "scenario_file": ("Scenario bewaren of laden", "Save or load a scenario"),
    "save_scenario": ("Scenario opslaan (TOML)", "Save scenario (TOML)"),
    "load_scenario": (
        "Scenario laden (TOML, max. {kb} kB)",
        "Load a scenario (TOML, max. {kb} kB)",
    ),
    "upload_too_large": (
        "{name} is groter dan {kb} kB en is niet gelezen (een profiel of scenario is een paar kB).",
        "{name} is larger than {kb} kB and was not read (a profile or scenario is a few kB).",
    ),
    "scenario_loaded": ("Scenario geladen", "Scenario loaded"),
    "scenario_name": ("Naam van het scenario", "Scenario name"),
    "tab_overview": ("Overzicht", "Overview"),
    "tab_use": ("Gebruik", "Use"),
    "tab_waiting": ("Wachten", "Waiting"),
    "tab_money": ("Geld", "Money"),
    "tab_wellbeing": ("Welzijn", "Wellbeing"),
    "tab_dashboard": ("Dashboard", "Dashboard"),
    "tab_export": ("Export", "Export"),
    "four_arrows": ("De vier pijlen (VNG)", "The four arrows (VNG)"),
    "four_arrows_hint": (
        "Scenario tegen basis in het laatste jaar. Groen: de goede kant op; rood: de "
        "verkeerde kant op; grijs: geen duidelijk verschil (binnen de 90%-marge of "
        "verwaarloosbaar).",
        "Scenario vs baseline in the final year. Green: the right way; red: the wrong "
        "way; grey: no clear difference (within the 90% interval or negligible).",
    ),
    "arrow_reach": ("Bereik", "Reach"),
    "arrow_availability": ("Beschikbaarheid", "Availability"),
    "arrow_quality": ("Kwaliteit", "Quality"),
    "arrow_budget": ("Budget", "Budget"),
    "arrow_reach_what": (
        "inwoners met hulp: maatwerk, algemene voorziening, lichte ondersteuning",
        "residents helped: tailored, general facility, light support",
    ),
    "arrow_availability_what": (
        "gemiddelde wachttijd van melding tot beschikking (weken)",
        "mean weeks from request to decision",
    ),
    "arrow_quality_what": (
        "welzijn (0-10) van inwoners in beeld: wachtend, geholpen of met onvervulde "
        "behoefte; het model kent geen cliënttevredenheid",
        "wellbeing (0-10) of residents in contact: waiting, helped or with unmet need; "
        "the model has no client satisfaction",
    ),
    "arrow_budget_what": (
        "netto kosten per jaar incl. kosten van de maatregelen",
        "net cost per year including the measures' cost",
    ),
    "better": ("beter", "better"),
    "worse": ("slechter", "worse"),
    "same": ("geen duidelijk verschil", "no clear difference"),
    "baseline": ("Basis", "Baseline"),
    "scenario": ("Scenario", "Scenario"),
    "difference": ("Verschil scenario − basis", "Difference scenario − baseline"),
    "band_note": (
        "Banden: 90%-interval over {n} herhalingen (gepaarde toevalsgetallen).",
        "Bands: 90% interval over {n} replicates (paired random numbers).",
    ),
    "flows_title": ("Van ingang naar uitkomst", "From entry point to outcome"),
    "flows_note": (
        "Gebaseerd op: nieuwe jeugdtrajecten per verwijzer (huisarts, toegang, overig: "
        "GI, medisch specialist, ouders zelf), jongeren die de POH-GGZ jeugd zonder "
        "verwijzing helpt, en de instroom in maatwerk (Wmo gaat altijd via de toegang). "
        "Algemene voorziening, lichte ondersteuning en 'niets' zijn standen (gemiddeld "
        "aantal inwoners): het model legt niet vast via welke ingang zij kwamen "
        "(stippellijnen).",
        "Based on: new youth trajectories by referrer (GP, access team, other: GI, medical "
        "specialist, parents directly), youths the POH-GGZ helps without referral, and the "
        "inflow into tailored services (Wmo always passes the access team). General "
        "facility, light support and 'nothing' are stocks (mean number of residents): the "
        "model does not record by which door they came (dotted lines).",
    ),
    "entry_gp": ("Huisarts / POH-GGZ", "GP / POH-GGZ"),
    "entry_access": ("Toegang (wijkteam)", "Access team (toegang)"),
    "entry_other": ("Overig: GI, specialist, zelf", "Other: GI, specialist, self"),
    "out_tailored": ("Maatwerkvoorziening", "Tailored service"),
    "out_poh": ("Geholpen door POH-GGZ", "Helped by the POH-GGZ"),
    "out_light": ("Lichte ondersteuning wijkteam", "Light support by the team"),
    "out_general": ("Algemene voorziening", "General facility"),
    "out_nothing": ("Niets: onvervulde behoefte", "Nothing: unmet need"),
    "per_year": ("per jaar", "per year"),
    "on_average": ("gemiddeld", "on average"),
    "contrib_title": ("Bijdrage per maatregel", "Contribution of each measure"),
    "contrib_note": (
        "Wat het hele pakket bereikt boven het pakket zonder deze maatregel "
        "(netto kosten over de hele looptijd; negatief = besparing).",
        "What the full package achieves beyond the package without this measure "
        "(net cost over the horizon; negative = saving).",
    ),
    "dashboard_note": (
        "Zorgaanbieders declareren met vertraging: het dashboard van de gemeente ziet "
        "de uitgaven later en de laatste maanden lijken altijd goedkoper dan ze zijn.",
        "Providers declare late: the municipality's dashboard sees spending later, and "
        "the most recent months always look cheaper than they are.",
    ),
    "declared": ("Gedeclareerd (dashboard)", "Declared (dashboard)"),
    "true_spending": ("Werkelijk", "True"),
    "export_results": ("Resultaten downloaden", "Download results"),
    "export_note": (
        "Jaartabel: per indicator en jaar de gemiddelden van beide varianten en het "
        "gepaarde verschil met 90%-interval. Maanddata: elke run, elke maand.",
        "Yearly table: per indicator and year the means of both variants and the paired "
        "difference with its 90% interval. Monthly data: every run, every month.",
    ),
    "yearly_table": ("Jaartabel", "Yearly table"),
    "monthly_data": ("Maanddata alle runs", "Monthly data, all runs"),
    "charts_png": ("Alle grafieken (ZIP met PNG's)", "All charts (ZIP of PNGs)"),
    "png": ("PNG", "PNG"),
    "months": ("maand", "month"),
    "cumulative_savings": ("Cumulatieve netto besparing", "Cumulative net saving"),
    "measures_cost": ("Kosten van de maatregelen", "Cost of the measures"),
    "savings_note": (
        "Besparing = netto kosten basis − scenario, opgeteld vanaf de start; de netto "
        "kosten omvatten zorg, algemene voorzieningen, eigen formatie en de maatregelen.",
        "Saving = baseline net cost − scenario, summed from the start; net cost covers "
        "care, general facilities, own staff and the measures.",
    ),
    "headline": ("In het kort", "In short"),
    "headline_saving": ("netto besparing over {y} jaar", "net saving over {y} years"),
    "headline_cost": ("netto meerkosten over {y} jaar", "net extra cost over {y} years"),
    "headline_tailored": ("maatwerkaandeel laatste jaar", "tailored share, final year"),
    "headline_unmet": ("onvervulde behoefte laatste jaar", "unmet need, final year"),
    "points": ("%-punt", "%-points"),
    "residents_unit": ("inwoners", "residents"),
    "model_note": (
        "Een simulatiemodel: uitkomsten zijn verkenningen, geen voorspellingen. Bronnen "
        "en aannames per parameter: `carescape params`.",
        "A simulation model: results are explorations, not forecasts. Sources and "
        "assumptions per parameter: `carescape params`.",
    ),
    "invalid_number": ("geen getal", "not a number"),
    "out_of_range": ("buiten bereik {lo} – {hi}", "out of range {lo} – {hi}"),
    "whole_number": ("moet een geheel getal zijn", "must be a whole number"),
    "on": ("aan", "on"),
    "language": ("Taal", "Language"),
    # the workshop page (viz/workshop.py)
    "to_workshop": ("Workshop: maand voor maand", "Workshop: month by month"),
    "ws_title": ("carescape · workshop: maand voor maand", "carescape · workshop: month by month"),
    "ws_to_app": ("Wat-als-app", "What-if app"),
    "ws_residents": ("Inwoners", "Residents"),
    "ws_seed": ("Toevalsreeks", "Seed"),
    "ws_start_month": (
        "Maatregelen aan na maand (0 = meteen)",
        "Measures on after month (0 = at once)",
    ),
    "ws_measures": ("Maatregelen", "Measures"),
    "ws_from": ("vanaf", "from"),
    "ws_status_quo": (
        "Geen maatregelen: de huidige koers",
        "No measures: the current course",
    ),
    "ws_month_of": ("maand {m} van {n}", "month {m} of {n}"),
    "ws_not_started": (
        "nog niet gestart: druk op Step of ▶",
        "not started: press Step or ▶",
    ),
    "ws_press_step": ("Druk op Step of ▶", "Press Step or ▶"),
    "ws_measures_on": (
        "in de grafieken: de maanden met de maatregelen aan",
        "in the charts: the months with the measures on",
    ),
    "ws_kpi_tailored": ("in maatwerk", "in tailored care"),
    "ws_kpi_general": ("algemeen of licht", "general or light"),
    "ws_kpi_waiting": ("wachten op toegang", "waiting for access"),
    "ws_kpi_unmet": ("behoefte zonder hulp", "need without help"),
    "ws_chart_use": (
        "Maatwerk en algemene voorzieningen",
        "Tailored and general services",
    ),
    "ws_chart_waiting": ("Wachten op de toegang (wijkteam)", "Waiting for the access team"),
    "ws_chart_money": (
        "Uitgaven per maand: werkelijk en gedeclareerd",
        "Spending per month: true and declared",
    ),
    "ws_chart_unmet": ("Inwoners met een behoefte en geen hulp", "Residents with a need, no help"),
    "ws_chart_wellbeing": (
        "Welzijn van inwoners met een behoefte",
        "Wellbeing of residents with a need",
    ),
    "ws_clients_wmo": ("Wmo-maatwerk", "Wmo tailored"),
    "ws_clients_youth": ("Jeugdhulp (maatwerk)", "Youth care (tailored)"),
    "ws_users_general": ("Algemene voorziening", "General facility"),
    "ws_users_light_support": ("Lichte ondersteuning wijkteam", "Light support by the team"),
    "ws_waiting_access": ("Wachtend op toegang", "Waiting for access"),
    "ws_spend_wmo_eur": ("Wmo", "Wmo"),
    "ws_spend_youth_eur": ("Jeugdhulp", "Youth care"),
    "ws_spend_general_eur": ("Algemene voorzieningen", "General facilities"),
    "ws_spend_staff_eur": ("Eigen formatie en maatregelen", "Own staff and measures"),
    "ws_spend_total_eur": ("Zorg en voorzieningen: werkelijk", "Care and facilities: true"),
    "ws_declared_total_eur": (
        "Zorg en voorzieningen: gedeclareerd (dashboard)",
        "Care and facilities: declared (dashboard)",
    ),
    "ws_unmet_need": ("Onvervulde behoefte", "Unmet need"),
    "ws_wellbeing_with_need": ("Welzijn (0-10)", "Wellbeing (0-10)"),
    "ws_eur_month": ("× € 1.000 per maand", "EUR thousand per month"),
    "ws_score": ("score 0-10", "score 0-10"),
    "ws_measures_title": ("Wat de maatregelen doen", "What the measures do"),
    "ws_no_measures": (
        "Geen maatregel aan: het model volgt de huidige koers. Zet links een maatregel "
        "aan en druk op Reset om de gemeente opnieuw te bouwen.",
        "No measure on: the model follows the current course. Switch a measure on at the "
        "left and press Reset to rebuild the municipality.",
    ),
    "ws_reset_hint": (
        "Instellingen links gelden na Reset. Met dezelfde toevalsreeks start de gemeente "
        "met dezelfde inwoners en loopt het toeval zo veel mogelijk gelijk, met of zonder "
        "maatregel.",
        "Settings on the left apply after Reset. With the same seed the municipality starts "
        "with the same residents and chance runs as alike as possible, with or without a "
        "measure.",
    ),
}

INDICATOR_NL: dict[str, str] = {
    "clients_hh": "Cliënten huishoudelijke hulp",
    "clients_support": "Cliënten individuele begeleiding",
    "clients_daycare": "Cliënten dagbesteding (geïndiceerd)",
    "clients_wmo": "Wmo-cliënten (maatwerk)",
    "clients_youth": "Jeugdigen met jeugdhulp (maatwerk)",
    "clients_youth_ggz": "Jeugdigen in jeugd-GGZ",
    "users_general": "Gebruikers algemene voorzieningen",
    "users_light_support": "Lichte ondersteuning door wijkteams",
    "places_general": "Plaatsen in algemene voorzieningen",
    "places_light_support": "Plaatsen lichte ondersteuning",
    "reached": "Geholpen inwoners (maatwerk, algemene voorzieningen, lichte ondersteuning)",
    "tailored_share": "Aandeel maatwerk in het gebruik",
    "hh_hours_mean": "Uren HH per week per cliënt",
    "inflow_tailored": "Instroom maatwerk",
    "waiting_access": "Wachtlijst toegang",
    "wait_weeks_access": "Wachttijd van melding tot beschikking",
    "waiting_providers": "Wachtlijst zorgaanbieders",
    "waiting_youth": "Jeugdigen op de wachtlijst",
    "spend_wmo_eur": "Uitgaven Wmo",
    "spend_youth_eur": "Uitgaven jeugdhulp",
    "spend_general_eur": "Uitgaven algemene voorzieningen",
    "spend_staff_eur": "Eigen formatie en maatregelen",
    "spend_total_eur": "Uitgaven zorg en voorzieningen",
    "declared_total_eur": "Gedeclareerde uitgaven",
    "net_cost_eur": "Netto kosten incl. maatregelen",
    "youth_referrals_gp": "Jeugdtrajecten via huisarts",
    "poh_helped": "Jongeren geholpen door POH-GGZ jeugd",
    "unmet_need": "Inwoners met onvervulde behoefte",
    "wellbeing_mean": "Gemiddeld welzijn (0-10)",
    "wellbeing_in_contact": "Welzijn van inwoners in beeld (0-10)",
    "overburdened_carers": "Overbelaste mantelzorgers",
    "cumulative_savings": "Cumulatieve netto besparing",
    "measures_cost": "Kosten van de maatregelen",
}
INDICATOR_EN: dict[str, str] = {
    "cumulative_savings": "Cumulative net saving",
    "measures_cost": "Cost of the measures",
}
UNIT_NL = {
    "clients": "cliënten",
    "users": "gebruikers",
    "residents": "inwoners",
    "weeks": "weken",
    "hours/week": "uur per week",
    "places": "plaatsen",
    "share": "%",
    "score": "0-10",
    "trajectories": "trajecten",
    "youths": "jongeren",
    "EUR": "EUR",
}


def _index(lang: str) -> int:
    return 0 if lang == "nl" else 1


def number(value: float, lang: str, digits: int = 0) -> str:
    """A number with Dutch or English separators."""
    text = f"{value:,.{digits}f}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def millions(value: float, lang: str) -> str:
    """A count in millions the way each language writes it: ``500 mln`` / ``500 m``.

    Below ten million one decimal is kept (``2,5 mln``), so a small run does not read 0.
    """
    digits = 1 if abs(value) < 1e7 else 0
    return f"{number(value / 1e6, lang, digits)} {'mln' if lang == 'nl' else 'm'}"


def t(key: str, lang: str, **values: object) -> str:
    """A label in the chosen language (the key itself when it is missing)."""
    pair = TEXT.get(key)
    text = key if pair is None else pair[_index(lang)]
    return text.format(**values) if values else text


def indicator_label(name: str, lang: str) -> str:
    """The name of an indicator in the chosen language."""
    if lang == "nl" and name in INDICATOR_NL:
        return INDICATOR_NL[name]
    if name in INDICATOR_EN:
        return INDICATOR_EN[name]
    return OUTCOMES[name].label if name in OUTCOMES else name


def unit_label(unit: str, lang: str) -> str:
    """An indicator unit in the chosen language."""
    return UNIT_NL.get(unit, unit) if lang == "nl" else unit


def policy_label(name: str, lang: str) -> str:
    """A policy's name: the Dutch term in Dutch, the class label in English."""
    cls = CATALOGUE[name]
    return (cls.dutch[:1].upper() + cls.dutch[1:]) if lang == "nl" else cls.label


def policy_mechanism(name: str, lang: str) -> str:
    """The plain-language explanation of a lever, as its class declares it."""
    cls = CATALOGUE[name]
    if lang == "nl" and cls.mechanism_nl:
        return cls.mechanism_nl
    doc = inspect.cleandoc(cls.__doc__ or "")
    parts = doc.split("\n\n", 1)
    body = parts[1] if len(parts) > 1 else parts[0]
    text = " ".join(body.replace("Mechanism:", "").replace("``", "").split())
    return text[:1].upper() + text[1:]


def param_label(policy: str, key: str, lang: str) -> str:
    """What a lever parameter means, in the chosen language (its declaration's label)."""
    spec = CATALOGUE[policy].declared()[key]
    return spec.label_nl if lang == "nl" and spec.label_nl else spec.unit


def choice_label(spec: Parameter, value: str, lang: str) -> str:
    """A choice of a lever parameter (e.g. a funding model) in the chosen language."""
    pair = (spec.choice_labels or {}).get(value)
    return value if pair is None else pair[_index(lang)]
