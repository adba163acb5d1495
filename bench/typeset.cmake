# bench-typeset (issue 3): batch throughput in one process, and one cold document.
add_executable(bench_typeset EXCLUDE_FROM_ALL ${CMAKE_CURRENT_SOURCE_DIR}/typeset/bench_typeset.c)
target_link_libraries(bench_typeset PRIVATE riskdoc_core ${RISKDOC_AREA_LIBS})
add_custom_target(bench-typeset
  COMMAND bench_typeset
  COMMAND ${CMAKE_COMMAND} -E echo "cold single document (riskdoc typeset, 003 example):"
  COMMAND /usr/bin/time -f "%e s wall, %M KB peak" $<TARGET_FILE:riskdoc> typeset --quiet
          -o ${CMAKE_BINARY_DIR}/bench-cold.pdf ${CMAKE_SOURCE_DIR}/templates/examples/003-responsibility-list.txt
  DEPENDS bench_typeset riskdoc
  WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
  USES_TERMINAL VERBATIM)
