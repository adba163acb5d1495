# Mustache engine tests (src/template/). The spec test reads the official conformance suite
# from $RISKDOC_SOURCE_DIR/../shared/conformance/mustache and fails if it is missing.
riskdoc_c_test(test_mustache_spec ${CMAKE_CURRENT_SOURCE_DIR}/template/test_mustache_spec.c)
riskdoc_c_test(test_mustache ${CMAKE_CURRENT_SOURCE_DIR}/template/test_mustache.c)
