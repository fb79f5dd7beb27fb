"""Dutch and English labels for the what-if app.

English texts for policies come from the policy classes themselves (``label``, the
docstring, the parameters' ``unit``); Dutch ones are here, with the Dutch terms that
municipal staff use (*toegang*, *maatwerkvoorziening*, *algemene voorziening*,
*huishoudelijke hulp*, *POH-GGZ jeugd*, *wachtlijst*, *mantelzorg*). A missing Dutch
text falls back to English, so a new policy shows up before it is translated.
"""

from __future__ import annotations

import inspect
import math
from typing import TYPE_CHECKING

from model.params import Parameter
from model.policies import CATALOGUE
from model.results import OUTCOMES

if TYPE_CHECKING:
    from experiments.figures import Problem
    from viz.upload_check import FileProblem

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
    # named alternatives and the scenario picker (viz/alternatives*.py)
    "alt_picker": ("Scenario kiezen", "Choose a scenario"),
    "alt_picker_hint": (
        "Een klik zet de maatregelen zoals in het scenario; gemeente, periode en externe "
        "ontwikkelingen blijven zoals u ze koos.",
        "A click sets the measures as in the scenario; municipality, period and external "
        "developments stay as you chose them.",
    ),
    "alt_builtin": ("Ingebouwde scenario's", "Built-in scenarios"),
    "alt_saved_group": ("Uw alternatieven", "Your alternatives"),
    "alt_title": ("Alternatieven", "Alternatives"),
    "alt_hint": (
        "Bewaar de maatregelen die nu aan staan onder een naam (hooguit {n}) en vergelijk "
        "alle alternatieven in één keer met het basisscenario, met dezelfde toevalsgetallen.",
        "Keep the measures switched on now under a name (at most {n}) and compare all "
        "alternatives at once with the baseline, with the same random numbers.",
    ),
    "alt_name": ("Naam van het alternatief", "Name of the alternative"),
    "alt_default": ("Alternatief {letter}", "Alternative {letter}"),
    "alt_add": ("Bewaar als alternatief", "Save as alternative"),
    "alt_need_measure": (
        "Zet eerst een maatregel aan: zonder maatregelen is het het basisscenario.",
        "Switch a measure on first: without measures it is the baseline.",
    ),
    "alt_full": (
        "Er zijn al {n} alternatieven bewaard; verwijder er eerst een.",
        "{n} alternatives are kept already; remove one first.",
    ),
    "alt_name_taken": (
        "Er is al een alternatief met de naam {name}.",
        "An alternative named {name} exists already.",
    ),
    "alt_name_empty": ("Geef het alternatief een naam.", "Give the alternative a name."),
    "alt_none": ("Nog geen alternatief bewaard.", "No alternative kept yet."),
    "alt_rename": ("Naam", "Name"),
    "alt_compare": ("Vergelijk alternatieven ({n})", "Compare alternatives ({n})"),
    "alt_results_title": ("Alternatieven naast elkaar", "Alternatives side by side"),
    "alt_summary": (
        "Vanaf {start}, {years} jaar, {n} herhalingen met toevalsgetallen {seeds}: "
        "dezelfde voor het basisscenario en elk alternatief.",
        "From {start}, {years} years, {n} replicates with seeds {seeds}: the same for "
        "the baseline and every alternative.",
    ),
    "alt_indicator": ("Laatste jaar ({year})", "Final year ({year})"),
    "alt_table_note": (
        "Per alternatief het verschil met het basisscenario; eronder de marge waarbinnen "
        "het verschil met 90% zekerheid ligt, uit {n} herhalingen met gepaarde "
        "toevalsgetallen. Groen: zeker de goede kant op; rood: zeker de verkeerde kant op. "
        "Bedragen per jaar in prijzen van 2025.",
        "Per alternative the difference from the baseline; below it the range that holds "
        "the difference with 90% certainty, from {n} replicates with paired random "
        "numbers. Green: clearly the right way; red: clearly the wrong way. Amounts per "
        "year in 2025 prices.",
    ),
    "alt_no_interval": ("1 herhaling: geen marge", "1 replicate: no range"),
    "alt_interval": ("90%: {lo} tot {hi}", "90%: {lo} to {hi}"),
    "alt_chart_left": ("verschil met de basis per jaar", "difference from the baseline per year"),
    "alt_chart_right": ("Laatste jaar ({year})", "Final year ({year})"),
    "alt_axis_money": ("EUR mln per jaar (prijzen 2025)", "EUR M per year (2025 prices)"),
    "alt_axis_count": ("inwoners", "residents"),
    "alt_axis_weeks": ("weken", "weeks"),
    "alt_axis_score": ("welzijn (0-10)", "wellbeing (0-10)"),
    "alt_row_net_cost_eur": (
        "Netto kosten per jaar, incl. maatregelen",
        "Net cost per year, incl. the measures",
    ),
    "alt_row_tailored": (
        "Cliënten met maatwerk (Wmo en jeugdhulp)",
        "Clients with tailored care (Wmo and youth care)",
    ),
    "alt_row_users_general": (
        "Gebruikers algemene voorzieningen",
        "Users of general facilities",
    ),
    "alt_row_wait_weeks_access": (
        "Wachttijd melding tot beschikking (weken)",
        "Weeks from request to decision",
    ),
    "alt_row_unmet_need": ("Inwoners met onvervulde behoefte", "Residents with unmet need"),
    "alt_row_wellbeing_in_contact": (
        "Welzijn van inwoners in beeld (0-10)",
        "Wellbeing of residents in contact (0-10)",
    ),
    "alt_row_overburdened_carers": ("Overbelaste mantelzorgers", "Overburdened informal carers"),
    "scn_case_management_name": ("Casemanagement in de toegang", "Case management"),
    "scn_case_management_desc": (
        "4 extra fte in de toegang per ca. 44.000 inwoners, met actief casemanagement",
        "4 extra access-team FTE per about 44,000 residents, with active case management",
    ),
    "scn_contribution_income_name": (
        "Eigen bijdrage naar inkomen",
        "Income-dependent contribution",
    ),
    "scn_contribution_income_desc": (
        "Wmo-bijdrage naar inkomen in plaats van het vaste abonnementstarief",
        "Wmo contribution by income instead of the flat fee (abonnementstarief)",
    ),
    "scn_daycare_general_name": (
        "Dagbesteding als algemene voorziening",
        "Day activities as a general facility",
    ),
    "scn_daycare_general_desc": (
        "4 extra plaatsen per 1.000 inwoners in plaats van geïndiceerde dagbesteding",
        "4 extra places per 1,000 residents instead of indicated day care",
    ),
    "scn_front_door_name": ("Voordeurpakket", "Front-door package"),
    "scn_front_door_desc": (
        "POH-GGZ jeugd, normenkader huishoudelijke hulp en afbakening jeugdhulp samen",
        "POH-GGZ youth, the home-help norm framework and youth-care demarcation together",
    ),
    "scn_hh_norm_name": ("Normenkader huishoudelijke hulp", "Home-help norm framework"),
    "scn_hh_norm_desc": (
        "Voor nieuwe cliënten, 90-plussers uitgezonderd, ingevoerd in 6 maanden",
        "For new clients, residents aged 90+ exempt, phased in over 6 months",
    ),
    "scn_poh_ggz_name": ("POH-GGZ jeugd bij elke huisarts", "POH-GGZ youth at every GP"),
    "scn_poh_ggz_desc": (
        "0,3 fte per 10.000 inwoners in elke huisartsenpraktijk",
        "0.3 FTE per 10,000 residents at every GP practice",
    ),
    "scn_youth_demarcation_name": ("Afbakening jeugdhulp", "Youth-care demarcation"),
    "scn_youth_demarcation_desc": (
        "Jeugdhulp alleen volgens de criteria van de Commissie van Wijzen; anderen naar "
        "het jongerenwerk",
        "Youth care only on the Commissie van Wijzen criteria; others to youth work",
    ),
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
        "netto kosten per jaar incl. kosten van de maatregelen, prijspeil 2025",
        "net cost per year including the measures' cost, 2025 prices",
    ),
    "better": ("beter", "better"),
    "worse": ("slechter", "worse"),
    "same": ("geen duidelijk verschil", "no clear difference"),
    "too_few": ("nog geen oordeel", "no verdict yet"),
    "too_few_runs": (
        "nog te weinig doorrekeningen voor een oordeel",
        "too few runs for a verdict yet",
    ),
    "too_few_runs_sentence": (
        "Eén doorrekening heeft geen marge: een oordeel volgt vanaf 2 doorrekeningen.",
        "One run has no range: a verdict follows from 2 runs.",
    ),
    "too_few_arrows": (
        "Nog te weinig doorrekeningen voor een oordeel: de pijlen kleuren vanaf 2 doorrekeningen.",
        "Too few runs for a verdict yet: the arrows take their colour from 2 runs.",
    ),
    "runs_one": ("doorrekening", "run"),
    "runs_many": ("doorrekeningen", "runs"),
    "replicates_one": ("herhaling", "replicate"),
    "replicates_many": ("herhalingen", "replicates"),
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
        "Zorgaanbieders declareren hun zorg (Wmo en jeugd) met vertraging: de lijn van het "
        "gedeclareerde volgt de werkelijke zorguitgaven enkele maanden later. Stijgen de "
        "uitgaven, dan lijken de laatste maanden op het dashboard goedkoper dan ze zijn "
        "(dalen ze, dan duurder); de declaraties halen dat later in. De subsidies voor "
        "algemene voorzieningen worden niet gedeclareerd en staan niet in deze grafiek.",
        "Providers declare their care (Wmo and youth) late: the declared line follows the "
        "actual care spending a few months later. When spending rises, the most recent "
        "months look cheaper on the dashboard than they are (when it falls, dearer); the "
        "declarations catch up later. The general facilities' subsidies are not declared "
        "and are not in this chart.",
    ),
    "declared": ("Gedeclareerd (dashboard)", "Declared (dashboard)"),
    "true_spending": ("Werkelijke zorguitgaven", "Actual care spending"),
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
        "Een simulatiemodel: uitkomsten zijn verkenningen, geen voorspellingen. De bron "
        "of aanname van elke instelling staat onder de maatregel; de volledige lijst geeft "
        "het commando carescape params.",
        "A simulation model: results are explorations, not forecasts. The source or "
        "assumption of each setting is shown under its measure; the full list comes from "
        "the command carescape params.",
    ),
    "invalid_number": ("geen getal", "not a number"),
    "out_of_range": ("buiten bereik {lo} – {hi}", "out of range {lo} – {hi}"),
    "whole_number": ("moet een geheel getal zijn", "must be a whole number"),
    "on": ("aan", "on"),
    "language": ("Taal", "Language"),
    # the own-municipality fit (viz/fit.py)
    "figures_title": ("Eigen gemeente uit eigen cijfers", "Your own municipality from its figures"),
    "figures_hint": (
        "Vul het sjabloon in met de cijfers van uw gemeente (CBS en de Gemeentelijke "
        "Monitor Sociaal Domein; per cijfer staan eenheid en bron erbij) en laad het hier. "
        "Het model wordt dan op uw cijfers afgesteld.",
        "Fill in the template with your municipality's figures (CBS and the municipal "
        "social domain monitor; each figure names its unit and source) and upload it here. "
        "The model is then fitted to your figures.",
    ),
    "figures_upload": (
        "Cijferbestand (TOML of CSV, max. {kb} kB)",
        "Figures file (TOML or CSV, max. {kb} kB)",
    ),
    "figures_templates": ("Sjablonen", "Templates"),
    "template_toml": ("Leeg sjabloon (TOML)", "Empty template (TOML)"),
    "template_csv": ("Leeg sjabloon (CSV, Excel)", "Empty template (CSV, Excel)"),
    "example_figures": ("Voorbeeld: gemiddelde gemeente", "Example: the average municipality"),
    "figures_problem": (
        "1 probleem in de cijfers; er is niets gestart:",
        "1 problem in the figures; nothing was started:",
    ),
    "figures_problems": (
        "{n} problemen in de cijfers; er is niets gestart:",
        "{n} problems in the figures; nothing was started:",
    ),
    "figures_unreadable": (
        "Het cijferbestand kon niet worden gelezen: {error}",
        "The figures file could not be read: {error}",
    ),
    "figures_ok": (
        "{name}: {residents} inwoners, cijfers in orde",
        "{name}: {residents} residents, figures in order",
    ),
    "fit_trials": ("Proeven", "Trials"),
    # -- the district view (viz/districts.py) --
    "tab_districts": ("Per wijk", "By district"),
    "district_title": (
        "Wijken: gebruik, wachten en uitgaven",
        "Districts: use, waiting and spending",
    ),
    "district_hint": (
        "Jaar {year}, gemiddelde van {n} herhalingen. Zonder: zonder maatregelen; met: met de "
        "gekozen maatregelen; verschil: met min zonder.",
        "Year {year}, mean of {n} replicates. Without: no measures; with: the chosen "
        "measures; change: with minus without.",
    ),
    "district_col_name": ("Wijk", "District"),
    "district_col_residents": ("Inwoners", "Residents"),
    "district_numbered": ("Wijk {name}", "District {name}"),
    "district_total": ("Hele gemeente", "Whole municipality"),
    "district_tailored": ("Maatwerk per 1.000 inwoners", "Tailored care per 1,000 residents"),
    "district_general": (
        "Algemene voorziening of lichte steun per 1.000 inwoners",
        "General facility or light support per 1,000 residents",
    ),
    "district_waiting": ("Wachtenden", "Residents waiting"),
    "district_tailored_short": ("Maatwerk", "Tailored"),
    "district_general_short": ("Algemeen of licht", "General or light"),
    "district_spending_short": ("Uitgaven per inwoner", "Spending per resident"),
    "district_colour_by": ("Kleur naar", "Colour by"),
    "district_spending": ("Uitgaven per inwoner per jaar", "Spending per resident per year"),
    "district_without": ("zonder", "without"),
    "district_with": ("met", "with"),
    "district_diff": ("verschil", "change"),
    "district_money_note": (
        "Maatwerk: cliënten Wmo en jeugdhulp. Wachtenden: op een gesprek met het wijkteam of "
        "op de wachtlijst van een aanbieder. Uitgaven: "
        "maatwerk telt in de wijk van de cliënt naar de geleverde zorg, een algemene "
        "voorziening naar de wijken van haar gebruikers, het wijkteam in zijn eigen wijk en "
        "de kosten van de maatregelen naar inwonertal.",
        "Tailored: Wmo and youth care clients. Waiting: for an access-team assessment or on "
        "a provider's waiting list. Spending: tailored care "
        "counts in the client's district by the care delivered, a general facility in its "
        "users' districts, the access team in its own district, and the measures' cost by "
        "residents.",
    ),
    "district_map_title": ("Wijken in één oogopslag", "Districts at a glance"),
    "district_map_hint": (
        "Elke tegel is een wijk, gekleurd naar het verschil door de maatregelen. Uitgaven en "
        "wachten: groen is beter, rood is slechter. Gebruik: blauw is meer, oranje is minder. "
        "Grijs: geen duidelijk verschil (het interval bevat nul).",
        "Each tile is a district, coloured by the change the measures make. Spending and "
        "waiting: green is better, red is worse. Use: blue is more, orange is less. Grey: "
        "no clear change (the interval contains zero).",
    ),
    "district_spark": (
        "uitgaven per inwoner per jaar: grijs zonder, blauw met maatregelen",
        "spending per resident per year: grey without, blue with measures",
    ),
    "district_none": (
        "Deze doorrekening heeft geen cijfers per wijk.",
        "This run has no figures per district.",
    ),
    "fit_settings": (
        "{trials} proeven × {seeds} toevalsreeksen × {years} jaar op {residents} inwoners.",
        "{trials} trials × {seeds} seeds × {years} years at {residents} residents.",
    ),
    "fit_smaller": (
        "Uw gemeente heeft {own} inwoners; afstellen gebeurt op {fit} (de gedragsparameters "
        "zijn kansen per inwoner); het afgestelde profiel houdt {own} inwoners.",
        "Your municipality has {own} residents; the fit runs at {fit} (the behavioural "
        "parameters are rates per resident); the fitted profile keeps {own} residents.",
    ),
    "fit_estimate": ("Duurt naar schatting {time}.", "Takes about {time}."),
    "fit_start": ("Afstellen", "Fit"),
    "fit_cancel": ("Afbreken", "Cancel"),
    "fit_progress": (
        "proef {done} van {total} · beste verlies tot nu toe {best} · nog ca. {eta}",
        "trial {done} of {total} · best loss so far {best} · about {eta} left",
    ),
    "fit_starting": ("Eerste proef loopt…", "First trial running…"),
    "fit_stopping": (
        "Stopt na de lopende proef; de beste proef tot nu toe wordt bewaard.",
        "Stops after the running trial; the best trial so far is kept.",
    ),
    "fit_stopped": ("Afstellen afgebroken; niets bewaard.", "Fit cancelled; nothing kept."),
    "fit_done": (
        "{name} is afgesteld in {time} ({trials} proeven) en staat nu in de keuzelijst Gemeente.",
        "{name} was fitted in {time} ({trials} trials) and is now in the municipality list.",
    ),
    "fit_within": (
        "Eigen cijfers binnen de marge: {k} van {n}; verlies {loss}.",
        "Own figures within their band: {k} of {n}; loss {loss}.",
    ),
    "fit_download": (
        "Afgesteld profiel + doelcijfers (ZIP)",
        "Fitted profile + targets (ZIP)",
    ),
    "fitted_suffix": ("eigen cijfers", "own figures"),
    "minutes_seconds": ("{m} min {s} s", "{m} min {s} s"),
    # problems in a figures file (experiments.figures.Problem codes)
    "fp_unknown": (
        "{figure} = {value}: dit cijfer staat niet in het sjabloon{close}",
        "{figure} = {value}: not a figure of the template{close}",
    ),
    "fp_close": (" (bedoelt u {names}?)", " (did you mean {names}?)"),
    # exports and the council report (viz/spreadsheet.py, viz/report.py)
    "export_budget_csv": ("Begroting per jaar (CSV voor Excel)", "Yearly budget (CSV for Excel)"),
    "export_xlsx": ("Alle tabellen (Excel, .xlsx)", "All tables (Excel, .xlsx)"),
    "export_report": (
        "Raadsrapport (PDF en bewerkbare HTML, ZIP)",
        "Council report (PDF and editable HTML, ZIP)",
    ),
    "export_spreadsheet_note": (
        "Voor Excel: puntkomma's, decimale komma, kalenderjaren, Nederlandse kolomnamen met "
        "de technische namen in de tweede rij; bedragen in euro, prijspeil 2025. Het "
        "raadsrapport vat de doorrekening samen met grafieken, de begroting per IV3-regel, "
        "de aannames en wat nodig is om haar te herhalen.",
        "For spreadsheets: commas, decimal points, calendar years, English column names with "
        "the technical names in the second row; amounts in euros, 2025 prices. The council "
        "report sums up the run with charts, the budget by IV3 line, the assumptions and what "
        "it takes to repeat it.",
    ),
    "rp_title": (
        "Raadsinformatie: wat doen de maatregelen?",
        "Council briefing: what do the measures do?",
    ),
    "rp_question_title": ("De vraag", "The question"),
    "rp_question": (
        "Wat doen {measures} in {municipality} over {years} jaar ({first} – {last}), vergeleken "
        "met dezelfde gemeente zonder deze maatregelen?",
        "What do {measures} do in {municipality} over {years} years ({first} – {last}), compared "
        "with the same municipality without these measures?",
    ),
    "rp_and": ("en", "and"),
    "rp_place_default": (
        "een gemiddelde gemeente van ca. 45.000 inwoners",
        "an average municipality of about 45,000 residents",
    ),
    "rp_place_small": (
        "een kleine, landelijke gemeente van ca. 25.000 inwoners",
        "a small rural municipality of about 25,000 residents",
    ),
    "rp_place_city": (
        "een stad van ca. 160.000 inwoners",
        "a city of about 160,000 residents",
    ),
    "rp_settings_title": ("Gemeente en instellingen", "Municipality and settings"),
    "setting_yes": ("ja", "yes"),
    "setting_no": ("nee", "no"),
    "rp_headline_title": ("De uitkomst in het kort", "The outcome in short"),
    "rp_headline_app": (
        "Dezelfde kerncijfers als in de app; de marge is die van het gemiddelde (90%):",
        "The same headline numbers as in the app; the range is that of the mean (90%):",
    ),
    "rp_saving_mean": (
        "Gemiddeld over {runs}: netto {word} over {years} jaar van {amount} "
        "(prijspeil 2025), ofwel {per_year} per jaar.",
        "On average over {runs}: a net {word} over {years} years of {amount} (2025 "
        "prices), or {per_year} a year.",
    ),
    "rp_word_saving": ("besparing", "saving"),
    "rp_word_cost": ("meerkosten", "extra cost"),
    "rp_saving_interval": (
        "Met 90% zekerheid ligt dat gemiddelde tussen {range}. Dat zegt hoe "
        "nauwkeurig de {runs} doorrekeningen (met dezelfde toevalsgetallen voor beide "
        "varianten) het gemiddelde vastleggen; het is geen bandbreedte voor één afzonderlijke "
        "doorrekening.",
        "With 90% confidence that average lies between {range}. This says how "
        "precisely the {runs} runs (with the same random numbers for both variants) pin down "
        "the average; it is not the range of a single run.",
    ),
    "rp_saving_runs": (
        "In {k} van de {runs} doorrekeningen was er een besparing; de besparing per "
        "doorrekening lag tussen {range} over de hele looptijd (negatief = meerkosten).",
        "{k} of the {runs} runs saved money; the saving per run lay between {range} over the "
        "whole horizon (negative = extra cost).",
    ),
    "rp_saving_runs_wider": (
        "Eén doorrekening spreidt meer dan dat interval: in {k} van de {runs} doorrekeningen "
        "was er een besparing; de besparing per doorrekening lag tussen {range} over de hele "
        "looptijd (negatief = meerkosten).",
        "A single run spreads more than that interval: {k} of the {runs} runs saved money; "
        "the saving per run lay between {range} over the whole horizon (negative = extra "
        "cost).",
    ),
    "rp_arrows_title": ("De vier pijlen (VNG)", "The four arrows (VNG)"),
    "rp_arrows_intro": (
        "Scenario tegen basis in het laatste jaar. 'Beter' of 'slechter' alleen als het "
        "90%-interval van het verschil nul niet bevat en het verschil niet verwaarloosbaar is.",
        "Scenario against baseline in the final year. 'Better' or 'worse' only when the 90% "
        "interval of the difference excludes zero and the change is not negligible.",
    ),
    "rp_arrow": ("Pijl", "Arrow"),
    "rp_verdict": ("Oordeel", "Verdict"),
    "rp_what": ("Wat gemeten is", "What is measured"),
    "rp_charts_title": ("Belangrijkste grafieken", "Key charts"),
    "rp_contrib_title": ("Bijdrage per maatregel", "Contribution of each measure"),
    "rp_contrib_head": (
        "Netto kosten over de looptijd; negatief = besparing. 90%-interval tussen haakjes.",
        "Net cost over the horizon; negative = saving. 90% interval in brackets.",
    ),
    "rp_measure": ("Maatregel", "Measure"),
    "rp_contribution": ("Bijdrage", "Contribution"),
    "rp_budget_title": ("Begroting per jaar (IV3)", "Yearly budget (IV3)"),
    "rp_budget_intro": (
        "Bedragen in EUR mln per jaar, prijspeil 2025, gemiddeld over de doorrekeningen. "
        "Per regel: basis, met maatregelen en het verschil (negatief = besparing).",
        "Amounts in EUR million a year, 2025 prices, mean over the runs. Per line: "
        "baseline, with measures and the difference (negative = saving).",
    ),
    "rp_line": ("Taakveld", "Line"),
    "rp_variant_baseline": ("basis", "baseline"),
    "rp_variant_scenario": ("met maatregelen", "with measures"),
    "rp_variant_difference": ("verschil", "difference"),
    "rp_caveats_title": ("Aannames en kanttekeningen", "Assumptions and caveats"),
    "rp_caveat_explore": (
        "Dit is een simulatiemodel: de uitkomsten zijn verkenningen van wat een maatregel "
        "doet ten opzichte van niets doen, geen voorspelling van de begroting van deze gemeente.",
        "This is a simulation model: its results explore what a measure does compared with "
        "doing nothing, not a forecast of this municipality's budget.",
    ),
    "rp_caveat_calibrated": (
        "Het model is afgesteld op landelijke gemiddelden (CBS, Gemeentelijke Monitor Sociaal "
        "Domein), tenzij een eigen gemeenteprofiel is gebruikt; {assumed} van de {total} "
        "parameters zijn aannames zonder gepubliceerd cijfer.",
        "The model is calibrated to national averages (CBS, the municipal social domain "
        "monitor) unless an own municipality profile was used; {assumed} of its {total} "
        "parameters are assumptions with no published figure.",
    ),
    "rp_caveat_prices": (
        "Alle bedragen zijn in constante prijzen van 2025: loon- en prijsstijgingen en de "
        "indexatie door het Rijk zitten er niet in.",
        "All amounts are in constant 2025 prices: wage and price rises and the Rijk's "
        "indexation are not in them.",
    ),
    "rp_caveat_scope": (
        "Niet in het model: beschermd wonen en maatschappelijke opvang (IV3 6.81), de helft "
        "van 6.1 (opbouwwerk, vrijwilligerssteun, sociaal raadsliedenwerk, subsidies aan "
        "verenigingen), het bredere werk van de wijkteams naast casuswerk, participatie en "
        "schuldhulp, en de Wlz en Zvw buiten wat naar de gemeente terugstroomt.",
        "Not in the model: sheltered living and shelter (IV3 6.81), half of 6.1 (community "
        "work, volunteer support, social counselling, grants to associations), the district "
        "teams' wider work beside casework, participation and debt help, and the Wlz and Zvw "
        "beyond what flows back to the municipality.",
    ),
    "rp_caveat_quality": (
        "De pijl kwaliteit meet het welzijn (0-10) van inwoners in beeld; het model kent "
        "geen cliënttevredenheid.",
        "The quality arrow measures the wellbeing (0-10) of residents in contact; the model "
        "has no client satisfaction.",
    ),
    "rp_caveat_dashboard": (
        "Zorgaanbieders declareren hun zorg met vertraging: bij stijgende uitgaven lijken de "
        "laatste maanden op het dashboard van de gemeente goedkoper dan ze zijn, tot de "
        "declaraties dat inhalen; de tabellen hier tonen de werkelijke uitgaven.",
        "Providers declare their care late: when spending rises, the most recent months look "
        "cheaper on the municipality's dashboard than they are, until the declarations catch "
        "up; the tables here show actual spending.",
    ),
    "rp_caveat_runs": (
        "Beide varianten gebruiken per doorrekening dezelfde toevalsgetallen, zodat het "
        "verschil door de maatregelen komt en niet door toeval; met weinig doorrekeningen is "
        "de marge breder.",
        "Both variants use the same random numbers per run, so the difference comes from the "
        "measures, not chance; with few runs the margin is wider.",
    ),
    "rp_reproduce_title": ("Zelf herhalen", "Repeat it yourself"),
    "rp_reproduce": (
        "Gemaakt met carescape {version} op {date}, seeds {seeds}. Bewaar het scenario "
        "hieronder als scenario.toml en herhaal de doorrekening met:",
        "Made with carescape {version} on {date}, seeds {seeds}. Save the scenario below as "
        "scenario.toml and repeat the run with:",
    ),
    "rp_no_measures": ("geen maatregelen", "no measures"),
    "rp_page": ("pagina {n}", "page {n}"),
    "fp_text": (
        "{figure} = {value}: vul een naam in (tekst)",
        "{figure} = {value}: give a name (text)",
    ),
    "fp_not_number": (
        "{figure} = {value}: geen getal; toegestaan: een getal ≥ 0",
        "{figure} = {value}: not a number; allowed: a number ≥ 0",
    ),
    "fp_negative": (
        "{figure} = {value}: negatief; toegestaan: een getal ≥ 0",
        "{figure} = {value}: negative; allowed: a number ≥ 0",
    ),
    "fp_share_range": (
        "{figure} = {value}: een aandeel; toegestaan: 0 tot en met 1 (0,3 is 30%)",
        "{figure} = {value}: a share; allowed: 0 to 1 (0.3 is 30%)",
    ),
    "fp_percent_range": (
        "{figure} = {value}: een percentage; toegestaan: 0 tot en met 100",
        "{figure} = {value}: a percentage; allowed: 0 to 100",
    ),
    "fp_district_value": (
        "{figure} = {value}: de inwoners van een wijk; toegestaan: een getal ≥ 0",
        "{figure} = {value}: a district's residents; allowed: a number ≥ 0",
    ),
    "fp_missing": (
        "{figure} ontbreekt; [municipality] moet name en residents bevatten",
        "{figure} is missing; [municipality] needs name and residents",
    ),
    "fp_zero_residents": (
        "{figure} = 0; toegestaan: het aantal inwoners, meer dan 0",
        "{figure} = 0; allowed: the number of residents, more than 0",
    ),
    "fp_age_incomplete": (
        "leeftijdsgroepen onvolledig: vul ook {figure} in (of laat ze allemaal leeg)",
        "age bands incomplete: give also {figure} (or leave them all out)",
    ),
    "fp_age_sum": (
        "de leeftijdsgroepen ({figure}) tellen op tot {total}, niet tot "
        "municipality.residents = {residents}; toegestaan: hooguit 1% verschil",
        "the age bands ({figure}) add up to {total}, not municipality.residents = "
        "{residents}; allowed: within 1%",
    ),
    "fp_district_sum": (
        "de wijken ({figure}) tellen op tot {total}, niet tot municipality.residents = "
        "{residents}; toegestaan: hooguit 1% verschil",
        "the districts ({figure}) add up to {total}, not municipality.residents = "
        "{residents}; allowed: within 1%",
    ),
    "fp_single_over_total": (
        "{figure} = {value} is meer dan households.total = {total}; toegestaan: hooguit "
        "het totaal aantal huishoudens",
        "{figure} = {value} exceeds households.total = {total}; allowed: at most the "
        "households in total",
    ),
    "fp_hh_over_75": (
        "{figure} = {value} betekent {clients} cliënten huishoudelijke hulp, meer dan de "
        "{over_75} inwoners van 75 jaar en ouder; toegestaan: hooguit het aantal inwoners "
        "boven 75",
        "{figure} = {value} means {clients} home-help clients, more than the {over_75} "
        "residents over 75; allowed: at most the residents over 75",
    ),
    "fp_income_sum": (
        "{figure} = {value}; toegestaan: samen hooguit {limit}",
        "{figure} = {value}; allowed: together at most {limit}",
    ),
    "fp_derived": (
        "uit {figure} volgt een modelwaarde van {value}, buiten het toegestane bereik "
        "{low} – {high}; controleer deze cijfers",
        "{figure} give a model value of {value}, outside the allowed range {low} – {high}; "
        "check these figures",
    ),
    # a figures CSV of the wrong shape (experiments.figures.parse_csv), either template
    "fp_csv_header": (
        "de eerste regel moet de kopregel zijn met de kolommen sectie, sleutel, waarde, "
        "eenheid, bron, zoals in het sjabloon (Engelse koppen mogen ook); gevonden: {value}",
        "the first row must be the header with the columns section, key, value, unit, "
        "source, as in the template (Dutch headers work too); found: {value}",
    ),
    "fp_csv_empty": (
        "het bestand is leeg; de eerste regel moet de kopregel zijn met de kolommen sectie, "
        "sleutel, waarde, eenheid, bron, zoals in het sjabloon",
        "the file is empty; the first row must be the header with the columns section, key, "
        "value, unit, source, as in the template",
    ),
    "fp_csv_row": (
        "regel {row} heeft te weinig kolommen ({value}); elke regel heeft een sectie, een "
        "sleutel en een waarde, gescheiden door puntkomma's zoals in het sjabloon",
        "row {row} has too few columns ({value}); every row has a section, a key and a "
        "value, separated as in the template",
    ),
    "fp_csv_dots": (
        "regel {row}: {figure} = {value} is dubbelzinnig (duizendtallen of decimalen?); "
        "schrijf het getal zonder punt, of met een decimale komma",
        "row {row}: {figure} = {value} is ambiguous (thousands or decimals?); write the "
        "number without the dot, or with a decimal comma",
    ),
    "fp_csv_encoding": (
        "het bestand is geen UTF-8-tekst; sla het in Excel op als 'CSV UTF-8'",
        "the file is not UTF-8 text; save it from Excel as 'CSV UTF-8'",
    ),
    # problems of an uploaded profile or scenario file (viz.upload_check.FileProblem codes),
    # the run it blocks, and a run without measures
    "up_problem": (
        "1 probleem in {name}; herstel het bestand of verwijder de upload:",
        "1 problem in {name}; fix the file or remove the upload:",
    ),
    "up_problems": (
        "{n} problemen in {name}; herstel het bestand of verwijder de upload:",
        "{n} problems in {name}; fix the file or remove the upload:",
    ),
    "up_remove": ("Upload verwijderen", "Remove the upload"),
    "up_syntax": (
        "het bestand is geen geldige TOML: fout in regel {line}, kolom {column}",
        "the file is not valid TOML: error at line {line}, column {column}",
    ),
    "up_unreadable": (
        "het bestand kon niet worden gelezen; een {kind} is TOML-tekst in UTF-8",
        "the file could not be read; a {kind} is TOML text in UTF-8",
    ),
    "up_other": ("het bestand is afgekeurd: {error}", "the file was refused: {error}"),
    "up_unknown": (
        "{field} = {value}: deze instelling bestaat niet{close}",
        "{field} = {value}: no such setting{close}",
    ),
    "up_unknown_meta": (
        "{field} = {value}: niet toegestaan in [profile]; toegestaan: {allowed}",
        "{field} = {value}: not allowed in [profile]; allowed: {allowed}",
    ),
    "up_unknown_table": (
        "[{field}]: onbekend onderdeel; toegestaan: {allowed}",
        "[{field}]: unknown table; allowed: {allowed}",
    ),
    "up_unknown_head": (
        "{field} = {value}: onbekend; toegestaan in [scenario]: {allowed}",
        "{field} = {value}: unknown; allowed in [scenario]: {allowed}",
    ),
    "up_unknown_policies": (
        "{field}: onbekende maatregel{close}",
        "{field}: unknown measure{close}",
    ),
    "up_unknown_external": (
        "{field}: onbekende externe ontwikkeling{close}",
        "{field}: unknown external development{close}",
    ),
    "up_unknown_param": (
        "{field} = {value}: deze maatregel kent deze instelling niet{close}",
        "{field} = {value}: this measure has no such setting{close}",
    ),
    "up_close": (" (bedoelt u {names}?)", " (did you mean {names}?)"),
    "up_range": (
        "{field} = {value}: buiten bereik; toegestaan: {low} tot en met {high}",
        "{field} = {value}: out of range; allowed: {low} to {high}",
    ),
    "up_whole": (
        "{field} = {value}: geen geheel getal; toegestaan: een geheel getal van {low} tot "
        "en met {high}",
        "{field} = {value}: not a whole number; allowed: a whole number from {low} to {high}",
    ),
    "up_not_number": (
        "{field} = {value}: geen getal; toegestaan: een getal van {low} tot en met {high}",
        "{field} = {value}: not a number; allowed: a number from {low} to {high}",
    ),
    "up_choice": (
        "{field} = {value}: niet toegestaan; toegestaan: {choices}",
        "{field} = {value}: not allowed; allowed: {choices}",
    ),
    "up_text": (
        "{field} = {value}: geen tekst; zet de tekst tussen aanhalingstekens",
        "{field} = {value}: not text; put the text in quotes",
    ),
    "up_table": (
        "{field} = {value}: moet een tabel zijn ([{field}])",
        "{field} = {value}: must be a table ([{field}])",
    ),
    "up_place_shares": (
        "general.place_share_*: alle gewichten zijn 0; toegestaan: minstens één gewicht boven 0",
        "general.place_share_*: all weights are 0; allowed: at least one weight above 0",
    ),
    "up_below": (
        "{field} = {value}: moet lager zijn dan {other} = {limit}",
        "{field} = {value}: must be below {other} = {limit}",
    ),
    "up_sum_below": (
        "{field} = {value}: samen moeten ze onder {limit} blijven",
        "{field} = {value}: together they must stay below {limit}",
    ),
    "up_sum_at_most": (
        "{field} = {value}: samen hooguit {limit}",
        "{field} = {value}: together at most {limit}",
    ),
    "up_districts_table": (
        "{field} = {value}: moet een tabel zijn van wijknaam = inwoners, bijv. Centrum = 12000",
        "{field} = {value}: must be a table of district name = residents, e.g. Centrum = 12000",
    ),
    "up_district_size": (
        "{field} = {value}: de inwoners van een wijk; toegestaan: een getal boven 0",
        "{field} = {value}: a district's residents; allowed: a number above 0",
    ),
    "up_district_count": (
        "{field} noemt {value} wijken, maar population.districts = {count}; toegestaan: "
        "één regel per wijk",
        "{field} names {value} districts but population.districts = {count}; allowed: one "
        "entry per district",
    ),
    "up_preset_and_profile": (
        "scenario.preset en scenario.profile zijn allebei gegeven; toegestaan: één van beide",
        "scenario.preset and scenario.profile are both given; allowed: one of them",
    ),
    "up_preset": (
        "{field} = {value}: onbekende voorbeeldgemeente; toegestaan: {allowed}",
        "{field} = {value}: unknown built-in municipality; allowed: {allowed}",
    ),
    "up_start": (
        "{field} = {value}: geen maand; toegestaan: JJJJ-MM van {first}-01 tot en met {last}-12",
        "{field} = {value}: not a month; allowed: YYYY-MM from {first}-01 to {last}-12",
    ),
    "up_profile_first": (
        "dit scenario gebruikt het profiel {value}: laad eerst dat profiel",
        "this scenario uses the profile {value}: upload that profile first",
    ),
    "run_blocked_profile": (
        "Het geladen gemeenteprofiel is afgekeurd: herstel het bestand of verwijder de "
        "upload, dan kan er worden doorgerekend.",
        "The uploaded municipality profile was refused: fix the file or remove the upload, "
        "then the run can start.",
    ),
    "run_start_late": (
        "{names}: de start ligt na het einde van de looptijd; kies een eerdere start "
        "(Start en invoering) of meer jaren.",
        "{names}: the start lies after the end of the horizon; choose an earlier start "
        "(Start and phase-in) or more years.",
    ),
    "price_level": ("prijspeil {year}", "{year} prices"),
    "money_axis_year": ("EUR {unit} per jaar ({prices})", "EUR {unit} per year ({prices})"),
    "money_axis_total": ("EUR {unit} ({prices})", "EUR {unit} ({prices})"),
    "headline_range": (
        "het gemiddelde ligt met 90% zekerheid tussen {range}",
        "the mean lies between {range} with 90% confidence",
    ),
    "headline_per_year": (
        "gemiddeld {amount} per jaar, {prices}",
        "on average {amount} a year, {prices}",
    ),
    "chart_january": (
        "De kleine golven in dit aandeel (ook rond januari) zijn geen effect van beleid: "
        "plekken in algemene voorzieningen en lichte ondersteuning duren in het model een "
        "vaste tijd (6 en 4 maanden), zodat veel gebruikers tegelijk in- en uitstromen.",
        "The small waves in this share (around January too) are no policy effect: places "
        "in general facilities and light support last a fixed time in the model (6 and 4 "
        "months), so many users come and go together.",
    ),
    "run_no_measures": (
        "Zet eerst een maatregel aan: zonder maatregel is het scenario gelijk aan het "
        "basisscenario en is er niets te vergelijken.",
        "Switch a measure on first: without a measure the scenario equals the baseline and "
        "there is nothing to compare.",
    ),
    # the workshop (viz/workshop.py, viz/workshop_join.py)
    "to_workshop": ("Workshop: maand voor maand", "Workshop: month by month"),
    "ws_title": ("carescape · workshop", "carescape · workshop"),
    "ws_to_app": ("Wat-als-app", "What-if app"),
    "ws_join_at": ("Doe mee: {url} · code", "Join: {url} · code"),
    "ws_month_of": ("maand {m} van {n}", "month {m} of {n}"),
    "ws_not_started": ("nog niet gestart", "not started"),
    "ws_play": ("Afspelen", "Play"),
    "ws_pause": ("Pauze", "Pause"),
    "ws_step": ("+1 maand", "+1 month"),
    "ws_reveal": ("Onthullen", "Reveal"),
    "ws_rewind": ("Terug naar maand", "Back to month"),
    "ws_branch": ("Tak", "Branch"),
    "ws_keys": (
        "Toetsen: spatie = afspelen/pauze · → = één maand · ← = maand terug · R = onthullen",
        "Keys: space = play/pause · → = one month · ← = one month back · R = reveal",
    ),
    "ws_with": ("Met maatregelen", "With measures"),
    "ws_without": ("Zonder maatregelen", "Without measures"),
    "ws_on": ("aan", "on"),
    "ws_off": ("uit", "off"),
    "ws_no_measures": ("Nog geen maatregel aan", "No measure on yet"),
    "ws_more": ("meer", "more"),
    "ws_fewer": ("minder", "fewer"),
    "ws_same": ("evenveel", "the same number of"),
    "ws_than": ("dan zonder maatregelen", "than without measures"),
    "ws_as": ("als zonder maatregelen", "as without measures"),
    "ws_per_month": ("per maand", "a month"),
    "ws_money_more": ("meer", "more"),
    "ws_money_less": ("minder", "less"),
    "ws_before_switch": (
        "Zet een maatregel aan: het verschil met de gemeente zonder maatregelen verschijnt hier.",
        "Switch a measure on: the difference with the municipality without measures appears here.",
    ),
    "ws_with_value": ("met", "with"),
    "ws_without_value": ("zonder", "without"),
    "ws_panel_room": ("Zaal", "Room"),
    "ws_panel_measures": ("Maatregelen", "Measures"),
    "ws_panel_stories": ("Verhalen", "Stories"),
    "ws_panel_session": ("Sessie", "Session"),
    "ws_round": ("Vraag {i} van {n}", "Question {i} of {n}"),
    "ws_ask": ("Vraag stellen", "Ask the room"),
    "ws_next": ("Volgende vraag", "Next question"),
    "ws_answers": ("antwoorden", "answers"),
    "ws_answers_one": ("antwoord", "answer"),
    "ws_participants": ("deelnemers", "participants"),
    "ws_participants_one": ("deelnemer", "participant"),
    "ws_votes_n": ("stemmen", "votes"),
    "ws_votes_n_one": ("stem", "vote"),
    "ws_votes": ("Stemmen op maatregelen", "Votes for measures"),
    "ws_up": ("Meer", "More"),
    "ws_same_answer": ("Gelijk", "Same"),
    "ws_down": ("Minder", "Fewer"),
    "ws_outcome": ("Uitkomst van het model", "The model's outcome"),
    "ws_room_guessed": ("De zaal dacht", "The room guessed"),
    "ws_median": ("mediaan", "median"),
    "ws_runs_to": (
        "speelt tot maand {m}, dan onthullen",
        "plays to month {m}, then reveal",
    ),
    "ws_all_asked": ("Alle vragen van dit plan zijn gesteld.", "All questions of this plan asked."),
    "ws_plan": ("Sessieplan", "Session plan"),
    "ws_own_plan": ("Of: eigen sessieplan (TOML)", "Or: your own session plan (TOML)"),
    "ws_building": ("De gemeente wordt opgebouwd...", "Building the municipality..."),
    "ws_export": ("Sessie downloaden (ZIP)", "Download the session (ZIP)"),
    "ws_participant_n": ("deelnemer {n}", "participant {n}"),  # in the session ZIP's files
    "ws_timeline": ("Tijdlijn", "Timeline"),
    "ws_no_switches": ("Nog niets omgezet.", "Nothing switched yet."),
    "ws_month_short": ("maand", "month"),
    "ws_story_none": ("Nog geen maand gespeeld.", "No month played yet."),
    "ws_cost_all": (
        "Alle uitgaven incl. eigen formatie en maatregelen",
        "All spending incl. own staff and measures",
    ),
    "ws_eur_mln_month": ("EUR mln per maand", "EUR million a month"),
    "ws_residents_count": ("{n} inwoners", "{n} residents"),
    # the join page
    "ws_join_title": ("carescape · meedoen", "carescape · join"),
    "ws_join_code": ("Code van de workshop", "Workshop code"),
    "ws_join": ("Meedoen", "Join"),
    "ws_join_unknown": (
        "Code {code} is onbekend: kijk op het scherm van de begeleider.",
        "Code {code} is unknown: look at the facilitator's screen.",
    ),
    "ws_joined": ("Je doet mee aan: {title}", "You joined: {title}"),
    "ws_wait_question": ("Wacht op de volgende vraag...", "Waiting for the next question..."),
    "ws_your_guess": ("Jouw antwoord: {g}", "Your answer: {g}"),
    "ws_send": ("Versturen", "Send"),
    "ws_number_guess": ("Jouw schatting", "Your estimate"),
    "ws_vote_for": ("Welke maatregel wil jij?", "Which measure do you want?"),
    "ws_your_vote": ("Jouw stem: {m}", "Your vote: {m}"),
    # -- the sweep explorer (/sweeps, viz/sweep_explorer*.py) --------------------------------
    "sx_title": ("carescape · sweeps verkennen", "carescape · sweep explorer"),
    "sx_subtitle": (
        "Een sweep van het model: hoofdeffecten, contrasten en gevoeligheid",
        "A sweep of the model: main effects, contrasts and sensitivity",
    ),
    "sx_to_app": ("Naar de wat-als-app", "To the what-if app"),
    "to_sweeps": ("Sweeps verkennen", "Sweep explorer"),
    "sx_folder": ("Map van de sweep", "Sweep folder"),
    "sx_found": ("Gevonden sweeps", "Sweeps found"),
    "sx_none_found": (
        "Geen sweeps gevonden onder results/; typ het pad van een sweepmap.",
        "No sweeps found under results/; type the path of a sweep folder.",
    ),
    "sx_open": ("Openen", "Open"),
    "sx_output": ("Uitkomst", "Output"),
    "sx_factor": ("Factor", "Factor"),
    "sx_year": ("Jaar", "Year"),
    "sx_year_last": ("Laatste jaar", "Last year"),
    "sx_year_all": ("Gemiddelde van alle jaren", "Mean of all years"),
    "sx_year_n": ("Jaar {n}", "Year {n}"),
    "sx_about": (
        "{name}: {design}-ontwerp, ontwerppunten: {points}, varianten: {arms}, seeds per punt: "
        "{seeds}, jaren: {years}; {done} van {total} runs klaar.",
        "{name}: {design} design, design points: {points}, arms: {arms}, seeds per point: "
        "{seeds}, years: {years}; {done} of {total} runs done.",
    ),
    "sx_missing_runs": (
        "{missing} van de {total} runs van {folder} ontbreken nog of zijn mislukt; de cijfers "
        "rusten op de runs die klaar zijn. Start carescape sweep opnieuw om ze af te maken.",
        "{missing} of the {total} runs of {folder} are still missing or failed; the figures "
        "rest on the finished runs. Run carescape sweep again to finish them.",
    ),
    "sx_main_effects": ("Hoofdeffecten", "Main effects"),
    "sx_main_effects_note": (
        "Per waarde van de factor het gemiddelde over de andere factoren, met het 90%-interval "
        "van het gemiddelde over de herhalingen (seeds). Eén lijn per variant.",
        "Per value of the factor the mean over the other factors, with the 90% interval of "
        "the mean over the replicates (seeds). One line per arm.",
    ),
    "sx_binned_note": (
        "Deze factor heeft veel waarden: de punten zijn kwantielklassen van de ontwerppunten.",
        "This factor has many values: the points are quantile bins of the design points.",
    ),
    "sx_contrasts": ("Contrasten tussen varianten", "Contrasts between arms"),
    "sx_contrasts_note": (
        "Elke variant min {reference}, per seed gepaard (dezelfde seeds in elke variant), met "
        "het 90%-interval van het gemiddelde verschil.",
        "Each arm minus {reference}, paired by seed (the same seeds in every arm), with the "
        "90% interval of the mean difference.",
    ),
    "sx_no_arms": (
        "Deze sweep heeft geen varianten (arms): er is niets om te contrasteren.",
        "This sweep has no arms: there is nothing to contrast.",
    ),
    "sx_sensitivity": ("Gevoeligheid", "Sensitivity"),
    "sx_no_sensitivity": (
        "Een {design}-ontwerp geeft geen Sobol- of Morris-indices; de hoofdeffecten gelden.",
        "A {design} design gives no Sobol or Morris indices; the main effects apply.",
    ),
    "sx_morris_note": (
        "Morris: mu* is het gemiddelde absolute effect van een factor over zijn hele bereik "
        "(met 95%-interval), sigma hoe sterk dat effect afhangt van de andere factoren.",
        "Morris: mu* is the mean absolute effect of a factor over its whole range (with 95% "
        "interval), sigma how much that effect depends on the other factors.",
    ),
    "sx_sobol_note": (
        "Sobol: S1 is het deel van de variantie dat de factor alleen verklaart, ST het deel "
        "met zijn samenspel met andere factoren (met 95%-interval).",
        "Sobol: S1 is the share of the variance the factor explains alone, ST the share "
        "including its interplay with other factors (with 95% interval).",
    ),
    "sx_diagnostics": ("Waarschuwingen", "Warnings"),
    "sx_no_warnings": (
        "Geen waarschuwingen: de herhalingen verschillen minder dan de ontwerppunten.",
        "No warnings: the replicates differ less than the design points do.",
    ),
    "sx_noise_warning": (
        "{share}% van de spreiding komt van het toeval (de seeds), meer dan de helft: de "
        "herhalingen van één ontwerppunt verschillen meer dan de punten. Lees de effecten "
        "pas na meer herhalingen of meer inwoners per run.",
        "{share}% of the spread comes from chance (the seeds), more than half: the replicates "
        "of one design point differ more than the points do. Read the effects only after "
        "more replicates or more residents per run.",
    ),
    "sx_noise_share": (
        "Aandeel toeval (seeds) in de spreiding: {share}%",
        "Share of chance (seeds) in the spread: {share}%",
    ),
    "sx_diag_too_few": (
        "Te weinig steekproeven: bij N = {n} zijn de intervallen tot ±{width} breed; ongeveer "
        "N = {needed} maakt ze smal genoeg.",
        "Too few samples: at N = {n} the intervals are up to ±{width} wide; about N = "
        "{needed} would make them narrow enough.",
    ),
    "sx_diag_not_converged": (
        "Niet stabiel: de indices verschuiven tot {shift} tussen N = {half} en N = {n}; "
        "verhoog N tot ze niet meer bewegen.",
        "Not stable: the indices move by up to {shift} between N = {half} and N = {n}; raise "
        "N until they stop moving.",
    ),
    "sx_diag_too_small": (
        "N = {n} is te klein om de stabiliteit te controleren.",
        "N = {n} is too small to check stability.",
    ),
    "sx_diag_implausible": (
        "Onmogelijke indices voor {factor} (buiten 0-1 of ST onder S1): te weinig steekproeven.",
        "Impossible indices for {factor} (outside 0-1 or ST below S1): too few samples.",
    ),
    "sx_diag_sum_above": (
        "De S1-indices tellen op tot {total}, meer dan 1: te weinig steekproeven.",
        "The S1 indices add up to {total}, more than 1: too few samples.",
    ),
    "sx_diag_no_conf": (
        "De intervallen van de indices konden niet worden geschat.",
        "The intervals of the indices could not be estimated.",
    ),
    "sx_diag_numerical": (
        "De Sobol-schatter gaf een numerieke waarschuwing (bijvoorbeeld een uitkomst zonder "
        "spreiding).",
        "The Sobol estimator gave a numerical warning (for example an output that does not vary).",
    ),
    "sx_diag_points_missing": (
        "{count} ontwerppunten hebben nog geen afgeronde run, dus er zijn nog geen indices; "
        "start carescape sweep opnieuw om de sweep af te maken.",
        "{count} design points have no finished run yet, so there are no indices yet; run "
        "carescape sweep again to finish the sweep.",
    ),
    "sx_diag_no_indices": (
        "Dit ontwerp geeft geen Sobol- of Morris-indices.",
        "This design gives no Sobol or Morris indices.",
    ),
    "sx_arm": ("Variant", "Arm"),
    "sx_all_runs": ("alle runs", "all runs"),
    "sx_level": ("Waarde", "Value"),
    "sx_mean": ("Gemiddelde", "Mean"),
    "sx_interval": ("90%-interval", "90% interval"),
    "sx_difference": ("Verschil", "Difference"),
    "sx_difference_of": ("Verschil: {name}", "Difference: {name}"),
    "sx_replicates": ("n", "n"),
    "sx_index": ("Index", "Index"),
    "sx_value": ("Waarde", "Value"),
    "sx_conf": ("95%-interval ±", "95% interval ±"),
    "sx_on": ("aan", "on"),
    "sx_off": ("uit", "off"),
    "sx_bin_around": ("rond {value}", "around {value}"),
    "sx_vs": ("min", "minus"),
    "sx_mu_star": ("mu* (gemiddeld absoluut effect)", "mu* (mean absolute effect)"),
    "sx_sigma": ("sigma (afhankelijk van andere factoren)", "sigma (depends on other factors)"),
    "sx_s1": ("S1 (alleen deze factor)", "S1 (this factor alone)"),
    "sx_st": ("ST (inclusief samenspel)", "ST (including interplay)"),
    "sx_sobol_axis": ("Sobol-index (deel van de variantie)", "Sobol index (share of the variance)"),
    "sx_morris_axis": (
        "effect over het bereik van de factor ({unit})",
        "effect over the factor's range ({unit})",
    ),
    "sx_loading": ("De sweep wordt gelezen...", "Reading the sweep..."),
    "sx_figure_download": (
        "Figuur van carescape analyze (SVG, Engels)",
        "Figure of carescape analyze (SVG, English)",
    ),
    "sx_err_empty": (
        "Kies een sweep of typ het pad van een sweepmap.",
        "Choose a sweep or type the path of a sweep folder.",
    ),
    "sx_err_no_folder": (
        "De map {folder} bestaat niet.",
        "The folder {folder} does not exist.",
    ),
    "sx_err_not_sweep": (
        "{folder} is geen sweepmap: sweep.json ontbreekt. Maak een sweep met carescape sweep.",
        "{folder} is not a sweep folder: sweep.json is missing. Make one with carescape sweep.",
    ),
    "sx_err_no_design": (
        "{folder} is onvolledig: design.parquet ontbreekt. Start carescape sweep opnieuw.",
        "{folder} is incomplete: design.parquet is missing. Run carescape sweep again.",
    ),
    "sx_err_no_runs": (
        "{folder} heeft nog geen afgeronde run (0 van {total}); start carescape sweep of "
        "wacht tot de eerste runs klaar zijn.",
        "{folder} has no finished run yet (0 of {total}); run carescape sweep or wait for "
        "the first runs to finish.",
    ),
    "sx_err_unreadable": (
        "{folder} kan niet worden gelezen: {error}",
        "{folder} cannot be read: {error}",
    ),
    "sx_err_failed": (
        "Deze uitkomst van {folder} kan niet worden getoond: {error}",
        "This output of {folder} cannot be shown: {error}",
    ),
}

