# bench-core: `riskdoc check` and `riskdoc monthly` over one million generated ledger rows
# (bench/gen_ledgers.py, cached in build/bench-data/1m): MB/s, rows/s, peak RSS. Not run by ctest.
add_custom_target(bench-core
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/run_core.sh $<TARGET_FILE:riskdoc> ${CMAKE_BINARY_DIR}/bench-data
  DEPENDS riskdoc
  USES_TERMINAL)
