"""Reports on saved answers: review one file, compare several, a plan, a trend. No Textual here.

Each report is one module that works out its figures and builds them once as a
:class:`~nextgen_tui.report.blocks.Document` (:mod:`.review`, :mod:`.comparison`,
:mod:`.side_by_side`, :mod:`.plan`, :mod:`.trend`); each format is one module that renders any
document (:mod:`.as_text` for the terminal, :mod:`.as_markdown`, :mod:`.as_html`,
:mod:`.as_docx`, :mod:`.as_csv`, :mod:`.as_json`); :mod:`.formats` names the formats for the
command line and the questionnaire's export (:mod:`.export`). Every text that comes from a file
passes through :func:`~nextgen_tui.core.textsafe.printable` before it reaches any output, and
no renderer is given markup, so notes such as ``[bold]`` come out as written.
"""