# The big gap number's noun per workshop indicator: "42 fewer <noun> than without measures".
GAP_NOUN: dict[str, tuple[str, str]] = {
    "waiting_access": ("inwoners wachtend op de toegang", "residents waiting for the access team"),
    "clients_youth": ("jongeren in jeugdhulp (maatwerk)", "youths in tailored youth care"),
    "clients_wmo": ("inwoners met Wmo-maatwerk", "residents with tailored Wmo care"),
    "unmet_need": ("inwoners met onvervulde behoefte", "residents with unmet need"),
    "users_general": ("gebruikers van algemene voorzieningen", "users of general facilities"),
    "overburdened_carers": ("overbelaste mantelzorgers", "overburdened carers"),
    "waiting_youth": ("jongeren op de wachtlijst", "youths on the waiting list"),
    "spend_youth_eur": ("uitgaven aan jeugdhulp", "youth-care spending"),
    "spend_wmo_eur": ("uitgaven aan de Wmo", "Wmo spending"),
    "cost_all_eur": ("uitgaven in totaal", "spending in total"),
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
    # The rest of the results schema (model/results.py), so every sweep output reads Dutch.
    "residents": "Inwoners",
    "youth_residents": "Inwoners van 0-17 jaar",
    "residents_65_plus": "Inwoners van 65 jaar en ouder",
    "residents_75_84": "Inwoners van 75-84 jaar",
    "clients_hh_75_84": "Cliënten huishoudelijke hulp van 75-84 jaar",
    "residents_85_plus": "Inwoners van 85 jaar en ouder",
    "clients_hh_85_plus": "Cliënten huishoudelijke hulp van 85 jaar en ouder",
    "clients_aids": "Cliënten hulpmiddelen en woningaanpassingen",
    "clients_youth_ambulant": "Jeugdigen in ambulante jeugdhulp",
    "clients_youth_residential": "Jeugdigen in jeugdhulp met verblijf",
    "users_wash_iron": "Gebruikers algemene voorzieningen: was- en strijkservice",
    "users_community_centre": "Gebruikers algemene voorzieningen: buurthuis",
    "users_day_activities": "Gebruikers algemene voorzieningen: algemene dagbesteding",
    "users_youth_work": "Gebruikers algemene voorzieningen: jongerenwerk en inloop",
    "users_carer_support": "Gebruikers algemene voorzieningen: mantelzorgondersteuning",
    "outflow_tailored": "Uitstroom maatwerk",
    "access_requests": "Meldingen bij de toegang",
    "access_assessed": "Beschikkingen van de toegang",
    "access_decided_late": "Beschikkingen na de wettelijke termijn van 8 weken",
    "access_wait_weeks": "Weken van melding tot beschikking (opgeteld)",
    "access_time_capacity": "Tijd van de toegang: capaciteit voor casuswerk",
    "access_time_light": "Tijd van de toegang: eigen lichte ondersteuning",
    "access_time_assessments": "Tijd van de toegang: keukentafelgesprekken",
    "access_time_reviews": "Tijd van de toegang: herindicaties",
    "renewed_unreviewed": "Verlopen indicaties verlengd zonder herindicatie",
    "access_pressure": "Werkdruk van de toegang (0-1)",
    "waiting_providers_hh": "Wachtend op een aanbieder huishoudelijke hulp na de beschikking",
    "hh_starts": "Starts huishoudelijke hulp bij een aanbieder",
    "hh_start_wait_months": "Maanden van beschikking tot start huishoudelijke hulp (opgeteld)",
    "waiting_youth_ambulant": "Jeugdigen wachtend op ambulante jeugdhulp of jeugd-GGZ",
    "youth_starts": "Starts jeugdhulp bij een aanbieder",
    "youth_start_wait_months": "Maanden van verwijzing tot start jeugdhulp (opgeteld)",
    "spend_iv3_61_eur": "Uitgaven IV3 6.1 Samenkracht en burgerparticipatie (deel in het model)",
    "spend_iv3_62_eur": "Uitgaven IV3 6.2 Toegang en eerstelijnsvoorzieningen (huidige formatie)",
    "spend_iv3_66_eur": (
        "Uitgaven IV3 6.6 Maatwerkvoorzieningen (Wmo): hulpmiddelen en woningaanpassingen"
    ),
    "spend_iv3_671_eur": (
        "Uitgaven IV3 6.71 Maatwerkdienstverlening 18+ (huishoudelijke hulp, begeleiding, "
        "dagbesteding)"
    ),
    "spend_iv3_672_eur": "Uitgaven IV3 6.72 Maatwerkdienstverlening 18- (ambulant, jeugd-GGZ)",
    "spend_iv3_682_eur": "Uitgaven IV3 6.82 Geëscaleerde zorg 18- (jeugdhulp met verblijf)",
    "budget_total_eur": "Budget (Wmo en jeugdhulp)",
    "youth_referrals_access": "Nieuwe jeugdhulptrajecten via de gemeentelijke toegang",
    "youth_referrals_other": "Nieuwe jeugdhulptrajecten via andere verwijzers",
    "youth_referrals_none": "Nieuwe jeugdhulptrajecten zonder verwijzer",
    "youth_referrals_gi": "Nieuwe jeugdhulptrajecten via een gecertificeerde instelling",
    "youth_referrals_specialist": "Nieuwe jeugdhulptrajecten via een medisch specialist",
    "youth_ended": "Beëindigde jeugdhulptrajecten",
    "youth_ended_under_3m": "Beëindigde jeugdhulptrajecten korter dan 3 maanden",
    "youth_ended_over_12m": "Beëindigde jeugdhulptrajecten langer dan 1 jaar",
    "poh_seen": "Jongeren gezien door de POH-GGZ jeugd",
    "reviews": "Herindicaties van lopende indicaties",
    "wlz_moves": "Inwoners die naar de Wlz gaan",
    "wlz_moves_wmo": "Wmo-cliënten die naar de Wlz gaan",
    "deaths": "Overlijdens",
    "births": "Geboorten",
    "informal_carers": "Mantelzorgers (16+)",
    "carer_breakdowns": "Uitgevallen mantelzorgers",
    "clients_hh_income_low": "Cliënten huishoudelijke hulp, laag inkomen",
    "clients_hh_income_mid": "Cliënten huishoudelijke hulp, middeninkomen",
    "clients_hh_income_high": "Cliënten huishoudelijke hulp, hoog inkomen",
    "wellbeing_with_need": "Gemiddeld welzijn van inwoners met een behoefte (0-10)",
    "youth_protection_measures": (
        "Jeugdhulptrajecten met een beschermingsmaatregel (via een gecertificeerde instelling)"
    ),
    "residents_16_plus": "Inwoners van 16 jaar en ouder",
    "residents_80_plus": "Inwoners van 80 jaar en ouder",
    "residents_u23": "Inwoners van 0-22 jaar",
    "youth_users_year_u18": "Jongeren onder 18 met jeugdhulp, tot nu toe dit kalenderjaar",
    "youth_users_year_u23": "Jongeren onder 23 met jeugdhulp, tot nu toe dit kalenderjaar",
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
    "assessment-equivalents": "tijd in keukentafelgesprekken",
    "indications": "indicaties",
    "months": "maanden",
    "reviews": "herindicaties",
}


