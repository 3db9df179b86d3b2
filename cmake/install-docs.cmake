# install-docs.cmake — what is installed beside the binary and the schemas:
#
#   share/man/man1/specaudit.1.gz                  the man page (compressed, as Debian wants)
#   share/doc/specaudit/README.md                  the formats reference (specs/README.md)
#   share/doc/specaudit/schema/                    agreement.xsd, result.schema.json
#   share/doc/specaudit/examples/                  the bundled specifications, agreements, returns
#   share/doc/specaudit/copyright, changelog.gz    Debian's required documents
#   share/bash-completion/completions/specaudit    bash completion
#   share/zsh/vendor-completions/_specaudit        zsh completion
#
# The compressed files are made at build time with gzip -9n (no name or
# time stamp inside, so the same sources give the same bytes).

find_program(SA_GZIP gzip)
set(SA_DOC_GENERATED "${CMAKE_CURRENT_BINARY_DIR}/generated/doc")

# gz(SOURCE OUTPUT): OUTPUT is SOURCE compressed, rebuilt when SOURCE changes.
function(sa_gzip source output)
  add_custom_command(OUTPUT "${output}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${SA_DOC_GENERATED}"
    COMMAND "${SA_GZIP}" -9nc "${source}" > "${output}"
    DEPENDS "${source}" VERBATIM)
endfunction()

if(SA_GZIP)
  sa_gzip("${CMAKE_CURRENT_SOURCE_DIR}/doc/specaudit.1" "${SA_DOC_GENERATED}/specaudit.1.gz")
  sa_gzip("${CMAKE_CURRENT_SOURCE_DIR}/cmake/debian/changelog" "${SA_DOC_GENERATED}/changelog.gz")
  add_custom_target(specaudit_docs ALL DEPENDS "${SA_DOC_GENERATED}/specaudit.1.gz" "${SA_DOC_GENERATED}/changelog.gz")
  add_dependencies(specaudit specaudit_docs)
  install(FILES "${SA_DOC_GENERATED}/specaudit.1.gz" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES "${SA_DOC_GENERATED}/changelog.gz" DESTINATION ${CMAKE_INSTALL_DOCDIR})
else()
  install(FILES doc/specaudit.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

install(FILES cmake/debian/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES specs/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY specs/schema/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/schema)
# The formats reference is installed above; an example's own README.md goes with the example.
install(DIRECTORY specs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples
  REGEX "/specs/README\\.md$" EXCLUDE PATTERN "schema" EXCLUDE)
install(FILES doc/completions/specaudit.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME specaudit)
install(FILES doc/completions/_specaudit DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
