"""Building the package also compiles each shipped leaflet's pipeline into it (`triage compile`),
so that an installed triage starts fast. Everything else is in pyproject.toml.

If compiling fails the package is still built: triage then builds its pipeline in memory at each
start (the same answers, about a second slower), and says nothing, as a stale pipeline would.
"""

import os
import subprocess
import sys

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCompiledPipeline(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the source folder: run `triage compile` there
        build_lib = os.path.abspath(self.build_lib)
        # run from the built copy, so that the fingerprint is that of the files installed
        result = subprocess.run([sys.executable, "-m", "triage", "compile"], cwd=build_lib,
                                env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [build_lib, os.environ.get("PYTHONPATH")]))}, capture_output=True, text=True)
        if result.returncode == 0:
            print(result.stdout, end="")
        else:
            print(f"warning: triage compile failed; triage will build its pipeline at each start\n"
                  f"{result.stderr}", file=sys.stderr)


setup(cmdclass={"build_py": BuildWithCompiledPipeline})
