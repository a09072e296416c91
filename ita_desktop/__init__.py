"""ITA Desktop: the ITA documents of a Thai local government office, offline."""

import time

__version__ = "0.1.0"
#: ``time.monotonic()`` when the package was first imported: the program's start, for "window shown in X s".
START = time.monotonic()