# The units of the figures (experiments.figures.FIGURES), in Dutch.
FIGURE_UNIT_NL = {
    "% of ended trajectories": "% van de beëindigde trajecten",
    "% of residents 75-84": "% van de inwoners van 75-84",
    "% of residents 85+": "% van de inwoners van 85+",
    "% of trajectories": "% van de trajecten",
    "% of under-18s": "% van de jongeren onder 18",
    "% of under-23s": "% van de jongeren onder 23",
    "EUR subsidy/year": "euro subsidie per jaar",
    "EUR/inhabitant/year (2025 prices)": "euro per inwoner per jaar (prijzen 2025)",
    "EUR/resident/year": "euro per inwoner per jaar",
    "FTE of the access teams": "fte van de toegangsteams",
    "GP practices": "huisartsenpraktijken",
    "households": "huishoudens",
    "per 1,000 residents": "per 1.000 inwoners",
    "places in general facilities": "plaatsen in algemene voorzieningen",
    "residents on 1 January": "inwoners op 1 januari",
    "residents": "inwoners",
    "share of households (0-1)": "aandeel van de huishoudens (0-1)",
    "single-person households": "eenpersoonshuishoudens",
    "text": "tekst",
    "weeks": "weken",
}


def _index(lang: str) -> int:
    return 0 if lang == "nl" else 1


