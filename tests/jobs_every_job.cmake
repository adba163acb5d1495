# What every job must do (issue 5 "For every job"), one test per job so each stays short:
# reproducible bytes, 0700/0600 and no temporary files, --strict, --mask-pii, hostile
# community and unit names, summary.json == the files on disk.
foreach(job monthly event ledger)
  riskdoc_py_test(jobs_every_job_${job} jobs/common/test_every_job.py ${job})
endforeach()
