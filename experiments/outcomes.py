"""A sweep's own outcomes: a restricted expression over indicators, or a named function.

```toml
[[sweep.outcomes]]
name = "youth_per_resident"           # a new output of the sweep
expr = "mean(clients_youth / youth_residents)"
years = [3, 5]                        # the window (default: every recorded year)
label = "Youth care clients per young resident"   # optional, for tables and plots
unit = "share"

[[sweep.outcomes]]
name = "distance"
function = "my_package.targets:distance"   # called with the window's yearly figures
inputs = ["clients_wmo", "clients_youth"]  # indicators it reads (default: the outputs)
```

An expression is read with ``ast`` and checked before any run starts; it is never
handed to ``eval``. A name stands for an indicator's (or a derived outcome's) yearly
figures in the window - stocks averaged over a year's months, flows summed, as
``model.aggregate.yearly`` does - so ``spend_total_eur / residents`` is one figure per
year. ``mean``, ``sum``, ``min``, ``max``, ``first`` and ``last`` reduce the years to
one figure, ``abs`` works per year; numbers and ``+ - * /`` complete the language. The
whole expression must come down to one figure per run.

A function outcome names ``module:function`` in an importable module. It receives a
mapping of every stored output's yearly figures in the window (numpy arrays, plus
``year``) and returns one number. That is the place for anything the expression
language cannot say, such as the distance to calibration targets
(``experiments.target_distance:distance``). A function with the attribute
``monthly = True`` receives the window's monthly columns instead (``month`` plus the
stored outputs); one with an ``inputs`` attribute (indicator names) has those stored
when the entry gives no ``inputs``.

Spec outcomes are computed by ``carescape analyze`` from the stored monthly parts, so
their window does not follow ``--year``: a spec outcome is one figure per run.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint
from typing import Any

import numpy as np

from model.params import ConfigError, shown, suggest
from model.results import DERIVED, INDICATORS

# Recorded indicators and the schema's derived outcomes: what a sweep can store.
RECORDED = tuple(name for name, i in INDICATORS.items() if i.kind != "key")
SCHEMA_OUTPUTS = RECORDED + tuple(DERIVED)
REDUCERS: dict[str, Callable[[np.ndarray], float]] = {
    "mean": np.mean,
    "sum": np.sum,
    "min": np.min,
    "max": np.max,
    "first": lambda a: a[0],
    "last": lambda a: a[-1],
}
PER_YEAR: dict[str, Callable[[np.ndarray], np.ndarray]] = {"abs": np.abs}
OPERATORS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
}
OUTCOME_KEYS = ("name", "expr", "function", "inputs", "years", "label", "unit")
ALLOWED = (
    "allowed: indicator names (`carescape params`' outputs, e.g. spend_total_eur, "
    "net_cost_eur), numbers, + - * / and parentheses, mean/sum/min/max/first/last(...) "
    "over the window's years and abs(...)"
)
SERIES, SCALAR = "one figure per year", "one figure"


@dataclass(frozen=True)
class SpecOutcome:
    """One outcome a spec defines: an expression or a function, over a window of years."""

    name: str
    label: str
    unit: str
    inputs: tuple[str, ...]
    years: tuple[int, int] | None  # first and last year, inclusive; None: all
    expr: str | None = None
    function: str | None = None

    def describe(self) -> dict[str, Any]:
        """JSON-ready (sweep.json): enough to rebuild it with ``parse_outcomes``."""
        out: dict[str, Any] = {"name": self.name, "label": self.label, "unit": self.unit}
        if self.expr is not None:
            out["expr"] = self.expr
        else:
            out["function"], out["inputs"] = self.function, list(self.inputs)
        if self.years is not None:
            out["years"] = list(self.years)
        return out

    def evaluate(
        self,
        figures: Mapping[str, np.ndarray],
        monthly: Mapping[str, np.ndarray] | None = None,
    ) -> float:
        """The run's figure from its yearly figures (``year`` plus one array per output).

        A function marked ``monthly = True`` gets the window's monthly columns instead
        (``month`` plus the stored outputs): ``monthly`` must then be given.
        """
        year = np.asarray(figures["year"])
        keep = np.ones(len(year), bool)
        if self.years is not None:
            keep = (year >= self.years[0]) & (year <= self.years[1])
        if not keep.any():
            return math.nan  # the run did not record a year of the window
        window = {k: np.asarray(v, dtype=float)[keep] for k, v in figures.items()}
        with np.errstate(all="ignore"):
            if self.expr is not None:
                value = _evaluate(ast.parse(self.expr, mode="eval").body, window)
            else:
                function = load_function(self.function, self.name)
                if getattr(function, "monthly", False):
                    value = function(self._month_window(monthly))
                else:
                    value = function(window)
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ConfigError(
                f"outcome {self.name!r}: {self.function} returned {shown(value)}, not a number"
            ) from None

    def _month_window(self, monthly: Mapping[str, np.ndarray] | None) -> dict[str, np.ndarray]:
        if monthly is None:
            raise ConfigError(
                f"outcome {self.name!r}: {self.function} reads monthly columns, which were "
                "not passed"
            )
        month = np.asarray(monthly["month"]).astype(np.int64)
        keep = np.ones(len(month), bool)
        if self.years is not None:
            year = (month - 1) // 12 + 1
            keep = (year >= self.years[0]) & (year <= self.years[1])
        return {k: np.asarray(v)[keep] for k, v in monthly.items()}


# -- parsing ---------------------------------------------------------------------------------
def parse_outcomes(raw: Any, years: int, where: str) -> tuple[SpecOutcome, ...]:
    """Validate ``[[sweep.outcomes]]``; every problem names the outcome and the text."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ConfigError(f"{where}outcomes must be an array of tables ([[sweep.outcomes]])")
    outcomes = tuple(_outcome(e, years, f"{where}outcomes[{i}]") for i, e in enumerate(raw))
    names = [o.name for o in outcomes]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ConfigError(f"{where}outcomes: {twice[0]!r} is defined twice; name each once")
    return outcomes


