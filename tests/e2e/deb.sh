#!/usr/bin/env bash
# The Debian package: cpack builds it, lintian finds nothing in it (no error,
# no warning), and dpkg installs it into a scratch root (never into this
# machine), where `specaudit --version` runs and `man -w specaudit` finds the
# page. The package holds the compressed man page, the schemas, the formats
# reference and the examples under /usr/share/doc/specaudit, Debian's
# copyright and changelog, bash and zsh completions, and declares every
# library it needs with a minimum version.
set -euo pipefail
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}" "${SA_BUILD_DIR:?}"
for tool in cpack dpkg-deb dpkg lintian; do
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
  cmake --install "$SA_BUILD_DIR" --strip --prefix "$tmp/stage/usr" >"$tmp/install.log" 2>&1; then
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

# lintian: no error and no warning (informational tags are allowed)
lintian --no-tag-display-limit "$deb" >"$tmp/lintian.log" 2>&1 || true
if grep -E '^(E|W): ' "$tmp/lintian.log"; then
  bad "lintian reports errors or warnings"
fi
grep -qiE 'error|unknown|cannot' <(grep -vE '^(E|W|I|N|P|X|O): |not recommended' "$tmp/lintian.log") &&
  { cat "$tmp/lintian.log"; bad "lintian did not run cleanly"; }

# control fields
dpkg-deb -f "$deb" Package | grep -qx specaudit || bad "Package is not specaudit"
version=$("$SPECAUDIT" --version | awk '{print $2}')
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || bad "Version $(dpkg-deb -f "$deb" Version) != $version"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libxml2 libyaml-0-2 libpcre2-8-0; do
  grep -Eq "(^|, )$lib \(>= [0-9][^)]*\)(\$|,)" <<<"$depends" || bad "Depends lacks a versioned $lib: $depends"
done
[ "$(tr ',' '\n' <<<"$depends" | grep -c .)" -eq 4 ] || bad "Depends has other or repeated entries: $depends"
[ -n "$(dpkg-deb -f "$deb" Maintainer)" ] || bad "no Maintainer"

# installed with dpkg into a scratch root of its own (its own package
# database; the libraries come from this machine, hence --force-depends)
root=$tmp/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
: >"$root/var/lib/dpkg/status"
dpkg --root="$root" --force-depends --force-not-root --force-script-chrootless --log=/dev/null \
  --no-triggers -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; bad "dpkg -i into a scratch root failed"; }
dpkg --root="$root" -s specaudit 2>/dev/null | grep -qx 'Status: install ok installed' || bad "dpkg does not list specaudit as installed"
[ -x "$root/usr/bin/specaudit" ] || bad "no usr/bin/specaudit"
[ -f "$root/usr/share/specaudit/schema/agreement.xsd" ] || bad "no agreement schema"
doc=$root/usr/share/doc/specaudit
for f in copyright changelog.gz README.md schema/agreement.xsd schema/result.schema.json; do
  [ -f "$doc/$f" ] || bad "no /usr/share/doc/specaudit/$f"
done
for spec in "$SA_SOURCE_DIR"/specs/*.yaml; do
  name=$(basename "$spec" .yaml)
  cmp -s "$spec" "$doc/examples/$name.yaml" || bad "example $name.yaml not installed"
  n=$(find "$SA_SOURCE_DIR/specs/$name" -type f | wc -l)
  [ "$(find "$doc/examples/$name" -type f | wc -l)" -eq "$n" ] || bad "example $name: not all its agreements and returns"
done
gzip -t "$root/usr/share/man/man1/specaudit.1.gz" || bad "the man page is not gzip-compressed"
man_path=$(MANPATH=$root/usr/share/man man -w specaudit 2>&1) || bad "man -w specaudit: $man_path"
[ "$man_path" = "$root/usr/share/man/man1/specaudit.1.gz" ] || bad "man -w specaudit found '$man_path'"
MANPATH=$root/usr/share/man MANWIDTH=80 man specaudit 2>/dev/null | grep -q 'DIAGNOSTICS' || bad "the installed man page does not render"
comp=$root/usr/share/bash-completion/completions/specaudit
bash -c ". '$comp' && complete -p specaudit" >/dev/null 2>&1 || bad "the bash completion does not load"
[ -f "$root/usr/share/zsh/vendor-completions/_specaudit" ] || bad "no zsh completion"
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
