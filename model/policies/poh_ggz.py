"""POH-GGZ jeugd: a mental-health practice nurse for youths at the GP."""

from __future__ import annotations

from model.context import Context
from model.policies.base import Policy, param


class PohGgz(Policy):
    """POH-GGZ jeugd: a mental-health practice nurse for youths at the GP.

    Mechanism (BRIEF pattern 3, substitution with a leak):

    * Substitution: covered practices get POH capacity (FTE x cases per FTE); youths
      who come to the GP are seen by the POH while capacity lasts, and a share is
      helped without referral (by severity; about 41% of youths seen, multi-site study
      2017-2019, jeugdhulpbijdehuisarts.nl); the rest are referred as the GP would.
      Helped youths' problems halve (early light help).
    * Leak: a practice with a POH lowers the severity from which families seek help
      (``threshold_drop``) - families know the practice has one, not whether its
      agenda is full, so the lower threshold holds all month. Youths who come only
      because of it take POH places from youths who would have been referred (those
      then see the GP alone and are referred as before), and whom the POH does not
      help, or cannot see, the GP refers too, with a chance that scales with their
      severity up to the usual threshold (a GP who sees more youths refers more; the
      POH also detects problems). So the net effect on tailored youth care can be
      much smaller than the share helped suggests, or vanish: CPB (2020, Wijkteams en
      praktijkondersteuners in de jeugdzorg; 221 municipalities, CBS 2011-2018) found
      no significant change in youth care use from funding POHs.

    Measured (12,000 residents, 5 years, seeds 1-3, coverage 1, mean youth clients
    in years 3-5 against no POH): threshold_drop 0 -> -3.9%; 0.05 (default) -> -1.3%;
    0.1 -> -0.2%; 0.15 and above -> +0.7% (from 0.15 every youth problem, severity >=
    0.05, is above the lowered threshold: the top of the range shows the
    national null result). Cost: municipal co-financing per FTE.
    """

    name = "poh_ggz"
    rank = 1
    label = "POH-GGZ youth at GP practices"
    dutch = "POH-GGZ jeugd bij de huisarts"
    mechanism_nl = (
        "Huisartspraktijken krijgen een POH-GGZ jeugd (fte × casussen per fte). Jongeren "
        "die bij de huisarts komen, ziet de POH zolang er ruimte is; een deel wordt zonder "
        "verwijzing geholpen, de rest verwezen. De POH verlaagt ook de drempel: jongeren "
        "met lichtere problemen die anders niet kwamen, komen nu wel; wie de POH niet helpt of "
        "niet kan zien, verwijst de huisarts deels alsnog. Zo wordt een deel van de besparing, "
        "of alles, weer opgegeten. Kosten: gemeentelijke cofinanciering per fte."
    )
    mechanism_en = (
        "GP practices get a youth mental-health practice nurse (POH-GGZ jeugd; FTE × cases per "
        "FTE). Youths who come to the GP are seen by the POH while there is room; a share is "
        "helped without referral, the rest referred. The POH also lowers the threshold: youths "
        "with lighter problems who would not have come now do; whom the POH does not help or "
        "cannot see, the GP partly refers after all. So part of the saving, or all of it, is "
        "eaten up again. Cost: municipal co-financing per FTE."
    )
    ZERO_DOSE = {"coverage": 0.0}
    PARAMS = {
        "coverage": param(
            1.0,
            "share of GP practices with a POH-GGZ jeugd",
            "policy choice",
            0,
            1,
            nl="aandeel huisartspraktijken met een POH-GGZ jeugd",
        ),
        "fte_per_10000": param(
            0.3,
            "FTE per 10,000 residents",
            "Utrechtse Heuvelrug 2019: 1.5 FTE for about 50,000 residents",
            0.0,
            5.0,
            nl="fte per 10.000 inwoners",
            source_nl="Utrechtse Heuvelrug 2019: 1,5 fte voor ongeveer 50.000 inwoners",
        ),
        "cases_per_fte_month": param(
            12.0,
            "new youth cases per FTE per month",
            "assumption: the caseload of a POH-GGZ jeugd the model also uses at the GP",
            1,
            60,
            nl="nieuwe casussen per fte per maand",
            source_nl=(
                "aanname: de caseload van een POH-GGZ jeugd die het model ook bij de huisarts "
                "gebruikt"
            ),
        ),
        "help_mild": param(
            0.56,
            "chance a mild case is helped without referral",
            "tuned to 41% overall at the default threshold drop, youths who come only "
            "because of the POH included as in the study's practices (multi-site study "
            "2017-2019, jeugdhulpbijdehuisarts.nl)",
            0,
            1,
            nl="kans dat een lichte casus zonder verwijzing geholpen wordt",
            source_nl=(
                "afgesteld op 41% geholpen zonder verwijzing bij de standaarddrempel, inclusief "
                "jongeren die alleen door de POH komen (meerjarig onderzoek 2017-2019, "
                "jeugdhulpbijdehuisarts.nl)"
            ),
        ),
        "help_moderate": param(
            0.35,
            "chance for a moderate case",
            "tuned together with the chance for a mild case (multi-site study 2017-2019)",
            0,
            1,
            nl="kans bij een matige casus",
            source_nl="samen afgesteld met de kans bij een lichte casus (onderzoek 2017-2019)",
        ),
        "help_severe": param(
            0.08,
            "chance for a severe case",
            "tuned together with the chance for a mild case (multi-site study 2017-2019)",
            0,
            1,
            nl="kans bij een ernstige casus",
            source_nl="samen afgesteld met de kans bij een lichte casus (onderzoek 2017-2019)",
        ),
        "threshold_drop": param(
            0.05,
            "drop in the severity from which families seek help at covered practices",
            "assumption: the lowered threshold (substitution with a leak); 0.15 and above "
            "(everyone with a problem comes) reproduces CPB 2020's null result",
            0.0,
            0.5,
            nl="lagere drempel om hulp te zoeken bij deze praktijken",
            source_nl=(
                "aanname: de drempel gaat omlaag (vervanging met een lek); vanaf 0,15 (iedereen "
                "met een probleem komt) volgt de nuluitkomst van het CPB (2020)"
            ),
        ),
        "cost_per_fte_year": param(
            87000.0,
            "EUR per FTE per year",
            "Utrechtse Heuvelrug 2019: 1.5 FTE about EUR 130k per year",
            0,
            300000,
            nl="EUR per fte per jaar",
            source_nl="Utrechtse Heuvelrug 2019: 1,5 fte kost ongeveer 130.000 euro per jaar",
        ),
    }

    def act(self, ctx: Context, intensity: float) -> float:
        """Staff the covered practices and lower their threshold."""
        p = self.params
        practices = ctx.practices
        covered = int(round(p["coverage"] * len(practices)))
        base_threshold = ctx.inputs["youth_needs.seek_threshold"]
        fte_total = 0.0
        for practice in practices[:covered]:
            practice.extra_poh_fte = p["fte_per_10000"] * practice.patients / 10000.0 * intensity
            practice.extra_cases_per_fte_month = p["cases_per_fte_month"]
            practice.seek_threshold = base_threshold - p["threshold_drop"] * intensity
            fte_total += practice.extra_poh_fte
        for key in ("help_mild", "help_moderate", "help_severe"):
            self.set(ctx, f"gp.poh_{key}", p[key])
        return fte_total * p["cost_per_fte_year"] / 12.0
