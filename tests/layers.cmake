# The build keeps each area's internal header inside it: a file outside src/typeset/ (jobs,
# say) that includes typeset/internal.h, or outside src/xlsx/ xlsx/xlsx_internal.h, does
# not compile, and the message says which header to use instead.
foreach(private typeset/internal.h xlsx/xlsx_internal.h)
  string(REPLACE "/" "_" name ${private})
  add_test(NAME layers_private_${name}
    COMMAND sh -c "printf '#include \"${private}\"\\n' | \"$0\" -fsyntax-only -I\"$1\" -x c -"
            ${CMAKE_C_COMPILER} ${CMAKE_SOURCE_DIR}/src)
  set_tests_properties(layers_private_${name} PROPERTIES
    PASS_REGULAR_EXPRESSION "private to src/[a-z]+/: include [a-z/_]+\\.h instead")
endforeach()
