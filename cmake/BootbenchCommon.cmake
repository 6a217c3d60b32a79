# One INTERFACE target carries the warnings and Qt strictness defines for every target.
add_library(bootbench_common INTERFACE)
target_compile_options(bootbench_common INTERFACE -Wall -Wextra -Wpedantic -Wno-gnu-zero-variadic-macro-arguments)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(bootbench_common INTERFACE -Wno-pedantic)
endif()
if(BOOTBENCH_WERROR)
    target_compile_options(bootbench_common INTERFACE -Werror)
endif()
target_compile_definitions(bootbench_common INTERFACE
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_USE_QSTRINGBUILDER
    QT_STRICT_ITERATORS
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)
if(BOOTBENCH_SANITIZE)
    target_compile_options(bootbench_common INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(bootbench_common INTERFACE -fsanitize=address,undefined)
endif()
