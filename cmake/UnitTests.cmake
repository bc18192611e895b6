include(GoogleTest)

# scripts/setup turns this off for build/: the unit tier runs in build-asan/, under the
# sanitizers, and compiling and running it in build/ as well took CI past its 45 minutes.
option(MODMGR_UNIT_TESTS "Build the GoogleTest programs with `all`, and let ctest run them" ON)

# modmgr_unit_tests(TARGET SOURCE...): a GoogleTest program whose tests ctest discovers, each
# run with the unpacked Debian kernel tree the tests read (MODMGR_TEST_KERNEL_ROOT). With
# MODMGR_UNIT_TESTS off the target still exists, for `cmake --build DIR --target TARGET`, but
# `all` leaves it out and ctest does not list it.
function(modmgr_unit_tests target)
  if(MODMGR_UNIT_TESTS)
    add_executable(${target} ${ARGN})
  else()
    add_executable(${target} EXCLUDE_FROM_ALL ${ARGN})
  endif()
  target_link_libraries(${target} PRIVATE GTest::gtest GTest::gtest_main)
  if(MODMGR_UNIT_TESTS)
    gtest_discover_tests(${target}
      PROPERTIES ENVIRONMENT "MODMGR_TEST_KERNEL_ROOT=${MODMGR_TEST_KERNEL_ROOT}"
      DISCOVERY_TIMEOUT 60)
  endif()
endfunction()
