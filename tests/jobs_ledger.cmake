# riskdoc ledger (台账归档) end to end on fixtures/2024-05 against the fixtures' manifest: rows
# 1..used by position, community headings and counts, cover figures, 第N页 共M页 positions,
# sign lines, embedded fonts, --period, an empty folder and a file of rejected rows only.
riskdoc_py_test(jobs_ledger jobs/ledger/test_ledger.py)