def _outcome(entry: Any, years: int, where: str) -> SpecOutcome:
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{where} must be a table with name and expr or function")
    bad = sorted(set(entry) - set(OUTCOME_KEYS))
    if bad:
        raise ConfigError(f"{where}: {bad[0]} is not allowed; use {', '.join(OUTCOME_KEYS)}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.isidentifier():
        raise ConfigError(f"{where}: name = {shown(name)} must be a name such as 'net_saving'")
    if name in SCHEMA_OUTPUTS:
        raise ConfigError(f"{where}: name = {name!r} is an indicator already; choose another")
    where = f"{where} {name!r}"
    if ("expr" in entry) == ("function" in entry):
        raise ConfigError(f'{where}: give expr = "..." or function = "module:function"')
    window = _window(entry.get("years"), years, where)
    label = _text(entry, "label", name, where)
    unit = _text(entry, "unit", "", where)
    if "expr" in entry:
        if "inputs" in entry:
            raise ConfigError(f"{where}: inputs is for a function; an expr names its own")
        text = entry["expr"]
        if not isinstance(text, str):
            raise ConfigError(f"{where}: expr = {shown(text)} must be text; {ALLOWED}")
        inputs = check_expression(text, f"{where}: expr = {text!r}")
        return SpecOutcome(name, label, unit, inputs, window, expr=text)
    target = entry["function"]
    function = load_function(target, name, where)
    inputs = _inputs(entry.get("inputs", list(getattr(function, "inputs", []))), where)
    return SpecOutcome(name, label, unit, inputs, window, function=target)


def _text(entry: Mapping[str, Any], key: str, default: str, where: str) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {key} = {shown(value)} must be text")
    return value


def _window(raw: Any, years: int, where: str) -> tuple[int, int] | None:
    if raw is None or raw == "all":
        return None
    pair = [raw, raw] if isinstance(raw, int) and not isinstance(raw, bool) else raw
    ok = (
        isinstance(pair, list)
        and len(pair) == 2
        and all(isinstance(y, int) and not isinstance(y, bool) for y in pair)
        and 1 <= pair[0] <= pair[1] <= years
    )
    if not ok:
        raise ConfigError(
            f"{where}: years = {shown(raw)} is not allowed; use [first, last] with "
            f'1 <= first <= last <= {years} (the sweep\'s years), one year, or "all"'
        )
    return int(pair[0]), int(pair[1])


def _inputs(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: inputs = {shown(raw)} must be a list of indicator names")
    for name in raw:
        if name not in SCHEMA_OUTPUTS:
            raise ConfigError(
                f"{where}: inputs: {name!r} is not an indicator"
                f"{suggest(str(name), list(SCHEMA_OUTPUTS))}"
            )
    return tuple(dict.fromkeys(raw))


def check_expression(text: str, where: str) -> tuple[str, ...]:
    """The indicators an expression reads; ConfigError if it steps outside the language."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ConfigError(f"{where} is not a valid expression ({exc.msg}); {ALLOWED}") from None
    names: list[str] = []
    shape = _check(tree.body, names, where)
    if shape != SCALAR:
        raise ConfigError(
            f"{where} gives {SERIES}, not one figure per run; reduce it over the window with "
            "mean(...), sum(...), min(...), max(...), first(...) or last(...)"
        )
    if not names:
        raise ConfigError(f"{where} reads no indicator; {ALLOWED}")
    return tuple(dict.fromkeys(names))


def _check(node: ast.AST, names: list[str], where: str) -> str:
    """The shape of ``node`` (one figure per year, or one figure); refuses anything else."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise ConfigError(f"{where}: {node.value!r} is not allowed; {ALLOWED}")
        return SCALAR
    if isinstance(node, ast.Name):
        if node.id not in SCHEMA_OUTPUTS:
            raise ConfigError(
                f"{where}: {node.id!r} is not an indicator"
                f"{suggest(node.id, list(SCHEMA_OUTPUTS))}; {ALLOWED}"
            )
        names.append(node.id)
        return SERIES
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        shapes = {_check(node.left, names, where), _check(node.right, names, where)}
        return SERIES if SERIES in shapes else SCALAR
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd | ast.USub):
        return _check(node.operand, names, where)
    if isinstance(node, ast.Call):
        return _check_call(node, names, where)
    shown_node = ast.unparse(node) if isinstance(node, ast.expr) else type(node).__name__
    raise ConfigError(f"{where}: {shown_node!r} is not allowed; {ALLOWED}")


def _check_call(node: ast.Call, names: list[str], where: str) -> str:
    func = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
    known = [*REDUCERS, *PER_YEAR]
    if func not in known:
        raise ConfigError(f"{where}: {func}(...) is not allowed{suggest(func, known)}; {ALLOWED}")
    if node.keywords or len(node.args) != 1:
        raise ConfigError(f"{where}: {func}(...) takes exactly one argument; {ALLOWED}")
    shape = _check(node.args[0], names, where)
    if func in REDUCERS:
        if shape != SERIES:
            raise ConfigError(f"{where}: {func}(...) needs figures per year (an indicator)")
        return SCALAR
    return shape


def _evaluate(node: ast.AST, figures: Mapping[str, np.ndarray]) -> Any:
    """Evaluate a checked expression tree on the window's yearly figures."""
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return figures[node.id]
    if isinstance(node, ast.BinOp):
        return OPERATORS[type(node.op)](
            _evaluate(node.left, figures), _evaluate(node.right, figures)
        )
    if isinstance(node, ast.UnaryOp):
        value = _evaluate(node.operand, figures)
        return -value if isinstance(node.op, ast.USub) else value
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)  # checked on load
    argument = _evaluate(node.args[0], figures)
    if node.func.id in REDUCERS:
        return float(REDUCERS[node.func.id](argument))
    return PER_YEAR[node.func.id](argument)


