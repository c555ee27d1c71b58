"""Helpers shared by the chapters, exercises and tests of the course.

The chapters import from here instead of copying cells between notebooks, so a
fix to a loader or a plot style reaches every page at once.
"""

__version__ = "0.1.0"
