# MODMGR_SANITIZE: build the whole tree (libraries, modmgrd, modctl, tests) with sanitizers,
# e.g. -DMODMGR_SANITIZE=address,undefined (scripts/setup's build-asan) or =thread. Every
# report is fatal: UBSan does not recover, so a finding fails the test that hit it.
set(MODMGR_SANITIZE "" CACHE STRING
    "Comma-separated -fsanitize= list for every target (empty: no sanitizers)")
if(MODMGR_SANITIZE)
  add_compile_options(-fsanitize=${MODMGR_SANITIZE} -fno-omit-frame-pointer)
  if(MODMGR_SANITIZE MATCHES "undefined")
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
  add_link_options(-fsanitize=${MODMGR_SANITIZE})

  # The options every test of this build runs with, however ctest is invoked: ctest reads
  # this file before it starts any test, and the tests inherit its environment (a per-test
  # ENVIRONMENT cannot carry several variables through gtest_discover_tests). The bus
  # fixture adds a log file per process. ASan: stop at the first error, also catch stack
  # use after return and static initialization order; leaks are checked at every exit; a
  # quarantine of 16 MiB (not 256) so that the attack tests' 30 MiB messages, once freed, do
  # not stay resident and the memory bound keeps its meaning (bus_fixture.PEAK_RSS_BOUND).
  # UBSan: with the stack that led there. TSan: stop at the first report, and show where
  # both locks of a lock-order inversion were taken.
  file(WRITE ${CMAKE_BINARY_DIR}/sanitizer_environment.cmake
"set(ENV{MODMGR_SANITIZE} \"${MODMGR_SANITIZE}\")
set(ENV{ASAN_OPTIONS} \"halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:quarantine_size_mb=16\")
set(ENV{UBSAN_OPTIONS} \"halt_on_error=1:print_stacktrace=1\")
set(ENV{TSAN_OPTIONS} \"halt_on_error=1:second_deadlock_stack=1\")
")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES
               ${CMAKE_BINARY_DIR}/sanitizer_environment.cmake)
endif()
