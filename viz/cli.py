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
}
KERNEL_CULL_TIMEOUT = "15m"


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


def server_env() -> dict[str, str]:
    """The environment for the server: offline settings and the repo on the path."""
    env = dict(os.environ)
    env.update(OFFLINE_ENV)
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
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    if getattr(args, "workshop", False):
        print(
            f"carescape: the workshop page runs at http://{shown}:{port}/workshop  "
            f"(the what-if app at http://{shown}:{port}/; Ctrl+C stops it)"
        )
    else:
        print(f"carescape: the what-if app runs at http://{shown}:{port}/  (Ctrl+C stops it)")
    sys.stdout.flush()
    return run_child(server_command(args.host, port), env=server_env())


def register(subparsers) -> None:
    """Add the ``ui`` subcommand to the carescape command line."""
    ui = subparsers.add_parser("ui", help="start the what-if app in the browser (offline)")
    ui.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    ui.add_argument("--port", type=int, default=8765, help="port (default 8765; 0: a free one)")
    ui.add_argument(
        "--workshop",
        action="store_true",
        help="print the address of the workshop page (one municipality month by month, "
        "Mesa's SolaraViz) instead of the what-if app; both are served",
    )
    ui.set_defaults(func=cmd_ui)
