"""Stories for the workshop: a few residents followed month by month, in plain language.

So the mechanisms have faces: an old resident living alone whose carer may burn out, a
teenager with a problem that may reach the GP, a middle-aged carer. Everything told is
read from the model's own state (the residents' arrays and the informal network) - who
is chosen, what happens to them and who their network is. Nothing is scripted: a month
gets a line only when that resident's state changed.

``pick`` chooses the residents in a built model; ``observe`` reads their state after a
month (the session engine stores it per month and branch); ``story`` turns the stored
months into lines; ``network`` is the resident's informal network as a networkx graph.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx
import numpy as np

from agents.products import Product
from agents.residents import NO_ONE
from model.care_model import CareModel

ROLES = ("alone", "youth", "carer")
NAMES = {
    "alone": ("Ans", "Joop", "Riet", "Henk"),
    "youth": ("Sem", "Noor", "Daan", "Lotte"),
    "carer": ("Petra", "Marco", "Fatima", "Erik"),
}
SERVICE_NAMES = {
    Product.HH: ("huishoudelijke hulp", "household help"),
    Product.SUPPORT: ("begeleiding", "individual support"),
    Product.DAYCARE: ("dagbesteding", "day care"),
    Product.AIDS: ("een hulpmiddel", "an aid"),
    Product.YOUTH_AMBULANT: ("ambulante jeugdhulp", "outpatient youth care"),
    Product.YOUTH_GGZ: ("jeugd-GGZ", "youth mental-health care"),
    Product.YOUTH_RESIDENTIAL: ("jeugdhulp met verblijf", "residential youth care"),
}
MONTHS = {
    "nl": "jan feb mrt apr mei jun jul aug sep okt nov dec".split(),
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
}


# What a story says the month a flag of the resident turns on: (State field, nl, en).
_BECAME = (
    (
        "access_waiting",
        "{name} meldt zich bij het wijkteam en wacht op een gesprek.",
        "{name} asks the access team for help and waits for a talk.",
    ),
    (
        "poh",
        "De POH-GGZ jeugd bij de huisarts ziet {name}.",
        "The practice's youth mental-health nurse sees {name}.",
    ),
    ("general", "{name} gaat naar een algemene voorziening.", "{name} goes to a general facility."),
    (
        "light",
        "Het wijkteam geeft {name} lichte ondersteuning.",
        "The access team gives {name} light support.",
    ),
    (
        "overburdened",
        "{name} is overbelast door de mantelzorg ({load} uur per week).",
        "{name} is overburdened by caring ({load} h a week).",
    ),
    ("carer_out", "De mantelzorger van {name} valt uit.", "{name}'s carer breaks down."),
)


@dataclass(frozen=True)
class Person:
    """A followed resident: their id in the arrays, role and name."""

    index: int
    role: str
    name: str


@dataclass(frozen=True)
class State:
    """What a story needs of one resident after one month."""

    date: dt.date
    living: bool
    age: int
    need: float
    services: int
    waiting: int
    access_waiting: bool
    general: bool
    light: bool
    poh: bool
    informal_hours: float
    carer_load: float
    overburdened: bool
    carer_out: bool  # this resident's own carer (partner or kin) is on a break
    wellbeing: float


def pick(model: CareModel) -> list[Person]:
    """One resident per role, chosen from the model's state (deterministic per seed)."""
    p = model.people
    n = p.n
    living = p.living()
    age = p.age_years
    size = np.zeros(n, dtype=int)
    size[living] = p.household_size(np.flatnonzero(living))
    adult_need = np.maximum(p.view("need_hh"), p.view("need_support"))
    has_kin = p.view("kin_carer") != NO_ONE
    candidates = {
        # 80+, alone, with a need, and a kin carer who can burn out: the most in need
        "alone": (living & (age >= 80) & (size == 1) & (adult_need > 0) & has_kin, adult_need),
        # 12-17 with a youth problem, not (yet) in youth care: the most severe
        "youth": (
            living & (age >= 12) & (age <= 17) & (p.view("youth_severity") > 0),
            p.view("youth_severity") - p.in_youth_care(),
        ),
        # 40-67 caring for someone: the heaviest load
        "carer": (
            living & (age >= 40) & (age <= 67) & (p.view("carer_load") > 0),
            p.view("carer_load"),
        ),
    }
    chosen = []
    for role in ROLES:
        mask, score = candidates[role]
        ids = np.flatnonzero(mask)
        if len(ids) == 0:
            continue
        best = int(ids[np.argmax(score[ids])])
        chosen.append(Person(best, role, NAMES[role][best % len(NAMES[role])]))
    return chosen


