# riskdoc monthly: the 月度考评通报 PDF read back with poppler against summary.json.
riskdoc_py_test(jobs_monthly_notice jobs/monthly/test_monthly_notice.py)
