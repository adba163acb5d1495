# XLSX writer benchmark (not a test): `cmake --build BUILD --target bench-xlsx` writes the
# 责任清单 workbook for 100k and 1M synthetic ledger rows, ours against libxlsxwriter writing
# the same cells raw, and prints time and peak RSS of each.
add_executable(bench_xlsx EXCLUDE_FROM_ALL
  ${CMAKE_CURRENT_SOURCE_DIR}/xlsx/bench_xlsx.c ${CMAKE_SOURCE_DIR}/tests/xlsx/gen_rows.c)
target_include_directories(bench_xlsx PRIVATE ${CMAKE_SOURCE_DIR}/tests/xlsx)
target_link_libraries(bench_xlsx PRIVATE riskdoc_core ${RISKDOC_AREA_LIBS})
add_custom_target(bench-xlsx
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/xlsx/run_bench.py
          $<TARGET_FILE:bench_xlsx> ${CMAKE_BINARY_DIR}/bench-xlsx
  DEPENDS bench_xlsx USES_TERMINAL)
