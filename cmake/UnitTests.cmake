include(GoogleTest)

# modmgr_unit_tests(TARGET SOURCE...): a GoogleTest program whose tests ctest discovers, each
# run with the unpacked Debian kernel tree the tests read (MODMGR_TEST_KERNEL_ROOT).
function(modmgr_unit_tests target)
  add_executable(${target} ${ARGN})
  target_link_libraries(${target} PRIVATE GTest::gtest GTest::gtest_main)
  gtest_discover_tests(${target}
    PROPERTIES ENVIRONMENT "MODMGR_TEST_KERNEL_ROOT=${MODMGR_TEST_KERNEL_ROOT}"
    DISCOVERY_TIMEOUT 60)
endfunction()
