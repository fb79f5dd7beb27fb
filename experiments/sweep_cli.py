"""The ``carescape sweep``, ``analyze``, ``reproduce`` and ``sweep-csv`` subcommands (a plugin)."""

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
    """Add ``sweep``, ``analyze``, ``reproduce`` and ``sweep-csv`` to the command line."""
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
    sweep.add_argument(
        "--compact",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="when every run is done, fold the per-run parts into files of 256 runs "
        "(default: for sweeps of 100 runs or more)",
    )
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
        "--prim",
        metavar="EXPR",
        help='PRIM boxes where EXPR holds, e.g. "net_cost_eur > 0" (with arms: on each arm\'s '
        "paired contrast with the first arm; else on the point means)",
    )
    analyze.add_argument(
        "--prim-threshold",
        type=float,
        default=0.8,
        help="the density a PRIM box should reach (default 0.8)",
    )
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

    export = subparsers.add_parser(
        "sweep-csv",
        help="a sweep as one CSV (a row per run and year) with a codebook, for R or SPSS",
        description="Write DIR's runs as sweep.csv (plain column names, '.' decimals) and "
        "codebook.csv.",
    )
    export.add_argument("folder", type=Path, help="the sweep's output folder")
    export.add_argument("--out", help="where to write (default FOLDER/csv)")
    export.add_argument("--outputs", nargs="+", help="outputs to include (default: all stored)")
    export.set_defaults(func=cmd_sweep_csv)


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
            compact_parts=args.compact,
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
        + f"\nwrote {outcome.out}/data"
        + (
            f" (compacted into {outcome.compacted} file{'s' * (outcome.compacted != 1)})"
            if outcome.compacted
            else ""
        )
        + ", manifest.parquet, sweep.json"
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
    if not 0 < args.prim_threshold <= 1:
        raise ConfigError(f"--prim-threshold = {args.prim_threshold} must lie in (0, 1]")
    report = analyze(
        args.folder,
        outputs=args.outputs,
        year=args.year,
        out=out,
        plots=not args.no_plots,
        prim=args.prim,
        prim_threshold=args.prim_threshold,
        formats=formats,
        dpi=args.dpi,
    )
    print(format_report(report))
    return 0


def cmd_sweep_csv(args: argparse.Namespace) -> int:
    """sweep.csv and codebook.csv of a sweep folder, written as one result set."""
    from experiments.analysis import load_meta
    from experiments.output import result_set
    from experiments.provenance import identity
    from experiments.sweep_csv import CSV_FILES, export_frames, write_csv

    meta = load_meta(args.folder)
    unknown = [o for o in args.outputs or () if o not in meta["outputs"]]
    if unknown:
        raise ConfigError(
            f"--outputs: {unknown[0]!r} is not in this sweep's outputs; use "
            + ", ".join(meta["outputs"])
        )
    out = check_out(args.out, Path(args.folder) / "csv", replaces=CSV_FILES)
    rows, codebook = export_frames(args.folder, args.outputs)
    stamp = identity("sweep-csv", meta["seeds"], {"sweep": meta.get("fingerprint")})
    with result_set(out, stamp) as files:
        write_csv(rows, files.path("sweep.csv"))
        write_csv(codebook, files.path("codebook.csv"))
    runs, years = (rows["run"].nunique(), rows["year"].nunique()) if len(rows) else (0, 0)
    print(
        f"{meta['name']}: {len(rows)} rows ({runs} runs x {years} years) and "
        f"{len(rows.columns)} columns\nwrote {out}/sweep.csv, codebook.csv"
    )
    return 0


def cmd_reproduce(args: argparse.Namespace) -> int:
    """Rerun one run; exit 0 if it equals its stored part, 1 if it differs."""
    from experiments.reproduce import format_reproduction, reproduce

    result = reproduce(args.folder, args.run)
    print(format_reproduction(result))
    return 0 if result.ok else 1
