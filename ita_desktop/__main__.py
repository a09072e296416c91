"""``python -m ita_desktop`` runs the same CLI as ``ita-desktop``."""

import sys

from ita_desktop.cli import main

sys.exit(main())
