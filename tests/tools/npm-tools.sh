# npm-tools.sh — the validators from npm that the suite runs (sourced, not
# run): each is installed on first use, at a pinned version, into a cache
# directory kept between runs, and found there afterwards.
#
#   sa_npm_tool PACKAGE VERSION    prints the directory holding node_modules/PACKAGE
#
# The cache is $SA_NPM_CACHE, else ${XDG_CACHE_HOME:-$HOME/.cache}/specaudit-tests/npm.
# When npm is missing or the registry cannot be reached, it prints why and
# returns 1: a test that needs the tool then fails, it does not skip.

sa_npm_cache() {
  printf '%s\n' "${SA_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/specaudit-tests/npm}"
}

sa_npm_tool() {
  local pkg=$1 version=$2 dir stage
  dir=$(sa_npm_cache)/$(printf '%s' "$pkg" | tr '/@' '__')-$version
  if [ -f "$dir/.installed" ]; then
    printf '%s\n' "$dir"
    return 0
  fi
  if ! command -v npm >/dev/null; then
    echo "FAIL: npm is not installed (Debian: npm, or Node.js with npm); $pkg@$version is needed" >&2
    return 1
  fi
  mkdir -p "$(dirname "$dir")"
  # Installed beside its final place and renamed into it, so a run cut short
  # or a test installing the same tool at the same time never leaves half a tool.
  stage=$(mktemp -d "$dir.tmp.XXXXXX")
  if ! npm install --no-audit --no-fund --no-save --loglevel=error --prefix "$stage" \
      "$pkg@$version" >"$stage.log" 2>&1; then
    echo "FAIL: npm install $pkg@$version failed (is the npm registry reachable?):" >&2
    tail -20 "$stage.log" >&2
    rm -rf "$stage" "$stage.log"
    return 1
  fi
  rm -f "$stage.log"
  touch "$stage/.installed"
  if ! mv -T "$stage" "$dir" 2>/dev/null; then
    rm -rf "$stage" # installed meanwhile by another test
  fi
  [ -f "$dir/.installed" ] || { echo "FAIL: $pkg@$version not in $dir" >&2; return 1; }
  printf '%s\n' "$dir"
}
