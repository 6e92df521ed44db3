"""The command line (placeholder until the CLI issue lands: prints help)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="toponorm", description=__doc__)
    parser.parse_args(argv)
    parser.print_help(sys.stdout)
    return 0
