"""transfix: clean up machine-translated Chinese government English."""

__version__ = "0.1.0"
