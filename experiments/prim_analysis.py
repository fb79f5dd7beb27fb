"""Scenario discovery on a sweep: under which conditions does an arm fail (PRIM).

``carescape analyze DIR --prim "net_cost_eur > 0"`` marks every design point where the
condition holds as a *case of interest* and lets PRIM (the EMA Workbench's Patient Rule
Induction Method) find boxes over the design's factors that hold many of those cases.
With arms the condition reads the *paired contrast* of each arm with the reference (a
name is the arm-minus-reference difference of the replicate means, ``diff_mean`` in
contrasts.parquet), and each arm gets its own boxes; without arms it reads the point's
replicate mean of each output.

The condition is a restricted expression read with ``ast`` (never ``eval``): output
names, numbers, ``+ - * /``, ``abs(...)``, comparisons ``< <= > >= == !=`` and
``and``/``or``/``not``.

A box reports its **coverage** (the share of all cases of interest inside it),
**density** (the share of points inside it that are cases) and **mass** (the share of
points inside it). Along PRIM's peeling trajectory the box kept is the one with the
highest coverage whose density reaches ``threshold`` (else the densest); up to
``max_boxes`` boxes are found one after another on the cases left outside the earlier
ones. Output: ``prim_boxes.parquet`` and ``prim_boxes.csv`` (one row per arm, box and
factor: the box's limits next to the factor's range), ``prim.txt``, ``prim_<arm>.png``
and the peeling trajectory ``prim_trajectory_<arm>`` (SVG/PDF/PNG as the sweep's other
figures: each box's steps as coverage against density, coloured by the number of
factors restricted, the kept step marked - the trade-off behind the chosen box).
"""

from __future__ import annotations

import ast
import logging
import math
import operator
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from model.params import ConfigError

THRESHOLD = 0.8
MAX_BOXES = 3
COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
ARITHMETIC: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
ALLOWED = (
    "allowed: output names, numbers, + - * /, abs(...), comparisons < <= > >= == != "
    'and and/or/not, e.g. "net_cost_eur > 0 and clients_wmo < 900"'
)
BOX_COLUMNS = [
    "arm",
    "box",
    "factor",
    "lower",
    "upper",
    "values",
    "range_lower",
    "range_upper",
    "restricted",
    "coverage",
    "density",
    "mass",
    "cases",
    "points",
]


# -- the condition ---------------------------------------------------------------------------
def condition(text: str, names: list[str]) -> Callable[[Mapping[str, np.ndarray]], np.ndarray]:
    """A checked condition: a function of the columns that gives one bool per point."""
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        raise ConfigError(f"--prim {text!r} is not an expression ({exc.msg}); {ALLOWED}") from None
    _check(tree, names, text)

    def evaluate(columns: Mapping[str, np.ndarray]) -> np.ndarray:
        with np.errstate(all="ignore"):
            result = np.asarray(_evaluate(tree, columns))
        if result.dtype != bool:
            raise ConfigError(f"--prim {text!r} gives numbers, not true/false; {ALLOWED}")
        return result

    return evaluate


def _check(node: ast.AST, names: list[str], text: str) -> None:
    """Refuse anything but the small language; name the valid outputs for a bad name."""
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise ConfigError(
                f"--prim {text!r}: {node.id!r} is not an output of this analysis; use "
                f"{', '.join(names)}"
            )
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return
    children: list[ast.AST]
    if isinstance(node, ast.BoolOp):
        children = list(node.values)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub | ast.UAdd):
        children = [node.operand]
    elif isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC:
        children = [node.left, node.right]
    elif isinstance(node, ast.Compare) and all(type(op) in COMPARE for op in node.ops):
        children = [node.left, *node.comparators]
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "abs"
        and len(node.args) == 1
        and not node.keywords
    ):
        children = list(node.args)
    else:
        shown = ast.get_source_segment(text, node) or type(node).__name__
        raise ConfigError(f"--prim {text!r}: {shown!r} is not allowed; {ALLOWED}")
    for child in children:
        _check(child, names, text)


