# The data core: normalisers, reader, aggregates, bad input, fuzzing.
riskdoc_c_test(test_normalise core/test_normalise.c)
riskdoc_c_test(test_ingest core/test_ingest.c)
riskdoc_py_test(test_bad_input core/test_bad_input.py)
riskdoc_c_test(test_pii core/test_pii.c)
riskdoc_c_test(test_text core/test_text.c)
riskdoc_py_test(test_mask_pii core/test_mask_pii.py)
