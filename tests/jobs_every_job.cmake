# What every job must do (issue 5 "For every job"), one test per job and aspect so each stays
# under a minute under the sanitizers: reproducible bytes + 0700/0600 + no temporary files +
# summary.json == the files on disk (repro), --strict, --mask-pii (mask), hostile community
# and unit names (hostile).
foreach(job monthly event ledger)
  foreach(aspect repro strict mask hostile)
    riskdoc_py_test(jobs_every_job_${job}_${aspect} jobs/common/test_every_job.py ${job}:${aspect})
  endforeach()
endforeach()

# Faults injected for real (full disk, kill -9 and SIGTERM, a concurrent run, planted
# symlinks, the user's folders, another locale): the output folder always holds one
# complete run.
foreach(aspect disk kill lock folders typeset locale)
  riskdoc_py_test(jobs_faults_${aspect} jobs/common/test_faults.py ${aspect})
endforeach()
