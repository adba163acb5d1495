# bench-workbook: `riskdoc check` over 100,000 generated rows as CSV and as .xlsx (time and
# peak RSS; bench/workbook/run.sh, data cached in build/bench-data). Not run by ctest.
add_custom_target(bench-workbook
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/workbook/run.sh $<TARGET_FILE:riskdoc> ${CMAKE_BINARY_DIR}/bench-data
  DEPENDS riskdoc
  USES_TERMINAL)