def observe(model: CareModel, people: list[Person]) -> dict[int, State]:
    """The followed residents' state at the end of the month just run."""
    p = model.people
    tick = p.tick
    out = {}
    for person in people:
        i = person.index
        carers = [int(p.partner[i]), int(p.kin_carer[i])]
        out[i] = State(
            date=model.records[-1]["date"] if model.records else model.start_date,
            living=bool(p.alive[i] and not p.in_wlz[i]),
            age=int(p.age_m[i] // 12),
            need=float(max(p.need_hh[i], p.need_support[i], p.youth_severity[i])),
            services=int(p.services[i]),
            waiting=int(p.waiting[i]),
            access_waiting=bool(p.access_waiting[i]),
            general=bool(p.general_facility[i] >= 0),
            light=bool(p.light_until[i] >= tick),
            poh=bool(p.poh_until[i] >= tick),
            informal_hours=float(p.informal_hours[i]),
            carer_load=float(p.carer_load[i]),
            overburdened=bool(p.overburdened[i]),
            carer_out=any(c != NO_ONE and p.carer_break_until[c] > tick for c in carers),
            wellbeing=float(p.wellbeing[i]),
        )
    return out


def network(model: CareModel, person: Person) -> nx.Graph:
    """The resident's informal network: their household and the households tied to it.

    A networkx ego graph (radius 1) of the model's household network; edges carry their
    ``kind`` ("kin" or "neighbour"). Built from the ties of this household only, since
    the whole graph of a municipality takes a while to build.
    """
    home = int(model.people.household[person.index])
    graph = nx.Graph()
    graph.add_node(home)
    for kind, edges in (("kin", model.network.kin), ("neighbour", model.network.neighbour)):
        mine = edges[(edges[:, 0] == home) | (edges[:, 1] == home)]
        graph.add_edges_from(mine.tolist(), kind=kind)
    return nx.ego_graph(graph, home, radius=1)


def counted(n: int, one: str, many: str) -> str:
    """'1 huisgenoot', '3 huisgenoten': the noun in the number's form, not 'huisgeno(o)t(en)'."""
    return f"{n} {one if n == 1 else many}"


def introduce(model: CareModel, person: Person, lang: str) -> str:
    """Who the resident is and who is around them, from the arrays and the network."""
    p = model.people
    i = person.index
    age = int(p.age_m[i] // 12)
    graph = network(model, person)
    home = int(p.household[i])
    kinds = [graph.edges[home, other]["kind"] for other in graph.neighbors(home)]
    kin, neighbours = kinds.count("kin"), kinds.count("neighbour")
    members = int(np.sum((p.view("household") == home) & p.living())) - 1
    carer = int(p.kin_carer[i])
    carer_age = int(p.age_m[carer] // 12) if carer != NO_ONE else 0
    if lang == "nl":
        home_text = (
            "woont alleen"
            if members == 0
            else f"woont met {counted(members, 'huisgenoot', 'huisgenoten')}"
        )
        text = (
            f"{person.name} ({age}) {home_text}. Het netwerk: "
            f"{counted(kin, 'familiehuishouden', 'familiehuishoudens')} en "
            f"{counted(neighbours, 'buur', 'buren')}."
        )
        if carer != NO_ONE:
            text += f" Een familielid van {carer_age} kan bijspringen."
        return text
    home_text = (
        "lives alone" if members == 0 else f"lives with {counted(members, 'other', 'others')}"
    )
    text = (
        f"{person.name} ({age}) {home_text}. Network: "
        f"{counted(kin, 'kin household', 'kin households')}, "
        f"{counted(neighbours, 'neighbour', 'neighbours')}."
    )
    if carer != NO_ONE:
        text += f" A relative aged {carer_age} can help."
    return text


def _services(bits: int, lang: str) -> list[str]:
    k = 0 if lang == "nl" else 1
    return [names[k] for product, names in SERVICE_NAMES.items() if bits & (1 << product)]


def _changes(person: Person, before: State | None, now: State, lang: str) -> list[str]:
    """What changed for the resident this month, in plain words."""
    nl = lang == "nl"
    name = person.name
    if before is None:  # the first month: where the resident stands
        help_now = ", ".join(_services(now.services, lang))
        if help_now:
            return [f"{name} krijgt nu {help_now}." if nl else f"{name} now receives {help_now}."]
        return [
            f"{name} krijgt nu geen zorg van de gemeente."
            if nl
            else f"{name} receives no care from the municipality now."
        ]
    lines = []
    if before.living and not now.living:
        return [
            f"{name} woont niet meer thuis (overleden of naar de Wlz)."
            if nl
            else f"{name} no longer lives at home (died or moved to the Wlz)."
        ]
    if now.need > 0 and before.need == 0:
        lines.append(f"{name} heeft hulp nodig." if nl else f"{name} needs help.")
    for service in _services(now.services & ~before.services, lang):
        lines.append(f"{name} krijgt {service}." if nl else f"{name} receives {service}.")
    for service in _services(before.services & ~now.services, lang):
        lines.append(f"De {service} stopt." if nl else f"The {service} ends.")
    for service in _services(now.waiting & ~before.waiting, lang):
        lines.append(
            f"{name} staat op de wachtlijst voor {service}."
            if nl
            else f"{name} is on the waiting list for {service}."
        )
    for flag, dutch, english in _BECAME:
        if getattr(now, flag) and not getattr(before, flag):
            text = dutch if nl else english
            lines.append(text.format(name=name, load=f"{now.carer_load:.0f}"))
    if abs(now.informal_hours - before.informal_hours) >= 2:
        hours = f"{now.informal_hours:.0f}"
        lines.append(
            f"Familie, buren en huisgenoten helpen {name} nu {hours} uur per week."
            if nl
            else f"Family, neighbours and household help {name} {hours} hours a week now."
        )
    if abs(now.carer_load - before.carer_load) >= 3:
        hours = f"{now.carer_load:.0f}"
        lines.append(
            f"{name} zorgt nu {hours} uur per week voor een naaste."
            if nl
            else f"{name} now cares {hours} hours a week for someone close."
        )
    if now.need == 0 and before.need > 0:
        lines.append(
            f"{name} heeft geen hulp meer nodig." if nl else f"{name} no longer needs help."
        )
    if now.wellbeing <= before.wellbeing - 0.8:
        lines.append(f"{name} voelt zich slechter." if nl else f"{name} feels worse.")
    return lines


def story(person: Person, months: list[dict[int, State]], lang: str) -> list[tuple[str, str]]:
    """(month label, line) for every month in which something changed for ``person``."""
    lines = []
    before = None
    for observed in months:
        now = (observed or {}).get(person.index)
        if now is None:
            continue
        label = f"{MONTHS[lang][now.date.month - 1]} {now.date.year}"
        for text in _changes(person, before, now, lang):
            lines.append((label, text))
        before = now
    return lines
