"""``python -m toponorm`` is the ``toponorm`` command."""

from .cli import main

raise SystemExit(main())
