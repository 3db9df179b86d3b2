#!/usr/bin/env bash
# agreement_network.sh — loading hostile agreements (external entities,
# external DTDs, parameter entities, entity bombs, XInclude, schema-location
# and stylesheet hints pointing at the network) never opens a socket and
# never opens any file but the inputs, the shipped schema and the system's
# own libraries and locale data. Uses strace; skipped when it is missing or
# cannot trace (e.g. in a container without ptrace).
set -u
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}" "${SA_TESTS_DIR:?}"
FIX="$SA_TESTS_DIR/fixtures/agreement"
if ! command -v strace >/dev/null 2>&1; then
  echo "SKIP: strace is not installed"
  exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if ! strace -f -o "$TMP/probe" true >/dev/null 2>&1; then
  echo "SKIP: strace cannot trace here"
  exit 0
fi
export SPECAUDIT_SCHEMA_DIR="$SA_SOURCE_DIR/specs/schema"
# LeakSanitizer cannot run under ptrace; leaks are checked by the other runs.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
inputs=("$FIX"/invalid/doctype-*.xml "$FIX/invalid/xinclude.xml" "$FIX/invalid/undefined-entity.xml"
        "$FIX"/hostile/*.xml)
failures=0
for f in "${inputs[@]}"; do
  strace -f -qq -e trace=network,open,openat,creat -o "$TMP/trace" \
    "$SPECAUDIT" lint "$FIX/spec.yaml" "$f" >"$TMP/out" 2>&1
  rc=$?
  name=$(basename "$f")
  case "$f" in
    */hostile/*) [ "$rc" -eq 0 ] || { echo "FAIL: $name: exit $rc, expected a clean lint"; cat "$TMP/out"; failures=$((failures + 1)); } ;;
    *) [ "$rc" -eq 1 ] || { echo "FAIL: $name: exit $rc, expected 1"; cat "$TMP/out"; failures=$((failures + 1)); } ;;
  esac
  if grep -E '(^|[^a-z_])(socket|connect|sendto|sendmsg|bind)\(' "$TMP/trace" | grep -v 'AF_UNIX' | grep -q .; then
    echo "FAIL: $name: network system calls:"
    grep -E '(socket|connect|sendto|sendmsg|bind)\(' "$TMP/trace"
    failures=$((failures + 1))
  fi
  # Every file opened is an input, the schema, or part of the system's runtime.
  opened=$(grep -oE 'open(at)?\([^"]*"[^"]*"' "$TMP/trace" | sed -E 's/.*"([^"]*)"/\1/' | sort -u)
  while IFS= read -r p; do
    [ -z "$p" ] && continue
    case "$p" in
      "$f"|"$FIX/spec.yaml"|"$SA_SOURCE_DIR/specs/schema/agreement.xsd") ;;
      /etc/ld.so*|/lib/*|/lib64/*|/usr/lib/*|/usr/lib64/*|/usr/local/lib/*|/usr/share/locale/*|/usr/lib/locale/*|/usr/share/zoneinfo/*|/etc/localtime|/proc/*|/sys/*|/dev/*|/usr/lib/x86_64-linux-gnu/*|/etc/nsswitch.conf|/etc/gconv*|/usr/lib/gconv/*) ;;
      "$TMP"/*) ;;
      *) echo "FAIL: $name: opened $p"; failures=$((failures + 1)) ;;
    esac
  done <<<"$opened"
  if grep -qE '"(/etc/passwd|[^"]*\.dtd|[^"]*evil[^"]*)"' "$TMP/trace"; then
    echo "FAIL: $name: touched a file the document names"
    failures=$((failures + 1))
  fi
done
if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "ok: ${#inputs[@]} hostile agreements, no network, no files beyond the inputs"
