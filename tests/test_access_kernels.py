"""The access phase decides for all teams at once and gives what the teams gave one by one.

Speed work must change no number (issue 14). The access teams used to decide, grant,
review and end indications team after team; now the pure part of their decisions is
computed for all teams together, light offers are asked in one call, and grants and
review endings are carried out once per product (``model.decisions``). These tests
compare the grouped code with the team-by-team formulation it replaced.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from agents.products import YOUTH_PRODUCTS, Referrer
from agents.residents import FIELDS
from model import decisions, pathways
from model.care_model import CareModel

RUN = {"preset": "default", "residents": 6000, "years": 2, "rng": 4}


def _digest(model: CareModel) -> str:
    """One hash over the monthly records and every resident field."""
    h = hashlib.sha256()
    for row in model.records:
        h.update(repr(sorted(row.items())).encode())
    for name in FIELDS:
        h.update(model.people.view(name).tobytes())
    return h.hexdigest()


@pytest.mark.parametrize("policies", [{}, {"light_support": {}, "stop_stacking": {}}])
def test_light_offers_together_equal_the_offers_team_by_team(monkeypatch, policies) -> None:
    """One facility call and one light-support call give every resident the same answer."""
    calls = []
    together = decisions._offer_light_together

    def counting(*args):
        calls.append(1)
        together(*args)

    monkeypatch.setattr(decisions, "_offer_light_together", counting)
    grouped = CareModel(**RUN, policies=policies)
    grouped.run()
    assert calls, "the grouped offers were never used: the comparison would test nothing"
    monkeypatch.setattr(decisions, "OFFER_TOGETHER", False)
    one_by_one = CareModel(**RUN, policies=policies)
    one_by_one.run()
    assert _digest(grouped) == _digest(one_by_one), "grouped light offers changed the results"


def _youth_rows(model: CareModel) -> dict:
    """The youth caseloads' columns, row by row."""
    return {
        product: {
            name: model.ctx.services.caseloads[product][name].copy()
            for name in ("resident", "end", "referrer", "since")
        }
        for product in YOUTH_PRODUCTS
    }


def test_youth_referrals_granted_together_equal_one_grant_per_group() -> None:
    """Referral groups granted in one call per product leave the same caseload rows."""
    models = [CareModel(**RUN), CareModel(**RUN)]
    rng = np.random.default_rng(3)
    people = models[0].people
    youths = np.flatnonzero(people.living() & (people.age_of(np.arange(people.n)) < 18))
    youths = youths[(people.services[youths] | people.waiting[youths]) == 0]
    picked = rng.permutation(youths)[:300]
    groups = [
        (picked[:90], Referrer.GI, 1.0),
        (picked[90:100], Referrer.NONE, 1.0),
        (picked[100:220], Referrer.ACCESS, 1.37),
        (picked[220:], Referrer.GP, 1.0),
    ]
    for residents, referrer, factor in groups:
        pathways.refer_to_youth_care(models[0].ctx, residents, referrer, duration_factor=factor)
    referrals = pathways.YouthReferrals()
    for residents, referrer, factor in groups:
        referrals.add(residents, referrer, duration_factor=factor)
    referrals.grant(models[1].ctx)
    one_by_one, together = _youth_rows(models[0]), _youth_rows(models[1])
    for product in YOUTH_PRODUCTS:
        for name, column in one_by_one[product].items():
            assert np.array_equal(column, together[product][name]), (
                f"{product.name} column {name} differs when the referrals are granted together"
            )


def test_review_rows_are_each_districts_running_rows_in_row_order() -> None:
    """The grouping by district gives what a mask over the whole caseload gave."""
    model = CareModel(**RUN)
    ctx = model.ctx
    ctx.clock.tick += 7  # some indications expire
    rows = decisions.ReviewRows(ctx, len(ctx.teams))
    expiring = np.zeros(len(ctx.teams), dtype=np.int64)
    for product in decisions.REVIEWED_PRODUCTS:
        caseload = ctx.services.caseloads[product]
        district = ctx.people.district[caseload["resident"]]
        for team in ctx.teams:
            expected = np.flatnonzero(caseload.active & (district == team.district))
            assert len(expected), f"no {product.name} rows in district {team.district}"
            assert np.array_equal(rows.of(product, team.district), expected), (
                f"{product.name} rows of district {team.district} differ from the mask"
            )
        due = caseload.active & (caseload["end"] <= ctx.tick)
        expiring += np.bincount(district[due], minlength=len(ctx.teams))
    assert expiring.sum() > 0, "nothing expires: the count would test nothing"
    assert np.array_equal(rows.expiring, expiring), "expiring indications per district differ"


