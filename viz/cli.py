"""``carescape ui``: start the what-if app (and its workshop page) in the browser, offline.

The Solara server runs in production mode with its front-end files (Vuetify app,
require.js, fonts) served from the locally installed ``solara-assets`` package, version
checks and telemetry off, so nothing is fetched from the internet.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

from experiments.lifetime import child_command, run_child

APP = Path(__file__).resolve().parent / "app.py"

# Solara settings for a machine without internet (municipal networks, workshops, CI).
OFFLINE_ENV = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",  # no usage statistics sent home
    "SOLARA_ASSETS_PROXY": "True",  # the browser fetches front-end files from this server
    "SOLARA_THEME_VARIANT": "light",
    "SOLARA_THEME_SHOW_BANNER": "False",  # Solara's corner badge covered the charts' axes
}
KERNEL_CULL_TIMEOUT = "15m"
SWEEPS_ENV = "CARESCAPE_SWEEPS"  # read by viz.sweep_explorer_data (not imported: it is heavy)


def cdn_folder() -> Path:
    """Where solara-assets installs the front-end files (Solara's proxy cache)."""
    return Path(sys.prefix) / "share" / "solara" / "cdn"


def free_port(host: str) -> int:
    """A free TCP port on ``host``."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def server_command(host: str, port: int) -> list[str]:
    """The solara command line for the app, guarded to die with this launcher."""
    return child_command(
        "solara",
        [
            "run",
            str(APP),
            "--host",
            host,
            "--port",
            str(port),
            "--production",
            "--no-open",
            "--no-check-version",
            "--log-level",
            "warning",
        ],
    )


def lan_address() -> str:
    """The machine's address on the local network (127.0.0.1 when there is none).

    A UDP socket "connected" to a private address makes the system choose the outgoing
    interface; no packet is sent.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("10.255.255.255", 1))
            return str(sock.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def shown_host(host: str) -> str:
    """The address to print: the LAN address when listening on all interfaces."""
    return lan_address() if host in ("0.0.0.0", "::") else host


def server_env(join_url: str = "") -> dict[str, str]:
    """The environment for the server: offline settings and the repo on the path."""
    env = dict(os.environ)
    env.update(OFFLINE_ENV)
    if join_url:
        env["CARESCAPE_JOIN_URL"] = join_url
    env["SOLARA_ASSETS_PROXY_CACHE_DIR"] = str(cdn_folder())
    # A closed tab closes its session at once (and so stops its runs); a browser that went
    # away without a word (crash, sleep) is closed after this time instead of Solara's 24 h.
    env.setdefault("SOLARA_KERNEL_CULL_TIMEOUT", KERNEL_CULL_TIMEOUT)
    repo = str(APP.parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (repo, env.get("PYTHONPATH", "")) if p)
    return env


def cmd_ui(args: argparse.Namespace) -> int:
    """Start the app and wait until it is stopped (Ctrl+C)."""
    if not (cdn_folder() / "requirejs@2.3.6").is_dir():
        print(
            f"carescape: error: the front-end files are missing in {cdn_folder()}; "
            "install them with `pip install solara-assets` (no internet needed afterwards)",
            file=sys.stderr,
        )
        return 2
    port = args.port if args.port else free_port(args.host)
    shown = shown_host(args.host)
    join = f"http://{shown}:{port}/join"
    if getattr(args, "workshop", False):
        print(
            f"carescape: the workshop page runs at http://{shown}:{port}/workshop; "
            f"participants join at {join}  (the what-if app at http://{shown}:{port}/; "
            "Ctrl+C stops it)"
        )
        if shown in ("127.0.0.1", "localhost", "::1"):
            print(
                "carescape: only this computer can join; start with --host 0.0.0.0 to let "
                "the room join over the local network"
            )
    else:
        print(f"carescape: the what-if app runs at http://{shown}:{port}/  (Ctrl+C stops it)")
    sys.stdout.flush()
    env = server_env(join)
    if getattr(args, "sweeps", None):  # the sweep explorer (/sweeps) lists the sweeps in them
        folders = [str(Path(p).resolve()) for p in args.sweeps]
        env[SWEEPS_ENV] = os.pathsep.join([*folders, env.get(SWEEPS_ENV, "")]).strip(os.pathsep)
    return run_child(server_command(args.host, port), env=env)


def register(subparsers) -> None:
    """Add the ``ui`` subcommand to the carescape command line."""
    ui = subparsers.add_parser("ui", help="start the what-if app in the browser (offline)")
    ui.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer only; 0.0.0.0 lets "
        "workshop participants on the local network join)",
    )
    ui.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: a free one)")
    ui.add_argument(
        "--workshop",
        action="store_true",
        help="print the addresses of the workshop's presenter screen and join page instead "
        "of the what-if app; all are served",
    )
    ui.add_argument(
        "--sweeps",
        action="append",
        metavar="DIR",
        help="a folder with sweeps (or one sweep) for the sweep explorer at /sweeps, besides "
        "results/; may be given more than once",
    )
    ui.set_defaults(func=cmd_ui)
