"""Install, start and stop a local Label Studio server: used by ``dev.py labelstudio`` and the tests.

Label Studio lives in its own virtual environment under ``.cache/labelstudio/venv`` (its
dependencies, Django among them, stay out of the project's). The server binds to 127.0.0.1,
keeps its database and files in a data folder, and starts with an admin user and a legacy API
token made here (40 random hex characters, stored with 0600 permissions, never printed by this
module). Standard library only: ``dev.py`` runs it before any environment exists.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "labelstudio"
VERSION_SPEC = "label-studio>=1.23,<1.24"
USERNAME = "admin@newsfacts.local"
START_TIMEOUT = 300  # seconds; a first start runs the database migrations (30-60 s on 2 cores)


def venv_dir() -> Path:
    return Path(os.environ.get("NEWSFACTS_LABEL_STUDIO_VENV", CACHE / "venv"))


def executable() -> Path:
    return venv_dir() / "bin" / "label-studio"


def ensure_installed(log=print) -> Path:
    """Install Label Studio into its own venv unless it is already there; returns the command."""
    exe = executable()
    if exe.exists():
        return exe
    venv = venv_dir()
    log(f"installing {VERSION_SPEC} into {venv} (once; about two minutes)")
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, VERSION_SPEC], check=True)
    if not exe.exists():
        raise RuntimeError(f"the install finished but {exe} is missing")
    return exe


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _secret(path: Path, make) -> str:
    """Read a secret file, or create it (0600) with ``make()``."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(make())
    return path.read_text().strip()


@dataclass
class Server:
    """A Label Studio server this module started (or found running from its pid file)."""

    url: str
    data_dir: Path
    token: str
    password: str
    pid: int

    def stop(self) -> None:
        stop_pid(self.pid)
        (self.data_dir / "server.pid").unlink(missing_ok=True)


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def stop_pid(pid: int, timeout: float = 20) -> None:
    """Stop the process group this module started (the server and its workers), by its id."""
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.2)
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
    if _alive(pid):
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def running(data_dir: Path) -> Server | None:
    """The server started earlier with this data folder, if it still answers."""
    pid_file = data_dir / "server.pid"
    if not pid_file.exists():
        return None
    pid_text, _, url = pid_file.read_text().partition(" ")
    url = url.strip()
    if not pid_text.isdigit() or not _alive(int(pid_text)) or not healthy(url):
        return None
    return Server(url, data_dir, _secret(data_dir / "token", lambda: ""), _secret(data_dir / "password", lambda: ""),
                  int(pid_text))


def start(data_dir: Path, port: int, *, log=print) -> Server:
    """Start Label Studio on 127.0.0.1:``port`` with its data in ``data_dir``; wait for /health."""
    data_dir = Path(data_dir).resolve()
    existing = running(data_dir)
    if existing is not None:
        return existing
    if port_in_use(port):
        raise RuntimeError(f"port {port} on 127.0.0.1 is in use; choose another with --port")
    exe = ensure_installed(log)
    token = _secret(data_dir / "token", lambda: secrets.token_hex(20))
    password = _secret(data_dir / "password", lambda: secrets.token_urlsafe(12))
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    env.update(LABEL_STUDIO_BASE_DATA_DIR=str(data_dir), LABEL_STUDIO_USERNAME=USERNAME,
               LABEL_STUDIO_PASSWORD=password, LABEL_STUDIO_USER_TOKEN=token,
               LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true", LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true",
               SENTRY_DSN="", FRONTEND_SENTRY_DSN="", COLLECT_ANALYTICS="false", LATEST_VERSION_CHECK="false")
    log_file = open(data_dir / "server.log", "ab")  # noqa: SIM115 -- the server keeps writing to it
    proc = subprocess.Popen([str(exe), "start", "--no-browser", "--internal-host", "127.0.0.1",
                             "--port", str(port), "--host", url],
                            stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                            start_new_session=True, cwd=data_dir)
    log_file.close()
    (data_dir / "server.pid").write_text(f"{proc.pid} {url}")
    deadline = time.monotonic() + START_TIMEOUT
    while not healthy(url):
        if proc.poll() is not None:
            raise RuntimeError(f"Label Studio exited with status {proc.returncode}; see {data_dir / 'server.log'}")
        if time.monotonic() > deadline:
            stop_pid(proc.pid)
            raise RuntimeError(f"Label Studio did not answer /health within {START_TIMEOUT} s; "
                               f"see {data_dir / 'server.log'}")
        time.sleep(1)
    return Server(url, data_dir, token, password, proc.pid)


def stop(data_dir: Path) -> bool:
    """Stop the server started with ``data_dir``; False when none was running."""
    pid_file = Path(data_dir) / "server.pid"
    if not pid_file.exists():
        return False
    pid_text = pid_file.read_text().partition(" ")[0]
    pid_file.unlink()
    if pid_text.isdigit() and _alive(int(pid_text)):
        stop_pid(int(pid_text))
        return True
    return False
