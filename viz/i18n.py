"""Dutch and English labels for the what-if app.

English texts for policies come from the policy classes themselves (``label``, the
docstring, the parameters' ``unit``); Dutch ones are here, with the Dutch terms that
municipal staff use (*toegang*, *maatwerkvoorziening*, *algemene voorziening*,
*huishoudelijke hulp*, *POH-GGZ jeugd*, *wachtlijst*, *mantelzorg*). A missing Dutch
text falls back to English, so a new policy shows up before it is translated.
"""

from __future__ import annotations

import inspect

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
        "Of: eigen gemeenteprofiel (TOML)",
        "Or: your own municipality profile (TOML)",
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
    "error": ("Fout", "Error"),
    "scenario_file": ("Scenario bewaren of laden", "Save or load a scenario"),
    "save_scenario": ("Scenario opslaan (TOML)", "Save scenario (TOML)"),
    "load_scenario": ("Scenario laden (TOML)", "Load a scenario (TOML)"),
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
        "gemiddelde wachttijd toegang (weken)",
        "mean wait for an access-team assessment (weeks)",
    ),
    "arrow_quality_what": (
        "gemiddeld welzijn (0-10); het model kent geen cliënttevredenheid",
        "mean wellbeing (0-10); the model has no client satisfaction",
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
    "wait_weeks_access": "Wachttijd toegang",
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

POLICY_NL: dict[str, str] = {
    "poh_ggz": (
        "Huisartspraktijken krijgen een POH-GGZ jeugd (fte × casussen per fte). Jongeren "
        "die bij de huisarts komen, ziet de POH zolang er ruimte is; een deel wordt zonder "
        "verwijzing geholpen, de rest verwezen. De POH verlaagt ook de drempel: jongeren "
        "met lichtere problemen die anders niet kwamen, komen nu wel. Zo wordt een deel "
        "van de besparing weer opgegeten. Kosten: gemeentelijke cofinanciering per fte."
    ),
    "hh_norm": (
        "De toegang bepaalt de uren huishoudelijke hulp met normtijden per taak (108 uur "
        "per jaar bij volledige overname, plus 26-52 voor beperkingen en 26 voor kinderen) "
        "min 23 uur als het huishouden of netwerk een deel kan doen, in plaats van een "
        "professionele inschatting. Optioneel: 90-plussers houden de oude methode, lopende "
        "indicaties gaan mee bij herbeoordeling, een deel van de lichte cliënten krijgt "
        "hulp eens per twee weken. Lagere uren bij instroom, tragere groei."
    ),
    "youth_demarcation": (
        "Maatwerk jeugdhulp alleen als (1) er vastgestelde zorgen zijn over de veiligheid, "
        "(2) er een vastgestelde stoornis is en de omgeving het niet aankan, of (3) het "
        "kind zonder hulp niet kan meedoen (Commissie van Wijzen, 2021). 'Strengheid' is "
        "de kans dat de toegang de criteria toepast; huisartsen volgen alleen voor zover "
        "ze zich aan afspraken houden (zij verwijzen rechtstreeks). Afgewezen jongeren "
        "gaan naar een algemene voorziening (jongerenwerk), lichte ondersteuning of nergens heen."
    ),
    "daycare_general": (
        "De algemene voorziening dagbesteding krijgt extra plaatsen; wie anders "
        "geïndiceerde dagbesteding zou krijgen, krijgt eerst daar een plek aangeboden en "
        "alleen maatwerk als de voorziening vol is (een volle voorziening stuurt de vraag "
        "terug)."
    ),
    "light_support": (
        "Meer plaatsen voor korte lichte ondersteuning door het wijkteam zelf, zodat het "
        "keukentafelgesprek kan eindigen in lichte hulp in plaats van een maatwerkvoorziening."
    ),
    "case_management": (
        "Extra fte voor de toegang: kortere wachtlijst, minder werkdruk. Actieve "
        "casusregie stuurt aan de voorkant en tijdens het traject: meer lichte "
        "oplossingen, werkdruk weegt minder mee in besluiten, en een deel van de tijd "
        "gaat naar herbeoordelingen die afschalen of stoppen."
    ),
    "reassessment_drive": (
        "Extra medewerkers beoordelen de oudste lopende indicaties opnieuw: uren HH worden "
        "aangepast aan de huidige behoefte, indicaties zonder behoefte stoppen."
    ),
    "indication_length": (
        "De geplande duur van nieuwe Wmo-indicaties: kort (12 maanden), lang (36) of "
        "onbepaald met jaarlijkse opvolging. Aan het eind stopt een herbeoordeling de zorg "
        "als de behoefte weg is."
    ),
    "stop_stacking": (
        "De toegang kent één hoofdvoorziening toe waar er meerdere zouden passen: "
        "dagbesteding dekt begeleiding, en huishoudelijke hulp komt er alleen bij zonder "
        "andere voorziening."
    ),
    "four_eyes": (
        "Besluiten boven een maandbedrag krijgen een tweede consulent, die een deel lichter "
        "maakt; dat kost consulenttijd."
    ),
    "funding_model": (
        "Aanbieders gedragen zich naar hoe ze betaald worden (VNG): PxQ verlengt en "
        "intensiveert, lumpsum en populatiebekostiging verkorten en begrenzen de capaciteit "
        "(wachtlijsten als de vraag groter is), resultaatbekostiging stopt bij het "
        "resultaat en mijdt moeilijke casussen. Minder gecontracteerde aanbieders betekent "
        "minder contractbeheer."
    ),
    "integrated_families": (
        "De huishoudens met de meeste voorzieningen tegelijk (jeugdhulp plus Wmo) krijgen "
        "één regisseur (één gezin, één plan): hun jeugdhulp verbetert sneller en stopt als "
        "het doel bereikt is, hun Wmo-indicaties worden elke maand bekeken."
    ),
    "voorveld": (
        "Meer plaatsen in algemene voorzieningen en een groter bereik (bekendheid): meer "
        "lichte vragen worden vroeg beantwoord (minder verergering), meer overbelaste "
        "mantelzorgers krijgen steun (zij houden het langer vol)."
    ),
    "earlier_wlz": (
        "De toegang ziet blijvende zorgbehoefte eerder (lagere drempel) en helpt inwoners "
        "de Wlz aan te vragen; hun zorg gaat dan uit de Wmo."
    ),
    "contribution": (
        "De verwachte eigen bijdrage weegt mee bij het aanvragen van huishoudelijke hulp. "
        "Bij een inkomens- en volumeafhankelijke bijdrage betalen midden- en hoge inkomens "
        "meer, en een deel koopt de hulp dan zelf in plaats van het abonnementstarief."
    ),
    "ageing": "Sterfte op hoge leeftijd daalt sneller: meer inwoners bereiken een hoge leeftijd.",
    "covid_shock": "Een tijdelijke golf van nieuwe psychische problemen bij jongeren.",
    "tariff_growth": "Loonstijgingen in de zorg verhogen de tarieven van aanbieders elk jaar.",
    "staff_shortage": "Aanbieders kunnen een deel van hun plaatsen niet bemensen.",
}

PARAM_NL: dict[str, str] = {
    "start_month": "start, maanden na het begin van de looptijd",
    "phase_in_months": "maanden tot volledige invoering",
    "poh_ggz.coverage": "aandeel huisartspraktijken met een POH-GGZ jeugd",
    "poh_ggz.fte_per_10000": "fte per 10.000 inwoners",
    "poh_ggz.cases_per_fte_month": "nieuwe casussen per fte per maand",
    "poh_ggz.help_mild": "kans dat een lichte casus zonder verwijzing geholpen wordt",
    "poh_ggz.help_moderate": "kans bij een matige casus",
    "poh_ggz.help_severe": "kans bij een ernstige casus",
    "poh_ggz.threshold_drop": "lagere drempel om hulp te zoeken bij deze praktijken",
    "poh_ggz.cost_per_fte_year": "EUR per fte per jaar",
    "hh_norm.exempt_90_plus": "90-plussers houden de oude methode",
    "hh_norm.apply_at_review": "ook lopende indicaties herbeoordelen",
    "hh_norm.fortnightly_share": "aandeel lichte cliënten met hulp eens per twee weken",
    "youth_demarcation.strictness": "kans dat de criteria worden toegepast (strengheid)",
    "youth_demarcation.refused_route": "waar afgewezen jongeren heen gaan",
    "youth_demarcation.gp_compliance": "aandeel huisartsverwijzingen volgens de afspraken",
    "daycare_general.extra_places_per_1000": "extra plaatsen dagbesteding per 1.000 inwoners",
    "daycare_general.cost_per_place_month": "EUR subsidie per plaats per maand",
    "light_support.extra_places_per_1000": "extra plaatsen lichte ondersteuning per 1.000",
    "light_support.cost_per_place_month": "EUR per plaats per maand",
    "case_management.extra_fte_per_10000": "extra fte toegang per 10.000 inwoners",
    "case_management.intensity": "sterkte van de casusregie (0-1)",
    "case_management.fte_cost_year": "EUR per fte per jaar",
    "reassessment_drive.fte": "fte voor de herindicatie",
    "reassessment_drive.reviews_per_fte_month": "herbeoordelingen per fte per maand",
    "reassessment_drive.duration_months": "maanden dat de actie loopt",
    "reassessment_drive.fte_cost_year": "EUR per fte per jaar",
    "indication_length.mode": "duur van nieuwe Wmo-indicaties",
    "four_eyes.threshold_eur_month": "EUR per maand vanaf waar een tweede blik nodig is",
    "four_eyes.fte": "fte voor de tweede blik",
    "four_eyes.fte_cost_year": "EUR per fte per jaar",
    "funding_model.model": "bekostigingsmodel",
    "funding_model.domain": "welke producten",
    "funding_model.providers": "gecontracteerde aanbieders per product",
    "funding_model.admin_eur_per_provider_year": "EUR contractbeheer per aanbieder per jaar",
    "integrated_families.families": "huishoudens met een regisseur",
    "integrated_families.cost_per_family_year": "EUR per gezin per jaar",
    "voorveld.extra_places_per_1000": "extra plaatsen algemene voorzieningen per 1.000",
    "voorveld.reach": "kans dat een hulpvrager de juiste voorziening kent (bereik)",
    "voorveld.cost_per_place_month": "EUR subsidie per plaats per maand",
    "earlier_wlz.permanent_threshold": "behoefte die als blijvend geldt",
    "earlier_wlz.application": "kans per maand op overgang als de behoefte blijvend is",
    "contribution.regime": "vast abonnementstarief of inkomensafhankelijk",
    "contribution.flat_eur_month": "EUR per huishouden per maand",
    "contribution.income_rate_eur_hour": "EUR per uur voor de hoogste inkomens",
    "ageing.speed": "versnelling van de overlevingswinst op hoge leeftijd",
    "covid_shock.onset_factor": "vermenigvuldiging van nieuwe jeugdproblemen",
    "covid_shock.duration_months": "maanden dat de schok duurt",
    "tariff_growth.per_year": "tariefstijging per jaar (fractie)",
    "staff_shortage.availability": "aandeel plaatsen dat bemenst kan worden",
}
PARAM_EN: dict[str, str] = {
    "start_month": "start, months after the beginning of the horizon",
    "phase_in_months": "months to full strength",
}

CHOICES: dict[str, tuple[str, str]] = {
    "general": ("algemene voorziening", "general facility"),
    "light": ("lichte ondersteuning", "light support"),
    "none": ("niets", "nothing"),
    "short": ("kort (12 maanden)", "short (12 months)"),
    "long": ("lang (36 maanden)", "long (36 months)"),
    "indefinite": ("onbepaald, jaarlijkse opvolging", "indefinite, yearly follow-up"),
    "pxq": ("PxQ (prijs × aantal)", "PxQ (price × quantity)"),
    "lump_sum": ("lumpsum / budget", "lump sum / budget"),
    "population": ("populatiebekostiging", "population-based"),
    "result": ("resultaatbekostiging", "result-based"),
    "youth": ("jeugd", "youth"),
    "wmo": ("Wmo", "Wmo"),
    "all": ("alle", "all"),
    "flat": ("vast abonnementstarief", "flat fee (abonnementstarief)"),
    "income": ("inkomensafhankelijk", "income-dependent"),
}


def _index(lang: str) -> int:
    return 0 if lang == "nl" else 1


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
    """The plain-language explanation of a lever (the class docstring in English)."""
    if lang == "nl" and name in POLICY_NL:
        return POLICY_NL[name]
    doc = inspect.cleandoc(CATALOGUE[name].__doc__ or "")
    parts = doc.split("\n\n", 1)
    body = parts[1] if len(parts) > 1 else parts[0]
    text = " ".join(body.replace("Mechanism:", "").replace("``", "").split())
    return text[:1].upper() + text[1:]


def param_label(policy: str, key: str, lang: str) -> str:
    """What a policy parameter means, in the chosen language."""
    if lang == "nl":
        text = PARAM_NL.get(f"{policy}.{key}") or PARAM_NL.get(key)
        if text:
            return text
    elif key in PARAM_EN:
        return PARAM_EN[key]
    return CATALOGUE[policy].declared()[key].unit


def choice_label(value: str, lang: str) -> str:
    """A choice value (e.g. a funding model) in the chosen language."""
    pair = CHOICES.get(value)
    return value if pair is None else pair[_index(lang)]
