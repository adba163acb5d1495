# Mustache engine tests (src/template/). test_mustache_spec and test_mustache_malformed read
# the official conformance suite from $RISKDOC_SOURCE_DIR/../shared/conformance/mustache,
# which is kept outside the repository: without it they exit 77 and ctest reports them as
# skipped, with the reason in their output.
riskdoc_c_test(test_mustache_spec ${CMAKE_CURRENT_SOURCE_DIR}/template/test_mustache_spec.c)
riskdoc_c_test(test_mustache_malformed
               ${CMAKE_CURRENT_SOURCE_DIR}/template/test_mustache_malformed.c)
set_tests_properties(test_mustache_spec test_mustache_malformed PROPERTIES SKIP_RETURN_CODE 77)
riskdoc_c_test(test_mustache ${CMAKE_CURRENT_SOURCE_DIR}/template/test_mustache.c)
