# What an office installs and meets first (CMakeLists.txt install rules, data/, po/).
#   install_package     the .deb: control fields, lintian, dpkg -x and the installed program
#                       run from another folder (not in the sanitizer tree: the package is the
#                       release build)
#   cli_*               messages (zh_CN / C), --doc-number, no document from no data, fonts
#   po_zh_CN_complete   every marked message has its zh_CN translation
if(NOT RISKDOC_SANITIZE)
  riskdoc_py_test(install_package install/test_package.py ${PROJECT_VERSION})
  # the package target installs from this tree: nothing else may build it meanwhile
  set_tests_properties(install_package PROPERTIES RUN_SERIAL TRUE)
endif()
riskdoc_py_test(cli_messages install/test_cli.py messages)
set_tests_properties(cli_messages PROPERTIES SKIP_RETURN_CODE 77)
riskdoc_py_test(cli_doc_number install/test_cli.py doc-number)
riskdoc_py_test(cli_empty_input install/test_cli.py empty)
riskdoc_py_test(cli_font_report install/test_cli.py font-report)
riskdoc_py_test(cli_user_profile install/test_cli.py user-profile)
add_test(NAME po_zh_CN_complete
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/install/check_po.sh ${CMAKE_SOURCE_DIR}
          ${CMAKE_BINARY_DIR}/po-check)
