# libFuzzer targets (clang only, RISKDOC_FUZZ=ON): the CSV reader and normalisers (fuzz_ingest),
# the .xlsx reader (fuzz_xlsx: zip + XML, see fuzz/fuzz_xlsx.c), the document parser with a
# full layout (fuzz_typeset), the Mustache engine (fuzz_mustache) and the office profile
# reader (fuzz_profile). Each runs as a test for a short fixed time from its
# seed corpus in tests/fuzz/; `cmake --build BUILD --target fuzz` runs each much longer.
# New inputs a run finds go to the build tree (fuzz-corpus-NAME/), never the source tree:
# copy the interesting ones into the seed folder by hand.
if(RISKDOC_FUZZ AND CMAKE_C_COMPILER_ID STREQUAL "Clang")
  set(RISKDOC_FUZZ_SECONDS 30 CACHE STRING "How long the reader fuzz tests run")
  set(RISKDOC_FUZZ_BRIEF_SECONDS 15 CACHE STRING "How long the other fuzz tests run")
  set(RISKDOC_FUZZ_LONG_SECONDS 600 CACHE STRING "How long the fuzz target runs each fuzzer")
  set(fuzz_long_commands)

  # name: target and source tests/fuzz/NAME.c; seeds: seed folder; seconds: test duration;
  # max_len: longest input tried; the rest: libraries to link.
  function(riskdoc_fuzzer name seeds seconds max_len)
    add_executable(${name} fuzz/${name}.c)
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE ${ARGN})
    set(found ${CMAKE_BINARY_DIR}/fuzz-corpus-${name})
    file(MAKE_DIRECTORY ${found})
    set(common -seed=1 -max_len=${max_len} -rss_limit_mb=2048 -timeout=30 -print_final_stats=1
               ${found} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/${seeds})
    add_test(NAME ${name} COMMAND ${name} -max_total_time=${seconds} ${common})
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${RISKDOC_TEST_ENV}" TIMEOUT 300)
    set(fuzz_long_commands ${fuzz_long_commands}
        COMMAND ${CMAKE_COMMAND} -E env ${RISKDOC_TEST_ENV}
                $<TARGET_FILE:${name}> -max_total_time=${RISKDOC_FUZZ_LONG_SECONDS} ${common}
        PARENT_SCOPE)
  endfunction()

  riskdoc_fuzzer(fuzz_ingest corpus ${RISKDOC_FUZZ_SECONDS} 8192 riskdoc_core)
  riskdoc_fuzzer(fuzz_xlsx corpus_xlsx ${RISKDOC_FUZZ_SECONDS} 16384 riskdoc_core)
  riskdoc_fuzzer(fuzz_typeset corpus-typeset ${RISKDOC_FUZZ_BRIEF_SECONDS} 4096
                 riskdoc_core ${RISKDOC_AREA_LIBS})
  riskdoc_fuzzer(fuzz_mustache corpus-mustache ${RISKDOC_FUZZ_BRIEF_SECONDS} 8192
                 riskdoc_core ${RISKDOC_AREA_LIBS})
  riskdoc_fuzzer(fuzz_profile corpus-profile ${RISKDOC_FUZZ_BRIEF_SECONDS} 8192
                 riskdoc_core ${RISKDOC_AREA_LIBS})

  add_custom_target(fuzz ${fuzz_long_commands}
    DEPENDS fuzz_ingest fuzz_xlsx fuzz_typeset fuzz_mustache fuzz_profile
    COMMENT "Fuzzing each target for ${RISKDOC_FUZZ_LONG_SECONDS} s"
    USES_TERMINAL VERBATIM)
endif()