def number(value: float, lang: str, digits: int = 0, signed: bool = False) -> str:
    """A number with Dutch or English separators; what rounds to zero is 0, never -0.

    ``signed`` writes a difference: ``+35`` and ``-0,4`` (zero stays unsigned).
    """
    if round(value, digits) == 0:
        value = 0.0
    text = f"{value:{'+' if signed and value else ''},.{digits}f}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def millions(value: float, lang: str) -> str:
    """A count in millions the way each language writes it: ``500 mln`` / ``500 m``.

    Below ten million one decimal is kept (``2,5 mln``), so a small run does not read 0.
    """
    digits = 1 if abs(value) < 1e7 else 0
    return f"{number(value / 1e6, lang, digits)} {'mln' if lang == 'nl' else 'm'}"


def money_mln(value: float, lang: str, signed: bool = False) -> str:
    """Euros in millions, the one money format of every page: ``EUR 1,2 mln`` / ``EUR 1.2 M``.

    One decimal from a million up, two below (so EUR 0,45 mln does not read 0,5);
    ``signed`` writes a difference (``EUR +1,2 mln``).
    """
    digits = 1 if abs(value) >= 1e6 else 2
    return f"EUR {number(value / 1e6, lang, digits, signed)} {'mln' if lang == 'nl' else 'M'}"


