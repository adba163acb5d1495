# Typesetting engine (issue 3): unit tests and the PDF measurements against GB/T 9704.
riskdoc_c_test(typeset_unit ${CMAKE_CURRENT_SOURCE_DIR}/typeset/test_typeset.c)
riskdoc_py_test(typeset_measure typeset/measure.py)
riskdoc_py_test(typeset_font_size typeset/font_size.py)
riskdoc_py_test(typeset_batch typeset/batch.py)
