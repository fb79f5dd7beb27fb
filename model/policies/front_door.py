"""The three levers the users named first: POH-GGZ jeugd, HH norm framework, demarcation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.policies.base import Policy, param

if TYPE_CHECKING:
    from model.care_model import CareModel


class PohGgz(Policy):
    """POH-GGZ jeugd: a mental-health practice nurse for youths at the GP.

    Mechanism: covered practices get POH capacity (FTE x cases per FTE); youths who
    come to the GP are seen by the POH while capacity lasts, and a share is helped
    without referral (by severity), the rest referred. The POH also lowers the
    threshold to seek help for that practice's patients: youths with lighter problems
    who would not have come now do, so part of the substitution is offset by extra
    demand ("substitution with a leak"). Cost: municipal co-financing per FTE.
    """

    name = "poh_ggz"
    label = "POH-GGZ youth at GP practices"
    dutch = "POH-GGZ jeugd bij de huisarts"
    PARAMS = {
        "coverage": param(1.0, "share of GP practices with a POH-GGZ jeugd", "policy choice", 0, 1),
        "fte_per_10000": param(
            0.3,
            "FTE per 10,000 residents",
            "Utrechtse Heuvelrug 2019: 1.5 FTE for about 50,000 residents",
            0.0,
            5.0,
        ),
        "cases_per_fte_month": param(
            12.0,
            "new youth cases per FTE per month",
            "assumption (see gp.poh_cases_per_fte_month)",
            1,
            60,
        ),
        "help_mild": param(
            0.62,
            "chance a mild case is helped without referral",
            "tuned to 41% overall (multi-site study 2017-2019, jeugdhulpbijdehuisarts.nl)",
            0,
            1,
        ),
        "help_moderate": param(0.35, "chance for a moderate case", "as help_mild", 0, 1),
        "help_severe": param(0.08, "chance for a severe case", "as help_mild", 0, 1),
        "threshold_drop": param(
            0.08,
            "drop in the severity from which families seek help at covered practices",
            "assumption: the lowered threshold (substitution with a leak)",
            0.0,
            0.5,
        ),
        "cost_per_fte_year": param(
            87000.0,
            "EUR per FTE per year",
            "Utrechtse Heuvelrug 2019: 1.5 FTE about EUR 130k per year",
            0,
            300000,
        ),
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Staff the covered practices and lower their threshold."""
        p = self.params
        practices = model.gp_practices
        covered = int(round(p["coverage"] * len(practices)))
        base_threshold = model.profile["youth_needs.seek_threshold"]
        fte_total = 0.0
        for practice in practices[:covered]:
            practice.poh_fte = p["fte_per_10000"] * practice.patients / 10000.0 * intensity
            practice.poh_cases_per_fte_month = p["cases_per_fte_month"]
            practice.seek_threshold = base_threshold - p["threshold_drop"] * intensity
            fte_total += practice.poh_fte
        for key in ("help_mild", "help_moderate", "help_severe"):
            model.set_param(f"gp.poh_{key}", p[key])
        return fte_total * p["cost_per_fte_year"] / 12.0


class HhNormFramework(Policy):
    """Housekeeping-help norm framework (KPMG-HHM normenkader).

    Mechanism: the access team assesses HH hours from normative times per task (108
    hours a year for a full takeover, plus 26-52 for limitations and 26 for children
    at home) minus 23 hours when the household or network can do part, instead of a
    professional judgement of unmet hours. Optionally residents aged 90+ keep the old
    method, running indications are re-assessed at review, and a share of light
    clients gets help once a fortnight. Lower hours at inflow, slower growth.
    """

    name = "hh_norm"
    label = "HH norm framework"
    dutch = "normenkader hulp bij het huishouden"
    PARAMS = {
        "exempt_90_plus": param(
            0,
            "1 = residents aged 90+ keep the old method",
            "municipal practice: one municipality exempted 90+",
            0,
            1,
        ),
        "apply_at_review": param(
            0, "1 = also re-assess running indications at review", "policy choice", 0, 1
        ),
        "fortnightly_share": param(
            0.0,
            "share of light clients with fortnightly help",
            "municipal practice: a further step of the norm framework",
            0.0,
            1.0,
        ),
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Switch the assessment method (at half phase-in) and its options."""
        p = self.params
        self.shift_param(model, "rules.hh_method", "norm", intensity)
        model.set_param("rules.hh_norm_exempt_age", 90 if p["exempt_90_plus"] else 200)
        model.set_param("rules.hh_norm_at_review", p["apply_at_review"])
        self.shift_param(model, "rules.hh_fortnightly_share", p["fortnightly_share"], intensity)
        return 0.0


class YouthDemarcation(Policy):
    """Demarcation of youth care (Commissie van Wijzen, 2021).

    Mechanism: tailored youth care is granted only when (1) there are established
    safety concerns, (2) an established disorder with an environment that cannot cope,
    or (3) without help the child cannot take part in society. ``strictness`` is the
    chance the criteria are applied to an access-team decision; GP referrals follow
    only as far as ``gp_compliance`` (GPs are direct referrers). Refused youths go to a
    general facility (youth work), the team's light support, or nowhere.
    """

    name = "youth_demarcation"
    label = "Demarcation of youth care"
    dutch = "afbakening jeugdhulp"
    PARAMS = {
        "strictness": param(0.8, "chance the criteria are applied", "policy choice", 0.0, 1.0),
        "refused_route": param(
            "general",
            "where refused youths go",
            "policy choice",
            choices=("general", "light", "none"),
        ),
        "gp_compliance": param(
            0.3,
            "share of GP referrals that follow the agreements",
            "assumption: GPs cannot be bound by law",
            0.0,
            1.0,
        ),
    }

    def act(self, model: CareModel, intensity: float) -> float:
        """Apply the criteria at the access team and, partly, at the GP."""
        p = self.params
        self.shift_param(model, "rules.youth_demarcation", p["strictness"], intensity)
        model.set_param("rules.youth_refused_route", p["refused_route"])
        model.set_param("rules.gp_demarcation_compliance", p["gp_compliance"])
        return 0.0
