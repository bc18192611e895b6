# install_with_prefix(TEMPLATE DESTINATION)
# Installs TEMPLATE into DESTINATION (relative to the prefix) with @SBINDIR@ and @BINDIR@
# replaced by the prefix given at INSTALL time, so `cmake --install build --prefix /usr`
# writes files that point at /usr/sbin/modmgrd even when the build was configured for
# /usr/local.
function(install_with_prefix template destination)
  get_filename_component(name ${template} NAME)
  string(REGEX REPLACE "\\.in$" "" name ${name})
  install(CODE "
    set(sbindir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_SBINDIR}\")
    set(bindir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
    file(READ \"${template}\" text)
    string(REPLACE \"@SBINDIR@\" \"\${sbindir}\" text \"\${text}\")
    string(REPLACE \"@BINDIR@\" \"\${bindir}\" text \"\${text}\")
    set(target \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${destination}/${name}\")
    message(STATUS \"Installing: \${target}\")
    file(WRITE \"\${target}\" \"\${text}\")
  ")
endfunction()
