# packaging.cmake — a Debian package with CPack:
#
#   cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr
#   cmake --build build-release --target specaudit
#   (cd build-release && cpack)          # -> specaudit_<version>_<arch>.deb
#
# The package holds the binary, the man page and the schemas. The install
# prefix is compiled into the binary (it finds the agreement schema there), so
# the package is laid out under the same prefix: configure with /usr for a
# package that follows Debian policy.

set(SPECAUDIT_MAINTAINER "specaudit maintainers <maintainers@specaudit.invalid>"
    CACHE STRING "Maintainer field of the Debian package")

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "specaudit")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "audits palliative and end-of-life care contracts against activity returns")
set(CPACK_PACKAGE_DESCRIPTION
    "specaudit checks service specifications (YAML), heads of agreement (XML) and providers' \
monthly activity returns (CSV), and reports requirement by requirement and provider by provider \
what is met, what is not, and the evidence for each verdict.")
set(CPACK_PACKAGE_CONTACT "${SPECAUDIT_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/;/\\\\.git/")

set(CPACK_DEBIAN_PACKAGE_NAME "specaudit")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SPECAUDIT_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# The three libraries the binary links (libc comes with every system).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6, libxml2, libyaml-0-2, libpcre2-8-0")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)

# Only the runtime files: the static library and the tests are not installed.
set(CPACK_INSTALL_CMAKE_PROJECTS "${CMAKE_BINARY_DIR};${PROJECT_NAME};ALL;/")

include(CPack)
