# riskdoc monthly: the 月度考评通报 PDF read back with poppler against summary.json.
riskdoc_py_test(jobs_monthly_notice jobs/monthly/test_monthly_notice.py)
# Small hand-written ledgers: no --previous, one community, empty categories and levels, nothing
# overdue, rows outside the period, nothing usable; checked against the script's own count.
riskdoc_py_test(jobs_monthly_edge_cases jobs/monthly/test_monthly_edge_cases.py)
# A long 通报 (5,000 generated rows): its DOCX, made on a thread beside the PDF, equals the one
# made alone.
riskdoc_py_test(jobs_monthly_docx_beside jobs/monthly/test_monthly_docx_beside.py)
