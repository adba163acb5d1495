# The DOCX renderer (issue 13): LibreOffice converts each DOCX (the examples, and what the
# monthly and event jobs write, and the ledger's 台账.txt) to PDF, measured like riskdoc's PDFs; python-docx reads the
# styles; an edit keeps the layout.
foreach(what examples monthly event banji ledger)
  riskdoc_py_test(docx_${what} docx/test_docx.py ${what})
endforeach()
