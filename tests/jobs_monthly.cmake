# riskdoc monthly: the 月度考评通报 PDF read back with poppler against summary.json.
riskdoc_py_test(jobs_monthly_notice jobs/monthly/test_monthly_notice.py)
# Small hand-written ledgers: no --previous, one community, empty categories and levels, nothing
# overdue, rows outside the period, nothing usable; checked against the script's own count.
riskdoc_py_test(jobs_monthly_edge_cases jobs/monthly/test_monthly_edge_cases.py)
