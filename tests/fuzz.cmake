# libFuzzer over the reader and normalisers (clang only). The test runs it for a fixed time
# from the seed corpus; new inputs it finds go to the build tree, not the source tree.
if(RISKDOC_FUZZ AND CMAKE_C_COMPILER_ID STREQUAL "Clang")
  add_executable(fuzz_ingest fuzz/fuzz_ingest.c)
  target_compile_options(fuzz_ingest PRIVATE -fsanitize=fuzzer)
  target_link_options(fuzz_ingest PRIVATE -fsanitize=fuzzer)
  target_link_libraries(fuzz_ingest PRIVATE riskdoc_core)
  set(RISKDOC_FUZZ_SECONDS 30 CACHE STRING "How long the fuzz test runs")
  file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz-corpus)
  add_test(NAME fuzz_ingest
    COMMAND fuzz_ingest -max_total_time=${RISKDOC_FUZZ_SECONDS} -seed=1 -max_len=8192
            -rss_limit_mb=2048 -print_final_stats=1
            ${CMAKE_BINARY_DIR}/fuzz-corpus ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus)
  set_tests_properties(fuzz_ingest PROPERTIES ENVIRONMENT "${RISKDOC_TEST_ENV}" TIMEOUT 300)
endif()

# libFuzzer over the .xlsx reader (zip + XML; see fuzz/fuzz_xlsx.c), briefly in the test
# command like the CSV one.
if(RISKDOC_FUZZ AND CMAKE_C_COMPILER_ID STREQUAL "Clang")
  add_executable(fuzz_xlsx fuzz/fuzz_xlsx.c)
  target_compile_options(fuzz_xlsx PRIVATE -fsanitize=fuzzer)
  target_link_options(fuzz_xlsx PRIVATE -fsanitize=fuzzer)
  target_link_libraries(fuzz_xlsx PRIVATE riskdoc_core)
  file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz-corpus-xlsx)
  add_test(NAME fuzz_xlsx
    COMMAND fuzz_xlsx -max_total_time=${RISKDOC_FUZZ_SECONDS} -seed=1 -max_len=16384
            -rss_limit_mb=2048 -print_final_stats=1
            ${CMAKE_BINARY_DIR}/fuzz-corpus-xlsx ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus_xlsx)
  set_tests_properties(fuzz_xlsx PROPERTIES ENVIRONMENT "${RISKDOC_TEST_ENV}" TIMEOUT 300)
endif()
