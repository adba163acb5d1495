# Any character in, no crash out (issue 9 item 4): the engine's filter and layout
# (typeset/test_hostile_text.c), and U+202E, right-to-left text, a 201-character title and
# long --event names through every job and `riskdoc typeset` (hostile/test_hostile_jobs.py).
riskdoc_c_test(typeset_hostile_text ${CMAKE_CURRENT_SOURCE_DIR}/typeset/test_hostile_text.c)
foreach(job monthly event ledger check typeset)
  riskdoc_py_test(hostile_jobs_${job} hostile/test_hostile_jobs.py ${job})
endforeach()
