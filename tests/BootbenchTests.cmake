# bootbench_add_test(NAME SOURCE... [LABELS l...] [TIMEOUT s])
function(bootbench_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "LABELS" ${ARGN})
    add_executable(${name} ${ARG_UNPARSED_ARGUMENTS})
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
    target_link_libraries(${name} PRIVATE bootbench_ui bootbench_core Qt6::Test bootbench_common)
    target_compile_definitions(${name} PRIVATE
        BOOTBENCH_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        BOOTBENCH_BINARY_DIR="${PROJECT_BINARY_DIR}"
        BOOTBENCH_EXECUTABLE="$<TARGET_FILE:bootbench>")
    add_dependencies(${name} bootbench)
    # Through run-qtest.sh: a test whose every function skipped (QSKIP) shows as skipped in CTest.
    add_test(NAME ${name} COMMAND ${PROJECT_SOURCE_DIR}/tests/run-qtest.sh $<TARGET_FILE:${name}>)
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LANG=C.UTF-8;LC_ALL=C.UTF-8;BOOTBENCH_NO_ENVIRONMENT_BUILD=1"
        TIMEOUT ${ARG_TIMEOUT}
        SKIP_RETURN_CODE 77)
    if(ARG_LABELS)
        set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
    endif()
endfunction()
