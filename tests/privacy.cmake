# --mask-pii (issue 9 item 5): every form of ID, mobile, landline and name in
# tests/privacy/pii_ledger.csv, searched for in every byte of every output of each job.
foreach(job monthly event ledger check)
  riskdoc_py_test(privacy_pii_${job} privacy/test_pii_everywhere.py ${job})
endforeach()
