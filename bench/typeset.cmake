# bench-typeset (issue 3): batch throughput in one process, and cold starts of one document.
add_executable(bench_typeset EXCLUDE_FROM_ALL ${CMAKE_CURRENT_SOURCE_DIR}/typeset/bench_typeset.c)
target_link_libraries(bench_typeset PRIVATE riskdoc_core ${RISKDOC_AREA_LIBS})
add_custom_target(bench-typeset
  COMMAND bench_typeset
  # where one cold document spends its time (typesetter_new / parse / render_pdf)
  COMMAND bench_typeset --cold ${CMAKE_SOURCE_DIR}/templates/examples/003-responsibility-list.txt
          ${CMAKE_BINARY_DIR}/bench-cold.pdf
  # cold `riskdoc typeset`: medians of 11 fresh processes (wall, user, sys, peak RSS)
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/typeset/cold.py $<TARGET_FILE:riskdoc>
          ${CMAKE_SOURCE_DIR} 11
  DEPENDS bench_typeset riskdoc
  WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
  USES_TERMINAL VERBATIM)

# bench-notices (issue 12): 50 ten-page notices (bench/gen_notices.py) in one process on 2 and
# 1 threads, as 50 processes and one cold; bytes per 10 pages; beside the same notices through
# xelatex + ctex and Typst when they are installed (Typst: BENCH_TYPST_NODE, see notices.py),
# with the ratios. Not run by ctest; the peers are not needed to build or test.
add_custom_target(bench-notices
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/notices.py $<TARGET_FILE:riskdoc>
          ${CMAKE_BINARY_DIR}/bench-data
  DEPENDS riskdoc
  USES_TERMINAL VERBATIM)
