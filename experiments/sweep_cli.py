"""The ``carescape sweep``, ``analyze`` and ``reproduce`` subcommands (a CLI plugin)."""

from __future__ import annotations

import argparse
import errno
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from experiments.output import check_out
from experiments.workers import WORKERS_HELP
from model.params import ConfigError

# A full disk, a quota, a read-only remount: the sweep stops, its finished runs stay.
DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``sweep``, ``analyze`` and ``reproduce`` to the ``carescape`` command line."""
    sweep = subparsers.add_parser(
        "sweep",
        help="run a sweep (grid, LHS, Sobol or Morris design) from a TOML spec",
        description="Run every design point x seed of a sweep spec; rerun to resume.",
    )
    sweep.add_argument("spec", type=Path, help="the sweep file (TOML, see experiments/specs/)")
    sweep.add_argument("--out", required=True, help="output folder (resumable)")
    sweep.add_argument("--workers", type=int, help=WORKERS_HELP)
    where = sweep.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="a Dask scheduler, tls://host:8786 (plain tcp:// only on loopback: see README)",
    )
    where.add_argument(
        "--dask-local", action="store_true", help="start a Dask LocalCluster with --workers"
    )
    sweep.add_argument("--dry-run", action="store_true", help="validate and show the design only")
    sweep.add_argument("--no-progress", action="store_true", help="no progress bar")
    sweep.set_defaults(func=cmd_sweep)

    analyze = subparsers.add_parser(
        "analyze",
        help="summaries with replicate intervals, Sobol/Morris indices, main-effect plots",
        description="Analyse a sweep folder written by `carescape sweep`.",
    )
    analyze.add_argument("folder", type=Path, help="the sweep's output folder")
    analyze.add_argument(
        "--outputs", nargs="+", help="indicators to analyse (default: the spec's, or headline)"
    )
    analyze.add_argument(
        "--year", default="last", help="recorded year to summarise: N, 'last' (default) or 'all'"
    )
    analyze.add_argument("--out", help="where to write (default FOLDER/analysis)")
    analyze.add_argument("--no-plots", action="store_true", help="skip the figures")
    analyze.add_argument(
        "--formats", default="svg,pdf,png", help="figure formats, comma-separated (svg,pdf,png)"
    )
    analyze.add_argument("--dpi", type=int, default=200, help="resolution of PNG figures")
    analyze.set_defaults(func=cmd_analyze)

    reproduce = subparsers.add_parser(
        "reproduce",
        help="run one run of a sweep again and check it against its stored part",
        description="Rebuild a sweep's run from sweep.json, rerun it, compare it exactly.",
    )
    reproduce.add_argument("folder", type=Path, help="the sweep's output folder")
    reproduce.add_argument("run", type=int, help="the run number (manifest.parquet's run)")
    reproduce.set_defaults(func=cmd_reproduce)


def cmd_sweep(args: argparse.Namespace) -> int:
    """Validate the spec, then run the missing runs; exit 1 if any run failed."""
    from experiments.sweep import load_spec, make_design, plan_runs
    from experiments.sweep_run import run_sweep, scheduler_warning

    if args.workers == 0 and (args.scheduler or args.dask_local):
        raise ConfigError("--workers 0 runs in this process; it cannot be used with Dask")
    args.out = check_out(args.out, args.out)  # a sweep folder accumulates runs: not replaced
    spec = load_spec(args.spec)
    warning = scheduler_warning(args.scheduler) if args.scheduler else None
    if warning:
        print(f"carescape: warning: {warning}", file=sys.stderr)
    if args.dry_run:
        design = make_design(spec)
        print(describe(spec, len(design), len(plan_runs(spec, design))))
        return 0
    try:
        outcome = run_sweep(
            spec,
            args.out,
            workers=args.workers,
            scheduler=args.scheduler,
            dask_local=args.dask_local,
            progress=not args.no_progress,
        )
    except KeyboardInterrupt:
        print(
            f"\ncarescape: interrupted; rerun the same command to resume into {args.out}",
            file=sys.stderr,
        )
        return 130
    except BrokenProcessPool:
        print(
            "\ncarescape: a worker process died (out of memory, or killed); finished runs are "
            f"kept: rerun the same command to resume into {args.out}",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        if exc.errno not in DISK_ERRORS:
            raise
        print(
            f"\ncarescape: error: writing into {args.out} failed ({exc.strerror}); finished runs "
            "are kept: make room and rerun the same command to resume",
            file=sys.stderr,
        )
        return 1
    done = outcome.runs - outcome.failed
    print(
        f"{spec.name}: {done} of {outcome.runs} runs done ({outcome.already_done} before, "
        f"{outcome.ran} run now in {outcome.seconds:.1f} s)"
        + (
            f"; {outcome.failed} failed (see manifest.parquet), rerun to retry"
            if outcome.failed
            else ""
        )
        + f"\nwrote {outcome.out}/data (one part per run), manifest.parquet, sweep.json"
    )
    return 1 if outcome.failed else 0


def describe(spec, points: int, runs: int) -> str:
    """A readable account of a sweep's design (for --dry-run)."""
    lines = [
        f"{spec.name}: {spec.design} design, {points} points x "
        + (f"{len(spec.arms)} arms x " if spec.arms else "")
        + f"{len(spec.seeds)} seeds = "
        f"{runs} runs of {spec.years} years on {spec.profile.name}"
        f" ({spec.constants.get('population.residents', spec.profile['population.residents']):,}"
        " residents)"
    ]
    for factor in spec.factors:
        span = (
            ", ".join(repr(v) for v in factor.values)
            if factor.values is not None
            else f"{factor.low} .. {factor.high}"
        )
        lines.append(f"  {factor.kind:<11} {factor.path:<44} {span}")
    for path, value in spec.constants.items():
        lines.append(f"  {'constant':<11} {path:<44} {value!r}")
    for arm in spec.arms:
        settings = ", ".join(f"{k} = {v!r}" for k, v in arm.settings.items())
        source = f"scenario {arm.scenario_name}" if arm.scenario_name else "the sweep's scenario"
        lines.append(
            f"  {'arm':<11} {arm.name:<44} {source}" + (f"; {settings}" if settings else "")
        )
    lines.append(f"  outputs: {', '.join(spec.outputs) if spec.outputs_chosen else 'all'}")
    return "\n".join(lines)


def cmd_analyze(args: argparse.Namespace) -> int:
    """Summaries, sensitivity indices and plots for a sweep folder."""
    from experiments.analysis import ANALYSIS_FILES, analyze, format_report
    from experiments.sweep_plots import parse_formats

    formats = parse_formats(args.formats)
    if not 50 <= args.dpi <= 1200:
        raise ConfigError(f"--dpi = {args.dpi} is not allowed; use an integer in [50, 1200]")
    out = check_out(args.out, Path(args.folder) / "analysis", replaces=ANALYSIS_FILES)
    report = analyze(
        args.folder, args.outputs, args.year, out, not args.no_plots, formats, args.dpi
    )
    print(format_report(report))
    return 0


def cmd_reproduce(args: argparse.Namespace) -> int:
    """Rerun one run; exit 0 if it equals its stored part, 1 if it differs."""
    from experiments.reproduce import format_reproduction, reproduce

    result = reproduce(args.folder, args.run)
    print(format_reproduction(result))
    return 0 if result.ok else 1
