"""The ``carescape`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points
from pathlib import Path

from experiments import sweep_cli
from experiments.output import OutputError, check_out, safe_name
from experiments.workers import WORKERS_HELP, worker_count
from model.params import REGISTRY, ConfigError, load_preset, preset_names, shown

# Commands from a higher floor (the app in viz/) register themselves through this
# entry-point group, declared in pyproject.toml; each entry is register(subparsers) -> None.
COMMAND_GROUP = "carescape.commands"
# Entry points the installed package declares; if one is missing the command says why.
EXPECTED_COMMANDS = {"ui": "start the what-if app in the browser (offline)"}
MAX_SEED = 2**63 - 1  # what numpy's generators take as one integer seed
MAX_REPLICATES = 1000


def _add_model_options(parser: argparse.ArgumentParser, years: int = 10) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--preset", help="built-in municipality (see `carescape presets`)")
    source.add_argument("--profile", type=Path, help="a municipality profile (TOML)")
    parser.add_argument("--residents", type=int, help="override the number of residents")
    parser.add_argument(
        "--years", type=int, default=years, help=f"years to simulate (default {years})"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")


def _progress_printer(total_months: int):
    def show(model) -> None:
        done = model.month
        if done % 12 and done != total_months:
            return  # one update per simulated year keeps logs readable
        width = 30
        filled = int(width * done / total_months)
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done == total_months else ""
        print(f"\r  [{bar}] month {done}/{total_months}", end=end, file=sys.stderr, flush=True)

    return show


def cmd_run(args: argparse.Namespace) -> int:
    """Run one simulation and write its outputs."""
    from experiments.runner import RUN_FILES, run_model, write_run
    from model.params import resolve_profile
    from model.summary import format_yearly

    # The profile, the size and the output folder are checked before the first line.
    profile = resolve_profile(args.preset, args.profile)
    if args.residents is not None:
        profile = profile.with_overrides({"population.residents": args.residents})
    name = safe_name(args.preset or (args.profile.stem if args.profile else "default"))
    out = check_out(args.out, f"results/{name}", replaces=RUN_FILES)
    print(f"carescape: simulating {args.years} years (seed {args.seed}) ...", file=sys.stderr)
    model, table = run_model(
        progress=_progress_printer(args.years * 12),
        preset=None,
        profile=profile,
        years=args.years,
        rng=args.seed,
    )
    write_run(model, table, out)
    print(f"\n{model.profile.name}: {model.profile.description}")
    print(
        f"residents at start: {model.profile['population.residents']:,}; "
        "yearly averages (flows: sums)\n"
    )
    print(format_yearly(table, model.start_date.year))
    seconds = model.setup_seconds + model.run_seconds
    print(
        f"\nwrote {out / 'timeseries.parquet'} and {out / 'run.json'} ({seconds:.1f} s model time)"
    )
    return 0


def cmd_presets(args: argparse.Namespace) -> int:
    """List built-in presets."""
    for name in preset_names():
        profile = load_preset(name)
        print(f"{name:<10} {profile['population.residents']:>8,} residents  {profile.description}")
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    """List the parameter registry."""
    for name, p in REGISTRY.items():
        allowed = p.allowed()
        print(f"{name:<48} {p.default!s:>10}  {p.unit}  [{allowed}]\n{'':<48} source: {p.source}")
    return 0


def cmd_calibration(args: argparse.Namespace) -> int:
    """Target vs simulated vs source for every calibration target (one seed, quick look)."""
    from experiments.calibrate import simulate
    from experiments.targets import evaluate, format_table, resolve_targets
    from model.params import resolve_profile

    profile = resolve_profile(args.preset, args.profile)
    if args.residents is not None:
        profile = profile.with_overrides({"population.residents": args.residents})
    target_set = resolve_targets(args.preset, args.targets)
    print(f"carescape: calibration run, {args.years} years, seed {args.seed} ...", file=sys.stderr)
    runs = simulate(profile, [args.seed], args.years)
    skipped = target_set.missing_columns(list(runs[0]))
    evaluable = target_set.evaluable(list(runs[0]))
    results = evaluate(evaluable, runs)
    print(format_table(results))
    failing = [e.target.name for e in results if not e.holds]
    print(
        f"\n{len(results) - len(failing)} of {len(results)} targets within their band"
        + (f"; outside: {', '.join(failing)}" if failing else "")
    )
    if skipped:
        print(
            "not evaluable (indicator not recorded): "
            + "; ".join(f"{t} ({', '.join(c)})" for t, c in skipped.items())
        )
    return 0 if not failing else 1


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Fit the assumption parameters to a target set (experiments/calibrate.py)."""
    from experiments.calibrate import calibrate, progress_bar
    from experiments.targets import LOSS_DOC, format_table

    if args.seeds < 1 or args.trials < 1:
        raise ConfigError("--seeds and --trials must be at least 1")
    if args.out is not None:  # the default folder depends on the study's name
        args.out = check_out(args.out, args.out)
    seeds = list(range(args.seed, args.seed + args.seeds))
    start = args.profile or args.preset or "default"
    print(
        f"carescape: calibrating {start}: {args.trials} trial(s) x {len(seeds)} seeds x "
        f"{args.years} years\n  {LOSS_DOC}",
        file=sys.stderr,
    )
    result = calibrate(
        preset=args.preset,
        profile=args.profile,
        targets=args.targets,
        trials=args.trials,
        seeds=seeds,
        residents=args.residents,
        years=args.years,
        out=args.out,
        around=args.around,
        study_name=args.study,
        storage=args.storage,
        workers=args.workers,
        fit_path=args.fit,
        skip_missing=args.skip_missing,
        progress=progress_bar(args.trials),
    )
    print(format_table(result.evaluations))
    print(
        f"\nstudy {result.study} ({result.storage}): {result.trials} trials, best trial "
        f"{result.best_trial}, loss {result.loss:.4g}\n{LOSS_DOC}\n"
        f"wrote {result.profile_path}"
    )
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """The validation report: targets, patterns and trends (experiments/validate.py)."""
    from experiments.validate import REPORT_FILES, build_report, write_report

    name = args.profile.stem if args.profile else (args.preset or "default")
    out = check_out(args.out, f"results/validation-{safe_name(name)}", replaces=REPORT_FILES)
    print(
        f"carescape: validating {name}: {args.seeds} seeds x {args.years} years ...",
        file=sys.stderr,
    )
    report = build_report(
        preset=args.preset,
        profile_path=args.profile,
        seeds=args.seeds,
        years=args.years,
        residents=args.residents,
        targets=args.targets,
        workers=args.workers,
        patterns=not args.no_patterns,
        pattern_residents=args.pattern_residents,
    )
    md, page = write_report(report, out)
    print(f"{report.summary}\nwrote {md} and {page}")
    return 0


