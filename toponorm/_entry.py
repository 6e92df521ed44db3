"""The ``toponorm`` command's entry point: nothing but the command line's import, so that
Ctrl-C while the program starts ends it quietly with status 130, as it does later."""

from __future__ import annotations

import sys


def main() -> int:
    try:
        from .cli import main as run
    except KeyboardInterrupt:
        return 130
    return run()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
