"""The compiled kernels return exactly what the numpy formulations they replace return.

Speed work must change no number (issue 14): each kernel in ``agents/kernels.py`` is
checked here, bit for bit, against the numpy code it replaced, on random inputs that
include the edge cases (empty, negative sentinels, dead and Wlz residents).
"""

from __future__ import annotations

import numpy as np
import pytest

from agents.streams import KeyedDraws, _purpose_key, _splitmix_int


def _keyed_uniform_numpy(seed: int, purpose: str, tick: int, residents: np.ndarray) -> np.ndarray:
    """The numpy keyed draw as it was before the kernel (splitmix64 on uint64 arrays)."""
    key = (seed * 1_000_003 + _purpose_key(purpose)) * 10_007 + int(tick)
    x = residents.astype(np.uint64)
    x *= np.uint64(0x9E3779B97F4A7C15)
    x += np.uint64(_splitmix_int(key % 2**64))
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    x >>= np.uint64(11)
    return x.astype(np.float64) * (1.0 / 2**53)


def test_keyed_draws_are_the_numpy_splitmix_bit_for_bit() -> None:
    rng = np.random.default_rng(0)
    draws = KeyedDraws(12345)
    for residents in (
        np.zeros(0, dtype=np.int64),
        np.arange(5),
        rng.integers(0, 2_000_000, 10_000),
        rng.integers(0, 2_000_000, 500).astype(np.int32),
    ):
        for tick in (0, 7, 204):
            got = draws.uniform("burnout", tick, residents)
            want = _keyed_uniform_numpy(12345, "burnout", tick, residents)
            assert got.dtype == np.float64, f"keyed draws are float64, got {got.dtype}"
            assert np.array_equal(got, want), f"keyed draws moved for {len(residents)} residents"


