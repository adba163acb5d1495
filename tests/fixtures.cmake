# End-to-end tests over the realistic fixtures (fixtures/, written by fixtures/generate.py) and
# the hand-made ledgers of tests/e2e/. Expected figures come from the fixtures' manifests or are
# written literally in the tests, never from the program's own code.
riskdoc_py_test(fixtures_selfcheck e2e/test_fixtures_selfcheck.py)
riskdoc_py_test(e2e_fixtures e2e/test_e2e_fixtures.py)
riskdoc_py_test(e2e_small e2e/test_e2e_small.py)
riskdoc_py_test(e2e_check_cli e2e/test_check_cli.py)
