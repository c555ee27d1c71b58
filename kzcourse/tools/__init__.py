"""The course's site and CI tooling, apart from what notebooks import.

Chapters and exercises import the modules one level up (data, statistics, figures,
widgets). What builds, serves, measures and grades the course lives here, so that a
reader of the package sees at once which code a student's notebook runs:

- ``build``, ``serve``, ``bench``, ``screenshots``: the book (``make book``, ``make serve``,
  ``make bench``, ``make screenshots``);
- ``sphinxext``: the Sphinx extension the book's configuration loads;
- ``venv_setup``: the course environment (nbgrader shim, the student's lab by default);
- teaching a class: ``grading`` (the instructor's make steps), ``autograde`` and
  ``kernels`` (parallel grading with forked kernels), ``feedback`` (hidden tests kept out
  of feedback), ``grades`` (CSV and LMS export), ``exchange``, ``labs`` and ``labext``
  (the exchange and the two JupyterLabs), ``bench_grading`` (``make bench-grading``);
- ``datapackage``, ``provenance``: keeping the data package and its citations honest.

Nothing under ``kzcourse`` imports from here, so there are no import circles.
"""
