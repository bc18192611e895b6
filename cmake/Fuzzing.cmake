# The fuzz configuration (MODMGR_FUZZ): every source built here is instrumented for libFuzzer's
# coverage and checked by ASan and UBSan; the fuzz targets themselves add the libFuzzer
# driver (tests/fuzz/CMakeLists.txt). Any UBSan report aborts, so that libFuzzer saves the
# input as a crash instead of printing a warning and going on.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "MODMGR_FUZZ needs clang with libFuzzer: -DCMAKE_CXX_COMPILER=clang++-14")
endif()
# The unit tests are built and run by the ordinary configuration.
set(MODMGR_BUILD_TESTS OFF)
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                    -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
