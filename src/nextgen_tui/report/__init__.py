"""Reports on saved answers: review one file, compare several. No Textual here.

:mod:`.model` builds each report once as plain data; one module per format renders it
(:mod:`.text` for the terminal, :mod:`.markdown`, :mod:`.data` for CSV and JSON), and
:mod:`.formats` names the formats for the command line and the questionnaire's export. Every text
that comes from a file passes through :func:`~nextgen_tui.core.textsafe.printable` before it reaches
any output, and Rich is never given markup, so notes such as ``[bold]`` come out as written.
"""
