# bench-ledger: `riskdoc ledger` over 20,000 generated rows (bench/run_ledger.sh): pages,
# pages per CPU second, peak RSS. Not run by ctest.
add_custom_target(bench-ledger
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/run_ledger.sh $<TARGET_FILE:riskdoc> ${CMAKE_BINARY_DIR}/bench-data
  DEPENDS riskdoc
  USES_TERMINAL)