def gap_text(indicator: str, baseline: float, scenario: float, lang: str) -> tuple[str, str]:
    """The big gap number and its sentence: ('42', 'fewer youths ... than without measures')."""
    noun = GAP_NOUN[indicator][_index(lang)]
    gap = scenario - baseline
    if indicator.endswith("_eur"):
        big = money_mln(abs(gap), lang)
        word = t("ws_money_more" if gap > 0 else "ws_money_less", lang)
        if abs(gap) < 500:  # under EUR 500 a month: no difference worth a number
            same = "dezelfde" if lang == "nl" else "the same"
            return "EUR 0", f"{t('ws_per_month', lang)}: {same} {noun} {t('ws_as', lang)}"
        return big, f"{t('ws_per_month', lang)} {word} {noun} {t('ws_than', lang)}"
    count = round(abs(gap))
    if count == 0:
        return "0", f"{t('ws_same', lang)} {noun} {t('ws_as', lang)}"
    word = t("ws_more" if gap > 0 else "ws_fewer", lang)
    return number(count, lang), f"{word} {noun} {t('ws_than', lang)}"


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
    if lang == "en" and cls.mechanism_en:
        return cls.mechanism_en
    doc = inspect.cleandoc(cls.__doc__ or "")
    parts = doc.split("\n\n", 1)
    body = parts[1] if len(parts) > 1 else parts[0]
    text = " ".join(body.replace("Mechanism:", "").replace("``", "").split())
    return text[:1].upper() + text[1:]