def _random_residents(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Fields of ``n`` random residents, with the sentinels and edge values the model has."""
    return {
        "alive": rng.random(n) < 0.9,
        "in_wlz": rng.random(n) < 0.05,
        "age": rng.integers(0, 105, n).astype(np.int16),
        "services": rng.integers(0, 2**9, n).astype(np.uint16) * (rng.random(n) < 0.3),
        "waiting": rng.integers(0, 2**9, n).astype(np.uint16) * (rng.random(n) < 0.1),
        "need_hh": (rng.random(n) * (rng.random(n) < 0.5)).astype(np.float32),
        "need_support": (rng.random(n) * (rng.random(n) < 0.5)).astype(np.float32),
        "informal_hh_hours": (rng.random(n) * 6 * (rng.random(n) < 0.3)).astype(np.float32),
        "access_waiting": rng.random(n) < 0.05,
        "light_until": np.where(rng.random(n) < 0.05, 30, -1).astype(np.int32),
        "general_facility": np.where(rng.random(n) < 0.1, 2, -1).astype(np.int16),
        "overburdened": rng.random(n) < 0.05,
        "severity": (rng.random(n) * (rng.random(n) < 0.3)).astype(np.float32),
        "poh_until": np.where(rng.random(n) < 0.05, 12, -1).astype(np.int32),
        "believed_regime": rng.integers(0, 2, n).astype(np.int8),
    }


@pytest.mark.parametrize("n", [0, 1, 5000])
def test_help_seeking_groups_are_the_four_passes_they_replace(n: int) -> None:
    """One pass finds the candidates, stale believers, walkers and youths of four passes."""
    from agents import access_kernels
    from agents.kernels import adult_candidates, unhelped_youths, voorveld_walkers

    f = _random_residents(np.random.default_rng(n), n)
    limits = np.array([8.0, 1.0, 0.4 * 0.8, 0.5, 0.35], dtype=np.float32)
    bits = (1 << 0, (1 << 1) | (1 << 2), 1 << 3, 0b1110000)
    pathway = (f["access_waiting"], f["light_until"], f["general_facility"])
    living = (f["alive"], f["in_wlz"], f["age"])
    expected = {
        access_kernels.CANDIDATE: adult_candidates(
            *living,
            f["services"],
            f["waiting"],
            f["need_hh"],
            f["need_support"],
            f["informal_hh_hours"],
            *pathway,
            *limits[:4],
            *bits[:3],
        ),
        access_kernels.STALE: np.flatnonzero(f["believed_regime"] != 1),
        access_kernels.WALKER: voorveld_walkers(
            *living, *pathway, f["need_hh"], f["need_support"], f["overburdened"], limits[4]
        ),
        access_kernels.YOUTH: unhelped_youths(
            *living,
            f["severity"],
            f["services"],
            f["waiting"],
            bits[3],
            f["access_waiting"],
            f["poh_until"],
            f["general_facility"],
            f["light_until"],
        ),
    }
    groups = access_kernels.help_seeking_groups(
        *living,
        f["services"],
        f["waiting"],
        f["need_hh"],
        f["need_support"],
        f["informal_hh_hours"],
        *pathway,
        f["overburdened"],
        f["severity"],
        f["poh_until"],
        f["believed_regime"],
        1,
        limits,
        *bits,
    )
    for bit, ids in expected.items():
        assert np.array_equal(groups[bit], ids), f"group {bit} differs from its own pass"
        if n > 1000:
            assert len(ids) > 10, f"group {bit} is nearly empty: the comparison tests little"


@pytest.mark.parametrize("sizes", [(0, 0), (5, 0), (0, 5), (300, 1000), (2000, 40)])
def test_members_of_a_sorted_id_array_are_numpys_isin(sizes: tuple[int, int]) -> None:
    """Which walkers also applied: the same mask as np.isin."""
    rng = np.random.default_rng(sum(sizes))
    ids = np.sort(rng.choice(5000, sizes[0], replace=False))
    sorted_ids = np.sort(rng.choice(5000, sizes[1], replace=False))
    assert np.array_equal(pathways._members(ids, sorted_ids), np.isin(ids, sorted_ids))
