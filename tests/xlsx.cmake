# XLSX responsibility lists (src/xlsx/). xlsx_driver writes a workbook through the library
# for the Python tests, which read it back with openpyxl and LibreOffice.
add_executable(xlsx_driver ${CMAKE_CURRENT_SOURCE_DIR}/xlsx/xlsx_driver.c
                           ${CMAKE_CURRENT_SOURCE_DIR}/xlsx/gen_rows.c)
target_include_directories(xlsx_driver PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/xlsx)
target_link_libraries(xlsx_driver PRIVATE riskdoc_core ${RISKDOC_AREA_LIBS})

# Two readers, openpyxl and LibreOffice, against summary.json.
riskdoc_py_test(xlsx_list_monthly xlsx/test_xlsx_list.py monthly)
riskdoc_py_test(xlsx_list_event xlsx/test_xlsx_list.py event)
riskdoc_py_test(xlsx_list_hostile xlsx/test_xlsx_list.py hostile $<TARGET_FILE:xlsx_driver>)
riskdoc_py_test(xlsx_list_large xlsx/test_xlsx_list.py large $<TARGET_FILE:xlsx_driver>)

# The helpers (width, sheet names, safe cell text) on their own.
riskdoc_c_test(test_xlsx_util ${CMAKE_CURRENT_SOURCE_DIR}/xlsx/test_xlsx_util.c)

# The printed pages: LibreOffice prints the workbook to PDF, pdfminer and the rendered pixels
# measure text sizes, repeated headers and the charts' bars (A4, and A3 from the profile).
riskdoc_py_test(xlsx_print_a4 xlsx/test_xlsx_print.py a4)
riskdoc_py_test(xlsx_print_a3 xlsx/test_xlsx_print.py a3)
