"""Exits 0 when every package in a requirements file is importable at a satisfying version, 1 otherwise."""

import sys
from importlib import metadata

from packaging.requirements import Requirement


def main(path: str) -> int:
    missing = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            requirement = Requirement(line)
            try:
                version = metadata.version(requirement.name)
            except metadata.PackageNotFoundError:
                missing.append(f"{requirement.name} (not installed)")
                continue
            if version not in requirement.specifier:
                missing.append(f"{requirement.name} {version} (want {requirement.specifier})")
    if missing:
        print("missing Python test packages: " + ", ".join(missing))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
