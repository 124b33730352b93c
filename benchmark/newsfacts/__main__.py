"""``python -m newsfacts`` is the ``newsfacts`` command."""

from .cli import main

raise SystemExit(main())
