#!/usr/bin/env bash
# The Debian package: cpack builds it, `dpkg -x` unpacks it into a temporary
# root (no installation on this machine), and the binary runs from there. The
# package must hold the man page and the schemas and declare its libraries.
#
set -euo pipefail
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}" "${SA_BUILD_DIR:?}"
for tool in cpack dpkg-deb; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool not installed: skipped"
    exit 0
  fi
done
if [ -n "${SA_SANITIZED:-}" ]; then
  echo "sanitizer run: the package is tested by the plain suite; skipped"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# The suite's build is packaged when it is not sanitized: its files are
# installed into a staging root and cpack (with the project's CPack settings)
# packs that, so nothing is rebuilt. Otherwise a Release build of the CLI alone
# is configured in a temporary directory and packed the usual way.
cache=$SA_BUILD_DIR/CMakeCache.txt
sanitize=$(sed -n 's/^SPECAUDIT_SANITIZE:[A-Z]*=//p' "$cache" 2>/dev/null || true)
if [ -f "$SA_BUILD_DIR/CPackConfig.cmake" ] && [ "$sanitize" != ON ] &&
  cmake --install "$SA_BUILD_DIR" --prefix "$tmp/stage/usr" >"$tmp/install.log" 2>&1; then
  echo "packaging the suite's build"
  (cd "$tmp" && cpack --config "$SA_BUILD_DIR/CPackConfig.cmake" -G DEB -B "$tmp/pkg" \
    -D CPACK_PACKAGING_INSTALL_PREFIX=/usr -D CPACK_INSTALL_CMAKE_PROJECTS= \
    -D "CPACK_INSTALLED_DIRECTORIES=$tmp/stage;." >"$tmp/cpack.log" 2>&1) ||
    { cat "$tmp/cpack.log"; echo "FAIL: cpack"; exit 1; }
else
  echo "configuring a Release build of the CLI"
  { cmake -S "$SA_SOURCE_DIR" -B "$tmp/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
      -DSPECAUDIT_TESTS=OFF && cmake --build "$tmp/build" -j"$(nproc)" --target specaudit; } \
    >"$tmp/build.log" 2>&1 || { tail -30 "$tmp/build.log"; echo "FAIL: Release build"; exit 1; }
  (cd "$tmp" && cpack --config "$tmp/build/CPackConfig.cmake" -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) ||
    { cat "$tmp/cpack.log"; echo "FAIL: cpack"; exit 1; }
fi
debs=("$tmp"/pkg/specaudit_*.deb)
[ -f "${debs[0]}" ] || { ls -R "$tmp/pkg"; echo "FAIL: no specaudit_*.deb produced"; exit 1; }
deb=${debs[0]}
echo "built $(basename "$deb")"

# control fields
dpkg-deb -f "$deb" Package | grep -qx specaudit || bad "Package is not specaudit"
version=$("$SPECAUDIT" --version | awk '{print $2}')
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || bad "Version $(dpkg-deb -f "$deb" Version) != $version"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libxml2 libyaml-0-2 libpcre2-8-0; do
  grep -Eq "(^|, )$lib(\$|,| )" <<<"$depends" || bad "Depends lacks $lib: $depends"
done
[ -n "$(dpkg-deb -f "$deb" Maintainer)" ] || bad "no Maintainer"

# contents, unpacked into a temporary root
root=$tmp/root
dpkg-deb -x "$deb" "$root"
[ -x "$root/usr/bin/specaudit" ] || bad "no usr/bin/specaudit"
[ -f "$root/usr/share/specaudit/schema/agreement.xsd" ] || bad "no agreement schema"
if [ -f "$SA_SOURCE_DIR/doc/specaudit.1" ]; then
  ls "$root"/usr/share/man/man1/specaudit.1* >/dev/null 2>&1 || bad "no man page"
fi
out=$("$root/usr/bin/specaudit" --version) || bad "specaudit --version from the package: exit $?"
[ "$out" = "specaudit $version" ] || bad "specaudit --version printed '$out'"
"$root/usr/bin/specaudit" --help | grep -q "diff" || bad "packaged specaudit --help lacks diff"

# the packaged schema validates a bundled agreement (when the examples have agreements)
agreement=$(ls "$SA_SOURCE_DIR"/specs/*/*.xml 2>/dev/null | head -1 || true)
if [ -n "$agreement" ]; then
  spec_dir=$(dirname "$agreement")
  rc=0
  SPECAUDIT_SCHEMA_DIR=$root/usr/share/specaudit/schema \
    "$root/usr/bin/specaudit" lint "$spec_dir.yaml" "$agreement" >"$tmp/lint.out" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] || { cat "$tmp/lint.out"; bad "packaged lint with the packaged schema: exit $rc"; }
fi

[ "$fail" -eq 0 ] && echo "deb: passed"
exit $fail