def _evaluate(node: ast.AST, columns: Mapping[str, np.ndarray]) -> Any:
    if isinstance(node, ast.Name):
        return np.asarray(columns[node.id], dtype=float)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.BoolOp):
        parts = [np.asarray(_evaluate(v, columns), bool) for v in node.values]
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        return combine.reduce(parts)
    if isinstance(node, ast.UnaryOp):
        value = _evaluate(node.operand, columns)
        if isinstance(node.op, ast.Not):
            return np.logical_not(value)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        return ARITHMETIC[type(node.op)](
            _evaluate(node.left, columns), _evaluate(node.right, columns)
        )
    if isinstance(node, ast.Compare):
        left, result = _evaluate(node.left, columns), None
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _evaluate(right_node, columns)
            step = COMPARE[type(op)](left, right)
            result = step if result is None else np.logical_and(result, step)
            left = right
        return result
    return np.abs(_evaluate(node.args[0], columns))  # abs(...), the only call _check allows


# -- PRIM ------------------------------------------------------------------------------------
def find_boxes(
    x: pd.DataFrame, y: np.ndarray, threshold: float = THRESHOLD, max_boxes: int = MAX_BOXES
) -> pd.DataFrame:
    """PRIM boxes for the cases ``y`` over the inputs ``x`` (see the module docstring).

    Numbers and booleans in ``x`` are used as floats; text columns as categories.
    Returns one row per box and factor (``BOX_COLUMNS`` without ``arm``).
    """
    x = _prim_ready(x)
    y = np.asarray(y, bool)
    rows: list[dict[str, Any]] = []
    for number, box, init, _ in _peel(x, y, threshold, max_boxes):
        rows += _box_rows(number, box, init, x, y)
    return pd.DataFrame(rows, columns=[c for c in BOX_COLUMNS if c != "arm"])


def _peel(x: pd.DataFrame, y: np.ndarray, threshold: float, max_boxes: int):
    """PRIM's boxes one after another: (number, box, initial box, chosen step).

    Each box is set to its chosen step before the next is searched (on the cases left).
    """
    from ema_workbench.analysis import prim

    if len(x) < 2 or not y.any() or y.all():
        return
    logging.getLogger("EMA").setLevel(logging.WARNING)
    finder = prim.Prim(x, y, peel_alpha=0.1, mass_min=max(0.05, 1 / len(x)))
    for number in range(1, max_boxes + 1):
        box = finder.find_box()
        if box is None:
            return
        trajectory = box.peeling_trajectory
        dense = trajectory[trajectory["density"] >= threshold]
        chosen = int(dense["coverage"].idxmax() if len(dense) else trajectory["density"].idxmax())
        box.select(chosen)
        yield number, box, finder.box_init, chosen
        if box.density < threshold or box.coverage >= 1.0:
            return  # no dense box left, or every case is explained


