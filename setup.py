"""Build hook: the wheel carries the bundled benchmark.

``seeds/`` and ``annotations/`` at the top of the repository are the source of truth; building
the package copies them into ``newsfacts/_bundled/`` so that an installed wheel validates,
builds and scores the bundled benchmark from any directory. Everything else is in
pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DATA = {"seeds": "*.txt", "annotations": "*.json"}
EXTRA = ("annotations/GUIDELINES.md", "annotations/README.md", "LICENSE")


class BuildWithData(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads the checkout itself
            return
        target = Path(self.build_lib) / "newsfacts" / "_bundled"
        shutil.rmtree(target, ignore_errors=True)
        for folder, pattern in DATA.items():
            (target / folder).mkdir(parents=True)
            for f in sorted((HERE / folder).glob(pattern)):
                shutil.copy2(f, target / folder / f.name)
        for name in EXTRA:
            if (HERE / name).is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(HERE / name, target / name)


setup(cmdclass={"build_py": BuildWithData})
