# Spreadsheet ledgers (.xlsx, .xls): the fixtures in every form give the same results as CSV;
# hand-made workbooks and broken files. They skip (77) when openpyxl or LibreOffice is absent.
riskdoc_py_test(workbook_fixtures core/test_workbook_fixtures.py)
riskdoc_py_test(workbook_cases core/test_workbook_cases.py)
set_tests_properties(workbook_fixtures workbook_cases PROPERTIES SKIP_RETURN_CODE 77)
