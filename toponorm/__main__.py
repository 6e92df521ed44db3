"""``python -m toponorm`` is the ``toponorm`` command."""

from ._entry import main

raise SystemExit(main())
