# riskdoc event end to end: 通知.pdf against the fixtures' manifest, the 交办单 per unit,
# summary.json, --jobs 1 vs 2 identical bytes, and hostile unit names.
riskdoc_py_test(jobs_event_fixtures jobs/event/test_event.py fixtures)
riskdoc_py_test(jobs_event_hostile jobs/event/test_event.py hostile)
