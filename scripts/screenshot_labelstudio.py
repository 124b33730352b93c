#!/usr/bin/env python3
"""Screenshot of Label Studio's labeling page on the seed article: docs/img/labelstudio-labeling.png.

    python3 scripts/dev.py test --co -q               # once: .venv with the test extra (Playwright)
    .venv/bin/python scripts/screenshot_labelstudio.py [--out FILE]

Starts the development server of ``dev.py labelstudio`` if it is not running (its data in
.cache/labelstudio/data), pushes the bundled tasks to a project "NewsFacts screenshot", logs in
with headless Chromium (``shutil.which("chromium")``; no browser download), opens the seed
article's task, selects a quote region so its per-region controls show, and saves the page.
A copy goes to out/labelstudio-labeling.png.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import labelstudio_server as lss  # noqa: E402

ROOT = lss.ROOT
DEFAULT_OUT = ROOT / "docs" / "img" / "labelstudio-labeling.png"
PROJECT = "NewsFacts screenshot"
DOC = "000_d42d46c449c189f0"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("no chromium on PATH (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    data = lss.CACHE / "data"
    server = lss.running(data) or lss.start(data, args.port)
    env = {**os.environ, "LABEL_STUDIO_URL": server.url, "LABEL_STUDIO_API_KEY": server.token}
    newsfacts = Path(sys.executable).with_name("newsfacts")
    subprocess.run([str(newsfacts), "labelstudio", "push", "--project", PROJECT], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    import json
    import urllib.request

    def get(path: str):
        req = urllib.request.Request(server.url + path, headers={"Authorization": f"Token {server.token}"})
        with urllib.request.urlopen(req) as r:
            return json.loads(r.read())

    pid = next(p["id"] for p in get(f"/api/projects?title={PROJECT.replace(' ', '%20')}")["results"]
               if p["title"] == PROJECT)
    tid = next(t["id"] for t in get(f"/api/tasks?project={pid}&page_size=1000")["tasks"] if t["data"]["doc_id"] == DOC)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                                           "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{server.url}/user/login/")
        page.fill("input[name=email]", lss.USERNAME)
        page.fill("input[name=password]", server.password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.goto(f"{server.url}/projects/{pid}/data?task={tid}")
        page.wait_for_selector(".lsf-richtext, [class*=richtext]", timeout=60_000)
        page.wait_for_timeout(3000)
        # Select a numeric fact ("over 100") so its per-region controls show above the text.
        spans = page.locator("span.htx-highlight")
        for k in range(spans.count()):
            span = spans.nth(k)
            if (span.inner_text() or "").strip() == "over 100":
                span.click()
                break
        page.wait_for_timeout(1500)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out), full_page=False)
        browser.close()
    copy = ROOT / "out" / "labelstudio-labeling.png"
    copy.parent.mkdir(exist_ok=True)
    if copy.resolve() != args.out.resolve():
        shutil.copyfile(args.out, copy)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