def param_label(policy: str, key: str, lang: str) -> str:
    """What a lever parameter means, in the chosen language (its declaration's label).

    The English label is the declaration's unit; a switch's ``(1 = yes)`` tells file
    writers how to spell it and is left off the checkbox that shows it.
    """
    spec = CATALOGUE[policy].declared()[key]
    if lang == "nl" and spec.label_nl:
        return spec.label_nl
    return spec.unit.replace(" (1 = yes)", "")


def param_source(spec: Parameter, lang: str) -> str:
    """Where a lever parameter's value comes from, written for people, in the language."""
    return spec.source_nl if lang == "nl" and spec.source_nl else spec.source


def sources_text(specs: list[Parameter], lang: str) -> str:
    """A measure's sources as one line: each distinct source once, in declaration order."""
    seen = dict.fromkeys(param_source(s, lang) for s in specs)
    return "; ".join(seen)


def allowed_range(spec: Parameter, lang: str) -> str:
    """What a field accepts, in the language: ``buiten bereik 0 – 1`` (no parameter names)."""
    digits = 0 if isinstance(spec.default, int) or float(spec.low).is_integer() else 2
    low = number(spec.low, lang, digits)
    high = number(spec.high, lang, 0 if float(spec.high).is_integer() else 2)
    return t("out_of_range", lang, lo=low, hi=high)


