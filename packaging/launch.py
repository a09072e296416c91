"""Entry script of the frozen program (both ``ita-desktop`` and ``ita-desktop-cli``).

The same as ``python -m ita_desktop``: no sub-command opens the window, a
sub-command (``demo --out DIR``, ``pack`` …) runs it.  PyInstaller runs this file
as ``__main__``; see ``pyinstaller.spec``.
"""

import sys

from ita_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