def cmd_scenarios(args: argparse.Namespace) -> int:
    """List built-in scenarios and the policy catalogue."""
    from model.policies import CATALOGUE
    from model.scenarios import load_scenario, scenario_names

    print("Built-in scenarios (carescape compare --scenario NAME):")
    for name in scenario_names():
        print(f"  {name:<22} {load_scenario(name).description}")
    print(
        "\nPolicies and external scenarios for scenario files ([policies.NAME] / [external.NAME]):"
    )
    for name, cls in CATALOGUE.items():
        params = ", ".join(k for k in cls.PARAMS)
        print(f"  {cls.kind:<8} {name:<22} {cls.label}" + (f"  ({params})" if params else ""))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """Scenario vs baseline with paired seeds, replicates in parallel."""
    import math
    import time

    from experiments.compare import (
        COMPARE_FILES,
        compare_table,
        contributions_table,
        plan_runs,
        refuse_empty,
        replicates_table,
        run_all,
        write_comparison,
    )
    from experiments.estimate import estimate_seconds, remaining_seconds, said
    from experiments.provenance import identity, package_version
    from experiments.report import format_comparison, format_contributions
    from experiments.workers import worker_count
    from model.params import resolve_profile
    from model.scenarios import load_scenario

    if not 2 <= args.replicates <= MAX_REPLICATES:
        raise ConfigError(
            f"--replicates = {args.replicates} is not allowed; use an integer in "
            f"[2, {MAX_REPLICATES}] (at least 2 for an interval)"
        )
    scenario = load_scenario(args.scenario)
    preset = args.preset or scenario.preset
    profile = resolve_profile(None if scenario.profile else preset, scenario.profile)
    if args.residents is not None:
        # Validates the size before any run starts; the runs get it through plan_runs.
        profile = profile.with_overrides({"population.residents": args.residents})
    refuse_empty(scenario)
    seeds = list(range(args.seed, args.seed + args.replicates))
    specs = plan_runs(
        scenario, seeds, args.years, preset, args.residents, not args.no_contributions
    )
    out = check_out(args.out, f"results/compare-{safe_name(scenario.name)}", replaces=COMPARE_FILES)
    workers = worker_count(args.workers)
    print(
        f"carescape: {scenario.name} vs baseline on {profile.name} "
        f"({profile['population.residents']:,} residents), {args.years} years, "
        f"{args.replicates} paired replicates, {len(specs)} runs; about "
        + said(estimate_seconds(len(specs), profile["population.residents"], args.years, workers))
        + " ...",
        file=sys.stderr,
    )
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        left = remaining_seconds(time.perf_counter() - started, done, total, workers)
        print(
            f"\r  runs done: {done}/{total}"
            + (f", about {said(left)} left   " if done < total and left < math.inf else ""),
            end="\n" if done == total else "",
            file=sys.stderr,
            flush=True,
        )

    results = run_all(specs, args.workers, progress)
    comparison = compare_table(results)
    contributions = contributions_table(results)
    meta = {
        "scenario": scenario.to_toml_dict(),
        "preset": preset,
        "seeds": seeds,
        "years": args.years,
        "residents": args.residents,
        "carescape_version": package_version(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    config = {
        "scenario": scenario.to_toml_dict(),
        "parameters": dict(profile.values),
        "years": args.years,
        "contributions": not args.no_contributions,
    }
    write_comparison(
        out,
        comparison,
        contributions,
        replicates_table(results),
        meta,
        identity("compare", seeds, config),
    )
    print(f"\n{scenario.name}: {scenario.description}\n")
    print(format_comparison(comparison, int(scenario.start[:4])))
    if contributions is not None:
        print("\n" + format_contributions(contributions))
    print(
        f"\nwrote {out}/comparison.parquet, replicates.parquet"
        + (", contributions.parquet" if contributions is not None else "")
        + f" ({meta['seconds']} s)"
    )
    return 0


def plugin_commands() -> dict[str, Callable[[argparse._SubParsersAction], None] | str]:
    """Installed subcommands of the ``carescape.commands`` group: name -> register function.

    A command whose entry point is declared but cannot be loaded maps to the reason.
    """
    found: dict[str, Callable[[argparse._SubParsersAction], None] | str] = {}
    for entry in entry_points(group=COMMAND_GROUP):
        if entry.name in found:  # the same package seen twice on the path
            continue
        try:
            found[entry.name] = entry.load()
        except ImportError as exc:
            found[entry.name] = f"its module could not be imported ({exc})"
    return found


def _unavailable(name: str, reason: str) -> Callable[[argparse.Namespace], int]:
    def cmd(args: argparse.Namespace) -> int:
        print(f"carescape: error: `carescape {name}` is unavailable: {reason}", file=sys.stderr)
        return 2

    return cmd


def _register_plugins(sub: argparse._SubParsersAction) -> None:
    """Add the entry-point commands; an expected one that is missing explains itself."""
    plugins = plugin_commands()
    for register in plugins.values():
        if callable(register):
            register(sub)
    for name, help_text in EXPECTED_COMMANDS.items():
        if callable(plugins.get(name)):
            continue
        reason = plugins.get(name) or (
            f"no '{COMMAND_GROUP}' entry point named '{name}' is installed (running from a "
            "source tree, or an install older than pyproject.toml?); install the package with "
            "`pip install -e .` (or `make`) to get it"
        )
        stub = sub.add_parser(name, help=f"[unavailable] {help_text}", add_help=False)
        stub.set_defaults(func=_unavailable(name, str(reason)), any_arguments=True)


def _add_start_and_targets(parser: argparse.ArgumentParser, profile_role: str) -> None:
    """--preset or --profile (one of them), and --targets defaulting to theirs."""
    start = parser.add_mutually_exclusive_group()
    start.add_argument("--preset", help="municipality preset (default: default)")
    start.add_argument("--profile", type=Path, help=f"a profile file {profile_role}")
    parser.add_argument(
        "--targets", help="target set name or TOML file (default: the preset's or profile's)"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with all subcommands."""
    parser = argparse.ArgumentParser(prog="carescape", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run one simulation")
    _add_model_options(run)
    run.add_argument("--out", help="output folder (default results/<preset>)")
    run.set_defaults(func=cmd_run)
    sub.add_parser("presets", help="list built-in municipalities").set_defaults(func=cmd_presets)
    sub.add_parser(
        "params", help="list all parameters with units, ranges and sources"
    ).set_defaults(func=cmd_params)
    sub.add_parser("scenarios", help="list built-in scenarios and policies").set_defaults(
        func=cmd_scenarios
    )
    compare = sub.add_parser("compare", help="scenario vs baseline with paired replicates")
    compare.add_argument("--scenario", required=True, help="built-in scenario name or TOML file")
    compare.add_argument("--preset", help="municipality preset (default: the scenario's)")
    compare.add_argument("--residents", type=int, help="override the number of residents")
    compare.add_argument("--years", type=int, default=10, help="years (default 10)")
    compare.add_argument(
        "--replicates", type=int, default=10, help="paired replicates (default 10)"
    )
    compare.add_argument("--seed", type=int, default=1, help="first seed (default 1)")
    compare.add_argument("--workers", type=int, help=WORKERS_HELP)
    compare.add_argument("--out", help="output folder (default results/compare-<scenario>)")
    compare.add_argument(
        "--no-contributions", action="store_true", help="skip the leave-one-out runs for packages"
    )
    compare.set_defaults(func=cmd_compare)
    sweep_cli.register(sub)  # sweep, analyze and reproduce
    _register_plugins(sub)  # ui (from viz, through the entry points)
    calibration = sub.add_parser("calibration", help="compare the baseline with real figures")
    _add_model_options(calibration, years=5)
    calibration.add_argument("--targets", help="target set name or TOML file (default: preset's)")
    calibration.set_defaults(func=cmd_calibration)
    calib = sub.add_parser(
        "calibrate", help="fit the assumption parameters to the targets (Optuna, resumable)"
    )
    _add_start_and_targets(calib, "to start from, e.g. one from `profile build`")
    calib.add_argument("--fit", help="what to fit (default model/presets/calibration.toml)")
    calib.add_argument(
        "--around",
        type=float,
        help="search only within +- this fraction of the start's values (local refinement; "
        "a profile built from figures: 0.3 on its first fit)",
    )
    calib.add_argument("--trials", type=int, default=20, help="trials to run now (default 20)")
    calib.add_argument("--seeds", type=int, default=3, help="seeds per trial (default 3)")
    calib.add_argument("--seed", type=int, default=1, help="first seed (default 1)")
    calib.add_argument("--residents", type=int, help="override the number of residents")
    calib.add_argument("--years", type=int, default=10, help="years (default 10)")
    calib.add_argument("--out", help="output folder (default results/calibrate-STUDY)")
    calib.add_argument("--study", help="study name (default PRESET-TARGETS); reuse to continue")
    calib.add_argument("--storage", type=Path, help="journal file (default OUT/study.journal)")
    calib.add_argument("--workers", type=int, help=WORKERS_HELP)
    calib.add_argument(
        "--skip-missing",
        action="store_true",
        help="fit without targets whose indicators are not recorded (default: refuse)",
    )
    calib.set_defaults(func=cmd_calibrate)
    validate = sub.add_parser(
        "validate", help="validation report (targets, patterns, trends): md and html"
    )
    _add_start_and_targets(validate, "whose fit report to write (its own targets)")
    validate.add_argument("--out", help="output folder (default results/validation-P)")
    validate.add_argument("--seeds", type=int, default=5, help="seeds, at least 5 (default 5)")
    validate.add_argument("--years", type=int, default=10, help="years (default 10)")
    validate.add_argument("--residents", type=int, help="override the number of residents")
    validate.add_argument("--workers", type=int, help=WORKERS_HELP)
    validate.add_argument(
        "--pattern-residents", type=int, default=12000, help="residents in pattern experiments"
    )
    validate.add_argument("--no-patterns", action="store_true", help="skip pattern experiments")
    validate.set_defaults(func=cmd_validate)
    profile = sub.add_parser("profile", help="build a municipality's profile from its figures")
    profile_sub = profile.add_subparsers(dest="profile_command", required=True)
    build = profile_sub.add_parser("build", help="figures file (TOML or CSV) -> profile + targets")
    build.add_argument("figures", help="figures file (model/presets/figures/template.toml)")
    build.add_argument("--out", required=True, help="profile TOML to write (targets beside it)")
    build.set_defaults(func=cmd_profile_build)
    return parser


def cmd_profile_build(args: argparse.Namespace) -> int:
    """Check the figures (all problems at once), then write profile and targets."""
    from experiments import figures

    built = figures.build(args.figures, args.out)
    figures.write(built, args.out)
    print(f"wrote {args.out} and {built.targets_path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``carescape`` console script."""
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown and not getattr(args, "any_arguments", False):  # only an unavailable command
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        _check_common(args)
        return args.func(args)
    except ConfigError as exc:
        print(f"carescape: error: {exc}", file=sys.stderr)
        return 2
    except OutputError as exc:  # a full disk and the like: the message says what was kept
        print(f"carescape: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `carescape params | head`
        sys.stderr.close()
        return 0


def _check_common(args: argparse.Namespace) -> None:
    """Validate options shared by several commands before any work starts."""
    years = getattr(args, "years", None)
    if years is not None and not 1 <= years <= 50:
        raise ConfigError(f"--years = {years} is out of range; use an integer in [1, 50]")
    seed = getattr(args, "seed", None)
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise ConfigError(
            f"--seed = {shown(seed)} is not allowed; use an integer in [0, 2**63 - 1]"
        )
    if getattr(args, "workers", None) is not None:
        worker_count(args.workers)  # one meaning of --workers for every command


if __name__ == "__main__":
    sys.exit(main())
