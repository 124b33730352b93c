"""``python -m benchmark`` is the ``newsfacts`` command."""

from .cli import main

raise SystemExit(main())