def load_function(target: Any, name: str, where: str = "") -> Callable[..., Any]:
    """The callable ``module:function`` names; ConfigError naming the outcome if not found."""
    where = where or f"outcome {name!r}"
    if not isinstance(target, str) or target.count(":") != 1:
        raise ConfigError(
            f"{where}: function = {shown(target)} must be 'module:function', "
            "e.g. 'my_package.outcomes:distance'"
        )
    module_name, _, attribute = target.partition(":")
    # the user's own function, loaded as Python loads a plugin's entry point
    entry = EntryPoint(name=name, value=target, group="carescape.outcomes")
    try:
        function = entry.load()
    except ImportError as exc:
        raise ConfigError(
            f"{where}: function = {target!r}: module {module_name!r} cannot be imported ({exc})"
        ) from None
    except AttributeError:
        function = None
    if not callable(function):
        raise ConfigError(
            f"{where}: function = {target!r}: {module_name} has no function {attribute!r}"
        )
    return function


# -- reading them back -------------------------------------------------------------------------
def outcomes_from_meta(meta: Mapping[str, Any]) -> dict[str, SpecOutcome]:
    """The spec's outcomes as sweep.json describes them, by name."""
    parsed = parse_outcomes(meta.get("outcomes"), meta["years"], "sweep.json: sweep.")
    return {o.name: o for o in parsed}


def label_of(name: str, outcomes: Mapping[str, SpecOutcome] | None = None) -> tuple[str, str]:
    """An output's label and unit: the results schema's, or the spec outcome's."""
    if outcomes and name in outcomes:
        return outcomes[name].label, outcomes[name].unit
    declared = INDICATORS.get(name) or DERIVED.get(name)
    return (declared.label, declared.unit) if declared else (name, "")


def stored_columns(outputs: Sequence[str], outcomes: Mapping[str, SpecOutcome]) -> list[str]:
    """The schema outputs a set of outputs needs from the parts (spec outcomes' inputs too)."""
    columns: list[str] = []
    for name in outputs:
        columns.extend(outcomes[name].inputs if name in outcomes else [name])
    return list(dict.fromkeys(columns))
