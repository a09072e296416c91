"""ITA Desktop: the ITA documents of a Thai local government office, offline."""

__version__ = "0.1.0"