def peeling_trajectories(
    x: pd.DataFrame, y: np.ndarray, threshold: float = THRESHOLD, max_boxes: int = MAX_BOXES
) -> pd.DataFrame:
    """Every step of PRIM's peeling per box, as ``find_boxes`` walks it.

    Returns one row per box and step: ``box``, ``step``, ``coverage``, ``density``,
    ``mass``, ``restricted`` (the number of factors the step's box restricts) and
    ``chosen`` (the step ``find_boxes`` keeps).
    """
    frames = []
    for number, box, _, chosen in _peel(_prim_ready(x), np.asarray(y, bool), threshold, max_boxes):
        steps = box.peeling_trajectory
        frames.append(
            pd.DataFrame(
                {
                    "box": number,
                    "step": steps.index.to_numpy(),
                    "coverage": steps["coverage"].to_numpy(float),
                    "density": steps["density"].to_numpy(float),
                    "mass": steps["mass"].to_numpy(float),
                    "restricted": steps["res_dim"].to_numpy(int),
                    "chosen": steps.index.to_numpy() == chosen,
                }
            )
        )
    columns = ["box", "step", "coverage", "density", "mass", "restricted", "chosen"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def _prim_ready(x: pd.DataFrame) -> pd.DataFrame:
    ready = x.copy()
    for column in ready.columns:
        if ready[column].dtype.kind in "iub":
            ready[column] = ready[column].astype(float)
        elif ready[column].dtype.kind not in "f":
            ready[column] = ready[column].astype("category")
    return ready


def _box_rows(
    number: int, box: Any, init: pd.DataFrame, x: pd.DataFrame, y: np.ndarray
) -> list[dict[str, Any]]:
    limits = box.box_lims[box._cur_box]
    inside = np.ones(len(x), bool)
    rows = []
    for factor in x.columns:
        low, high = limits.loc[0, factor], limits.loc[1, factor]
        full_low, full_high = init.loc[0, factor], init.loc[1, factor]
        if isinstance(low, set):  # a categorical factor: the box keeps a subset
            kept = sorted(low, key=str)
            inside &= x[factor].isin(kept).to_numpy()
            row = {"lower": math.nan, "upper": math.nan, "values": ", ".join(map(str, kept))}
            row |= {"range_lower": math.nan, "range_upper": math.nan}
            row["restricted"] = len(low) < len(full_low)
        else:
            values = x[factor].to_numpy(float)
            inside &= (values >= low) & (values <= high)
            row = {"lower": float(low), "upper": float(high), "values": ""}
            row |= {"range_lower": float(full_low), "range_upper": float(full_high)}
            row["restricted"] = bool(low > full_low or high < full_high)
        rows.append({"box": number, "factor": factor, **row})
    stats = {
        "coverage": float(box.coverage),
        "density": float(box.density),
        "mass": float(box.mass),
        "cases": int(y[inside].sum()),
        "points": int(inside.sum()),
    }
    return [row | stats for row in rows]


# -- on a sweep ------------------------------------------------------------------------------
def prim_table(
    expression: str,
    design: pd.DataFrame,
    factors: list[dict],
    summary: pd.DataFrame,
    contrasts: pd.DataFrame | None,
    threshold: float = THRESHOLD,
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """PRIM boxes per arm (contrasts) or for the sweep (point means) of a condition.

    Returns:
        The boxes (``BOX_COLUMNS``) and, per arm (or ``""``), the points PRIM saw: the
        factors, the outputs the condition reads and the ``case`` column.
    """
    paths = [f["path"] for f in factors]
    if not paths:
        raise ConfigError("--prim needs a design with factors to find boxes in")
    if contrasts is not None and not contrasts.empty:
        wide = contrasts.pivot_table(index=["arm", "point"], columns="output", values="diff_mean")
        groups = {arm: frame.droplevel("arm") for arm, frame in wide.groupby(level="arm")}
    else:
        keys = ["point", "arm"] if "arm" in summary.columns else ["point"]
        wide = summary.pivot_table(index=keys, columns="output", values="mean")
        groups = {"": wide}
    test = condition(expression, list(wide.columns))
    frames, seen = [], {}
    for arm, frame in groups.items():
        points = design.set_index("point")[paths].loc[frame.index]
        cases = test({c: frame[c].to_numpy() for c in frame.columns})
        seen[arm] = points.assign(**{c: frame[c] for c in frame.columns}, case=cases)
        boxes = find_boxes(points.reset_index(drop=True), cases, threshold)
        frames.append(boxes.assign(arm=arm)[BOX_COLUMNS])
    return pd.concat(frames, ignore_index=True), seen


def format_prim(
    expression: str,
    boxes: pd.DataFrame,
    seen: Mapping[str, pd.DataFrame],
    threshold: float = THRESHOLD,
) -> str:
    """The boxes in words: per arm, how many cases, and each box's limits and quality."""
    what = "arm minus reference, paired" if any(seen) else "point means over replicates"
    lines = [f"PRIM: where {expression!r} holds ({what})"]
    for arm, points in seen.items():
        cases = int(points["case"].sum())
        head = f"  {arm}: " if arm else "  "
        lines.append(f"{head}{cases} of {len(points)} design points are cases")
        part = boxes[boxes["arm"] == arm]
        if part.empty:
            why = "no point is a case" if cases == 0 else "every point is a case"
            lines.append(f"    no box: {why}, so there is nothing to tell apart")
        for number, rows in part.groupby("box", sort=True):
            first = rows.iloc[0]
            lines.append(
                f"    box {number}: coverage {first['coverage']:.0%}, density "
                f"{first['density']:.0%}, {first['points']} points ({first['cases']} cases)"
                + (
                    f"; below the {threshold:.0%} density aimed at: a weak box"
                    if first["density"] < threshold
                    else ""
                )
            )
            restricted = rows[rows["restricted"]]
            for row in restricted.to_dict("records"):
                limits = row["values"] or f"{row['lower']:.4g} .. {row['upper']:.4g}"
                full = (
                    ""
                    if row["values"]
                    else f"  (of {row['range_lower']:.4g} .. {row['range_upper']:.4g})"
                )
                lines.append(f"      {row['factor']:<44} {limits}{full}")
            if restricted.empty:
                lines.append("      (no factor restricted: the cases are spread over the design)")
    return "\n".join(lines)


def prim_plot(
    expression: str, arm: str, boxes: pd.DataFrame, points: pd.DataFrame, path: Path
) -> Path:
    """Each box's limits per restricted factor on the factor's range, with the points."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    part = boxes[(boxes["arm"] == arm) & boxes["restricted"] & (boxes["values"] == "")]
    factors = (
        list(dict.fromkeys(part["factor"]))
        or [c for c in points.columns if c in set(boxes["factor"])][:1]
    )
    fig, ax = plt.subplots(figsize=(7.5, 1.6 + 0.8 * max(len(factors), 1)))
    colours = ("tab:red", "tab:blue", "tab:green")
    for i, factor in enumerate(factors):
        values = points[factor].astype(float)
        low, high = float(values.min()), float(values.max())
        span = (high - low) or 1.0
        scaled = (values - low) / span
        jitter = np.linspace(-0.12, 0.12, len(values))
        ax.scatter(scaled[~points["case"]], i + jitter[~points["case"]], s=8, c="0.7")
        ax.scatter(scaled[points["case"]], i + jitter[points["case"]], s=10, c="black")
        for (number, rows), colour in zip(
            part[part["factor"] == factor].groupby("box"), colours, strict=False
        ):
            row = rows.iloc[0]
            a, b = (row["lower"] - low) / span, (row["upper"] - low) / span
            level = i + 0.2 + 0.12 * (number - 1)
            ax.plot([a, b], [level] * 2, color=colour, lw=4, label=f"box {number}")
            ax.annotate(
                f"{row['lower']:.3g} .. {row['upper']:.3g}",
                (b, level),
                xytext=(4, -3),
                textcoords="offset points",
                fontsize=7,
            )
    ax.set_yticks(range(len(factors)), factors, fontsize=7)
    ax.set_xlim(-0.02, 1.3)
    ax.set_ylim(-0.5, len(factors) - 0.5 + 0.15 * max(len(part["box"].unique()), 1))
    ax.set_xlabel("position in the factor's sampled range (0 = lowest, 1 = highest)", fontsize=8)
    stats = part.drop_duplicates("box")
    title = f"PRIM: {expression}" + (f" ({arm} vs reference)" if arm else "")
    detail = "; ".join(
        f"box {r.box}: coverage {r.coverage:.0%}, density {r.density:.0%}"
        for r in stats.itertuples()
    )
    ax.set_title(
        f"{title}\n{detail or 'no box restricts a factor'}; black: cases, grey: others", fontsize=8
    )
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        unique = dict(zip(labels, handles, strict=True))
        ax.legend(unique.values(), unique.keys(), fontsize=7, loc="lower right")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=150)
    plt.close(fig)
    return path


def trajectory_plot(
    expression: str,
    arm: str,
    points: pd.DataFrame,
    factors: list[str],
    threshold: float = THRESHOLD,
    note: str = "",
):
    """PRIM's peeling trajectory per box: coverage against density, the kept step marked.

    ``points`` are the points PRIM saw (``prim_table``'s ``seen[arm]``: the factors and
    ``case``); ``note`` goes under the figure (year, aggregation, n).
    """
    import matplotlib

    from experiments.sweep_plots import COLOURS, STYLE, add_note, sweep_figure

    steps = peeling_trajectories(points[factors].reset_index(drop=True), points["case"], threshold)
    boxes = sorted(steps["box"].unique()) or [0]
    width = 5.2 if len(boxes) == 1 else 3.8
    fig, axes = sweep_figure(len(boxes), cols=3, width=width, height=3.4, sharey=True)
    dims = sorted(steps["restricted"].unique())
    colour = {d: COLOURS[i % len(COLOURS)] for i, d in enumerate(dims)}
    for ax, number in zip(axes, boxes, strict=True):
        part = steps[steps["box"] == number]
        ax.plot(part["coverage"], part["density"], color="#9aa5b1", lw=0.8, zorder=1)
        for d in dims:
            at = part[part["restricted"] == d]
            if len(at):
                ax.scatter(at["coverage"], at["density"], s=16, color=colour[d], zorder=2,
                           label=f"{d} factor{'s' if d != 1 else ''} restricted")  # fmt: skip
        for row in part[part["chosen"]].itertuples():
            ax.scatter(row.coverage, row.density, s=110, facecolors="none", edgecolors="black",
                       lw=1.4, zorder=3, label="box kept")  # fmt: skip
            ax.annotate(
                f"kept: coverage {row.coverage:.0%}, density {row.density:.0%}",
                (row.coverage, row.density),
                xytext=(-6, 8),
                textcoords="offset points",
                ha="right",
                fontsize=6.5,
            )
        ax.axhline(threshold, ls="--", lw=0.8, color="#c2410c", label="density aimed at")
        ax.set_xlim(-0.02, 1.05)
        ax.set_ylim(0, 1.05)
        ax.set_xlabel("coverage (share of all cases inside the box)")
        ax.set_title(f"box {number}" if number else "no box: nothing to tell apart")
        ax.grid(color="#e4e7eb", lw=0.6)
    axes[0].set_ylabel("density (share of cases among the box's points)")
    handles, labels = axes[0].get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    if unique:
        with matplotlib.rc_context(STYLE):
            fig.legend(unique.values(), unique.keys(), loc="upper left", bbox_to_anchor=(0, 0),
                       ncols=min(len(unique), 3), alignment="left")  # fmt: skip
    title = f"PRIM peeling trajectory: {expression}" + (f" ({arm} vs reference)" if arm else "")
    fig.suptitle(title)
    cases = int(np.asarray(points["case"], bool).sum())
    extra = (
        f"PRIM over {len(points)} design points ({cases} cases: the condition holds). Each "
        "dot is a step of peeling the box; later steps restrict more factors and trade "
        f"coverage for density; the kept step has the highest coverage at density >= "
        f"{threshold:.0%} (else the densest)."
    )
    add_note(fig, f"{note} {extra}".strip())
    return fig


def prim_note(
    expression: str,
    meta: Mapping[str, Any],
    year: str,
    values: pd.DataFrame,
    outcomes: Mapping[str, Any] | None = None,
) -> str:
    """The figure note for a PRIM figure: year, how the condition's outputs aggregate, n."""
    from experiments.sweep_labels import aggregation_text, figure_note, output_kind

    tree = ast.parse(expression, mode="eval")
    names = list(dict.fromkeys(n.id for n in ast.walk(tree) if isinstance(n, ast.Name)))
    kinds = {name: output_kind(name, outcomes) for name in names}
    if len(set(kinds.values())) <= 1:
        return figure_note(meta, year, next(iter(kinds.values()), "stock"), values)
    each = "; ".join(f"{n}: {aggregation_text(k, year)}" for n, k in kinds.items())
    return figure_note(meta, year, kinds[names[0]], values, f"Per output: {each}.")
