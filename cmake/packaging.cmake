# packaging.cmake — a Debian package with CPack:
#
#   cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr
#   cmake --build build-release --target specaudit
#   (cd build-release && cpack -G DEB)   # -> specaudit_<version>_<arch>.deb
#
# The package holds what `cmake --install` installs (cmake/install-docs.cmake
# lists it): the binary, the compressed man page, the schemas, the formats
# reference and the examples under /usr/share/doc/specaudit, Debian's
# copyright and changelog, and bash and zsh completions. It is lintian-clean
# (errors and warnings; tests/e2e/deb.sh runs lintian). The install prefix is
# compiled into the binary (it finds the agreement schema there), so the
# package is laid out under the same prefix: configure with /usr.

set(SPECAUDIT_MAINTAINER "specaudit maintainers <maintainers@specaudit.invalid>"
    CACHE STRING "Maintainer field of the Debian package")

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "specaudit")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "audits palliative and end-of-life care contracts against activity returns")
# The synopsis is the summary above; the long description follows as it is
# written here, so its lines stay within 80 columns.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "specaudit checks the documents of a palliative care contract: service
specifications (YAML), heads of agreement (XML) and providers' monthly
activity returns (CSV). It reports, requirement by requirement and provider
by provider, what is met, what is not, and the evidence for each verdict, as
text, JSON, HTML, CSV, Markdown, JUnit or SARIF for CI pipelines, and shows
what an edit to a specification or agreement changes for providers.")
set(CPACK_PACKAGE_CONTACT "${SPECAUDIT_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/;/\\\\.git/")

set(CPACK_DEBIAN_PACKAGE_NAME "specaudit")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SPECAUDIT_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# Depends: the libraries the binary links, each with the lowest version that
# has the symbols it uses, worked out when cpack runs (cmake/debian/depends.cmake.in).
configure_file(cmake/debian/depends.cmake.in "${CMAKE_BINARY_DIR}/cpack-depends.cmake" @ONLY)
set(CPACK_PROJECT_CONFIG_FILE "${CMAKE_BINARY_DIR}/cpack-depends.cmake")

# Only the runtime files: the static library and the tests are not installed.
set(CPACK_INSTALL_CMAKE_PROJECTS "${CMAKE_BINARY_DIR};${PROJECT_NAME};ALL;/")

include(CPack)