def _population(n: int = 3_000, seed: int = 1):
    """Random resident fields with the model's dtypes and sentinels."""
    rng = np.random.default_rng(seed)
    return {
        "household": rng.integers(0, n // 2, n).astype(np.int32),
        "living": rng.random(n) < 0.95,
        "alive": rng.random(n) < 0.97,
        "in_wlz": rng.random(n) < 0.03,
        "age": rng.integers(0, 105, n).astype(np.int16),
        "need_hh": np.where(rng.random(n) < 0.3, rng.random(n), 0).astype(np.float32),
        "need_support": np.where(rng.random(n) < 0.3, rng.random(n), 0).astype(np.float32),
        "break_until": rng.integers(-1, 30, n).astype(np.int32),
        "carer": np.where(rng.random(n) < 0.4, -1, rng.integers(0, n, n)).astype(np.int32),
    }


def test_household_members_are_the_numpy_mask() -> None:
    from tests.kernel_references import flag_households, members_of_flagged

    f = _population()
    for members in (np.zeros(0, dtype=np.int64), np.arange(0, 3_000, 7), np.array([5, 5, 9])):
        flagged = np.zeros(int(f["household"].max()) + 1, dtype=bool)
        flagged[f["household"][members]] = True
        assert np.array_equal(flag_households(f["household"], members), flagged), "flags moved"
        for low, high in ((18, 67), (18, 2**15), (0, 18)):
            want = np.flatnonzero(
                flagged[f["household"]] & f["living"] & (f["age"] >= low) & (f["age"] < high)
            )
            got = members_of_flagged(f["household"], flagged, f["living"], f["age"], low, high)
            assert np.array_equal(got, want), f"members aged {low}-{high} moved"


def test_able_carers_are_the_numpy_mask() -> None:
    from tests.kernel_references import able_carers

    f = _population()
    carer, tick = f["carer"], 12
    ok = carer != -1
    idx = np.where(ok, carer, 0)
    want = (
        ok
        & f["alive"][idx]
        & ~f["in_wlz"][idx]
        & (f["need_hh"][idx] < 0.5)
        & (f["need_support"][idx] < 0.5)
        & (f["break_until"][idx] < tick)
    )
    got = able_carers(
        carer, f["alive"], f["in_wlz"], f["need_hh"], f["need_support"], f["break_until"], tick
    )
    assert np.array_equal(got, want), "able carers moved"


def _outcome_people(n: int = 4_000, seed: int = 3):
    """A Residents object with random needs, help, waiting and burden (model dtypes)."""
    from agents.residents import Residents

    rng = np.random.default_rng(seed)
    people = Residents(n + 10, seed)
    people.add(n)
    people.alive[: n // 50] = False
    people.in_wlz[n // 50 : n // 25] = True

    def some(share):
        return rng.random(n) < share

    people.age_m[:n] = rng.integers(0, 1200, n)
    people.ages_changed()
    people.need_hh[:n] = np.where(some(0.3), rng.random(n), 0)
    people.need_support[:n] = np.where(some(0.3), rng.random(n), 0)
    people.youth_severity[:n] = np.where(some(0.1), rng.random(n), 0)
    people.services[:n] = np.where(some(0.2), rng.integers(0, 128, n), 0)
    people.waiting[:n] = np.where(some(0.05), rng.integers(0, 128, n), 0)
    people.access_waiting[:n] = some(0.05)
    people.informal_hours[:n] = np.where(some(0.3), rng.random(n) * 6, 0)
    people.hh_hours[:n] = np.where(some(0.1), rng.random(n) * 4, 0)
    people.private_help[:n] = some(0.05)
    people.light_until[:n] = np.where(some(0.05), 12, -1)
    people.poh_until[:n] = np.where(some(0.05), 12, -1)
    people.general_facility[:n] = np.where(some(0.05), rng.integers(0, 5, n), -1)
    people.overburdened[:n] = some(0.05)
    people.wellbeing[:n] = rng.random(n) * 9 + 1
    people.unmet[:n] = np.where(some(0.2), rng.random(n), 0)
    people.unmet[:20] = np.float32(0.25)  # on the threshold: compared in float32
    return people


def _unmet_numpy(people, values, general_helped):
    """``model.needs.unmet_need`` as numpy code (before the kernel)."""
    from agents.products import YOUTH_MASK, Product

    n = people.n
    living = people.living()
    unmet = np.zeros(n, dtype=np.float32)
    adults = np.flatnonzero(
        living & ((people.view("need_hh") > 0) | (people.view("need_support") > 0))
    )
    services = people.services[adults]
    hh_need = people.need_hh[adults] * np.float32(values["adult_needs.full_household_hours"])
    support_need = people.need_support[adults] * np.float32(
        values["adult_needs.support_hours_at_full_need"]
    )
    total = hh_need + support_need
    covered = people.informal_hours[adults] + people.hh_hours[adults]
    covered += np.where(services & (1 << Product.SUPPORT), support_need, 0.0)
    covered += np.where(services & (1 << Product.DAYCARE), support_need * 0.7, 0.0)
    covered += np.where(people.private_help[adults], hh_need, 0.0)
    light = general_helped[adults] | (people.light_until[adults] >= 0)
    covered += np.where(light, total * 0.6, 0.0)
    unmet[adults] = np.clip(1.0 - covered / np.maximum(total, 1e-6), 0, 1)
    youths = np.flatnonzero(living & (people.view("youth_severity") > 0))
    helped = (
        ((people.services[youths] & YOUTH_MASK) != 0)
        | general_helped[youths]
        | (people.poh_until[youths] >= 0)
    )
    youth_unmet = np.where(helped, 0.0, people.youth_severity[youths])
    unmet[youths] = np.maximum(unmet[youths], youth_unmet)
    return unmet


def _wellbeing_numpy(people, values):
    """``model.needs.update_wellbeing`` as numpy code (before the kernel); returns the new array."""
    unmet = people.view("unmet")
    need = np.maximum(
        np.maximum(people.view("need_hh"), people.view("need_support")),
        people.view("youth_severity"),
    )
    helped = (
        (people.view("services") != 0)
        | (people.view("light_until") >= 0)
        | (people.view("general_facility") >= 0)
        | (people.view("poh_until") >= 0)
    )
    fitting = helped & (need > 0) & (unmet < values["outcomes.unmet_threshold"])
    waiting = people.view("access_waiting") | (people.view("waiting") != 0)
    target = (
        values["wellbeing.level_without_need"]
        - values["wellbeing.need_weight"]
        * need
        * (1.0 - values["wellbeing.fitting_help_relief"] * fitting)
        - values["wellbeing.unmet_weight"] * unmet
        - values["wellbeing.waiting_weight"] * waiting
        - values["wellbeing.overburden_weight"] * people.view("overburdened")
    )
    target = target - values["wellbeing.youth_severity_weight"] * people.view("youth_severity") * (
        unmet > 0
    )
    target = np.clip(target, 1.0, 10.0)
    wellbeing = people.wellbeing[: people.n].copy()
    wellbeing += np.float32(values["wellbeing.adjustment_per_month"]) * (
        target.astype(np.float32) - wellbeing
    )
    return wellbeing


def test_unmet_need_and_wellbeing_are_the_numpy_formulas_bit_for_bit() -> None:
    from model import needs
    from model.params import resolve_profile

    values = dict(resolve_profile("default", None).values)
    for seed in (1, 2, 3):
        people = _outcome_people(seed=seed)
        general_helped = people.view("general_facility") >= 0
        want = _unmet_numpy(people, values, general_helped)
        needs.unmet_need(people, values, general_helped)
        assert np.array_equal(people.view("unmet"), want), f"unmet shares moved (seed {seed})"
        want = _wellbeing_numpy(people, values)
        needs.update_wellbeing(people, values)
        assert np.array_equal(people.view("wellbeing"), want), f"wellbeing moved (seed {seed})"


def _evolve_numpy(people, values, slowdown):
    """``model.needs.evolve_adult_needs`` as numpy code (before the kernel)."""
    from agents.products import Product

    needy = np.flatnonzero((people.view("need_hh") > 0) | (people.view("need_support") > 0))
    recover_hh = people.draw("recover", needy)
    recover_support = 1.0 - recover_hh
    services = people.services[needy]
    helped = (services & ((1 << Product.SUPPORT) | (1 << Product.DAYCARE))) != 0
    helped |= (people.light_until[needy] >= 0) | (slowdown[needy] > 0)
    improve = np.where(helped, values["adult_needs.improvement_with_help"], 0.0).astype(np.float32)
    worsen = (
        values["adult_needs.progression_met"]
        + values["adult_needs.progression_unmet"] * people.unmet[needy] * (1.0 - slowdown[needy])
    ).astype(np.float32)
    out = {}
    for name, recover, rate in (
        ("need_hh", recover_hh, values["adult_needs.recovery_household"]),
        ("need_support", recover_support, values["adult_needs.recovery_support"]),
    ):
        need = getattr(people, name)[: people.n].copy()
        level = need[needy]
        has = level > 0
        level[has] = np.minimum(level[has] + worsen[has], 1.0)
        if name == "need_support":
            level[has] = np.maximum(level[has] - improve[has], 0.01)
        recovering = has & (recover < rate)
        level[recovering] = np.where(level[recovering] < 0.3, 0.0, level[recovering] * 0.5)
        need[needy] = level
        out[name] = need
    return out


def test_needs_evolve_as_the_numpy_formulas_bit_for_bit() -> None:
    from model import needs
    from model.params import resolve_profile

    values = dict(resolve_profile("default", None).values)
    values["adult_needs.recovery_household"] = 0.2  # enough recoveries to compare
    values["adult_needs.recovery_support"] = 0.2
    for seed in (1, 2):
        people = _outcome_people(seed=seed)
        general_helped = people.view("general_facility") >= 0
        want = _evolve_numpy(people, values, general_helped * 0.5)
        needs.evolve_adult_needs(people, values, None, general_helped, 0.5)
        for name, expected in want.items():
            assert np.array_equal(people.view(name), expected), f"{name} moved (seed {seed})"


def test_ageing_and_deaths_as_the_numpy_formulas() -> None:
    from model import demography
    from model.params import resolve_profile

    values = dict(resolve_profile("default", None).values)
    people = _outcome_people(seed=4)
    alive, age_m = people.view("alive").copy(), people.view("age_m").copy()
    draw = np.random.default_rng(9).random(people.n, dtype=np.float32)
    age_m[alive] += 1
    monthly = (1.0 - np.exp(-demography.annual_mortality(np.arange(128.0), values) / 12.0)).astype(
        np.float32
    )
    chance = monthly[age_m // 12]
    wlz = people.view("in_wlz")
    chance[wlz] = np.maximum(
        chance[wlz], np.float32(1.0 - np.exp(-values["demography.wlz_mortality"] / 12.0))
    )
    want = np.flatnonzero(alive & (draw < chance))

    class Draws:
        def random(self, n, dtype):
            return draw[:n]

    died = demography.age_and_die(people, values, Draws())
    assert np.array_equal(died, want), "a different set of residents died"
    assert np.array_equal(people.view("age_m"), age_m), "ages moved differently"
    assert np.array_equal(people.age_years, age_m // 12), "cached whole-year ages are stale"
    assert not people.view("alive")[died].any(), "the dead are still flagged alive"


def test_births_and_migration_pick_the_residents_numpy_picked() -> None:
    """Mothers and newcomers' neighbours are who rng.choice over numpy's id lists gave."""
    from model import demography
    from model.params import resolve_profile

    values = dict(resolve_profile("default", None).values)
    values["demography.birth_rate_per_1000"] = 600.0  # ~200 births and migrants a month
    values["demography.net_migration_per_1000"] = 600.0
    people = _outcome_people(seed=6)
    n = people.n
    rng = np.random.default_rng(2)
    people.alive[:n] = rng.random(n) < 0.9  # the dead and the Wlz spread over all ids
    people.in_wlz[:n] = rng.random(n) < 0.05
    people.household[:n] = np.arange(n)  # a newborn's household names its mother
    people.gp[:n] = np.arange(n)  # a newcomer's GP names the resident they settle near
    living = people.living()
    age = people.age_years
    reference = np.random.default_rng(11)
    residents = int(living.sum())
    births = reference.poisson(values["demography.birth_rate_per_1000"] * residents / 12000.0)
    mothers = reference.choice(np.flatnonzero(living & (age >= 22) & (age <= 42)), births)
    migrants = reference.poisson(values["demography.net_migration_per_1000"] * residents / 12000)
    reference.random(migrants), reference.random(migrants)  # ages and incomes
    settled = np.flatnonzero(living)
    neighbours = settled[reference.integers(0, len(settled), migrants)]

    stream = np.random.default_rng(11)
    born, households = demography.births_and_migration(people, values, stream)
    assert len(born) == births > 50 and len(households) == migrants > 50
    assert np.array_equal(people.household[born], mothers), "other mothers were picked"
    arrivals = np.arange(n + births, n + births + migrants)
    assert np.array_equal(people.gp[arrivals], neighbours), "newcomers settled near others"
    reference.lognormal(0, 0.5, migrants)
    assert stream.bit_generator.state == reference.bit_generator.state, "draws were skipped"


def test_living_at_ranks_is_numpys_id_list_at_those_ranks() -> None:
    from agents.kernels import count_living, living_at_ranks

    rng = np.random.default_rng(8)
    alive, in_wlz = rng.random(5_000) < 0.8, rng.random(5_000) < 0.1
    age = rng.integers(0, 100, 5_000).astype(np.int16)
    ids = np.flatnonzero(alive & ~in_wlz & (age >= 30) & (age <= 50))
    living, of_age = count_living(alive, in_wlz, age, 30, 50)
    assert (living[-1], of_age[-1]) == ((alive & ~in_wlz).sum(), len(ids))
    ranks = np.concatenate([rng.integers(0, len(ids), 300), [0, len(ids) - 1, 7, 7]])
    got = living_at_ranks(alive, in_wlz, age, 30, 50, of_age, ranks)
    assert np.array_equal(got, ids[ranks])
    everyone = np.flatnonzero(alive & ~in_wlz)
    ranks = np.arange(len(everyone))[::-1]  # every rank, each block's first and last
    got = living_at_ranks(alive, in_wlz, age, -(2**15), 2**15 - 1, living, ranks)
    assert np.array_equal(got, everyone[ranks])
    with pytest.raises(IndexError, match="rank"):
        living_at_ranks(alive, in_wlz, age, 30, 50, of_age, np.array([len(ids)]))
    with pytest.raises(ValueError, match="not count_living's"):  # the living's counts, of age
        living_at_ranks(alive, in_wlz, age, 30, 50, living, np.array([len(ids) + 5]))


def test_extreme_per_group_is_numpys_ufunc_at() -> None:
    from agents.kernels import extreme_per_group

    rng = np.random.default_rng(4)
    group = rng.integers(0, 300, 5_000)
    for values in (rng.integers(0, 100, 5_000).astype(np.int16), rng.normal(50, 30, 5_000)):
        largest, smallest = np.full(320, -1.0), np.full(320, 200.0)
        np.maximum.at(largest, group, values)
        np.minimum.at(smallest, group, values)
        assert np.array_equal(extreme_per_group(group, values, 320, -1.0, True), largest)
        assert np.array_equal(extreme_per_group(group, values, 320, 200.0, False), smallest)