def choice_label(spec: Parameter, value: str, lang: str) -> str:
    """A choice of a lever parameter (e.g. a funding model) in the chosen language."""
    pair = (spec.choice_labels or {}).get(value)
    return value if pair is None else pair[_index(lang)]


def figure_value(value: object, lang: str) -> str:
    """A value from a figures file as the page shows it (Dutch separators in Dutch)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return repr(value) if isinstance(value, str) else str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return number(value, lang)
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def count(n: int, one: str, many: str, lang: str) -> str:
    """A count with its noun in the singular or plural (TEXT keys): "1 herhaling", "2 stemmen".

    A projector or report showing "1 herhalingen" or "stem(men)" reads as a placeholder left in.
    """
    return f"{number(n, lang)} {t(one if n == 1 else many, lang)}"


def figure_name(name: str, lang: str) -> str:
    """A figure as the template names it (``section.key``) with its unit, in the language."""
    from experiments.figures import BY_NAME

    unit = BY_NAME[name].unit if name in BY_NAME else ""
    if name.startswith("districts.") and not name.endswith("*"):
        unit = "residents"
    if not unit:
        return name
    return f"{name} ({FIGURE_UNIT_NL.get(unit, unit) if lang == 'nl' else unit})"


def figure_problem(problem: Problem, lang: str) -> str:
    """One problem of a figures file: the figure, the value and what is allowed."""
    values = {k: figure_value(v, lang) for k, v in problem.details.items() if k != "close"}
    close = problem.details.get("close") or ()
    return t(
        f"fp_{problem.code}",
        lang,
        figure=figure_name(problem.figure, lang),
        value=figure_value(problem.value, lang),
        close=t("fp_close", lang, names=", ".join(close)) if close else "",
        **values,
    )


def _file_value(value: object, lang: str) -> str:
    if isinstance(value, list | tuple):  # the allowed names: plain, as they are typed
        return ", ".join(v if isinstance(v, str) else _file_value(v, lang) for v in value)
    return figure_value(value, lang)


def file_problem(problem: FileProblem, lang: str) -> str:
    """One problem of an uploaded profile or scenario: the field, the value, what is allowed."""
    details = dict(problem.details)
    close = details.pop("close", None)
    years = details.pop("years", None)
    values = {k: _file_value(v, lang) for k, v in details.items()}
    if years:
        values.update(first=str(years[0]), last=str(years[1]))
    return t(
        f"up_{problem.code}",
        lang,
        field=problem.field,
        value=_file_value(problem.value, lang),
        close=t("up_close", lang, names=", ".join(close)) if close else "",
        **values,
    )
