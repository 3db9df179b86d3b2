# lib.sh — helpers shared by tests/e2e/hostile.sh and tests/e2e/security_*.sh.
# Sourced, not run. Needs SPECAUDIT (the binary); SA_TESTS_DIR (tests/).
#
# Every hostile run is bounded: wall time by `timeout`, memory by `ulimit -v`
# (not under AddressSanitizer, which reserves terabytes of address space) and
# checked afterwards as peak RSS from /usr/bin/time, which also gives the CPU
# time (user + system, all threads) that speed bounds are asserted on: unlike
# wall time it does not grow when other jobs load the machine. A case passes when the
# exit status is one of those allowed, the output carries the expected
# diagnostic, no sanitizer or crash report appears, and the bounds held.

: "${SPECAUDIT:?SPECAUDIT must name the specaudit binary}"
: "${SA_TESTS_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
HOSTILE="$SA_TESTS_DIR/hostile"

sa_sanitized=0
if [ "${SA_SANITIZED:-0}" = 1 ] || nm -an "$SPECAUDIT" 2>/dev/null | grep -q __asan_init; then
  sa_sanitized=1
fi
# Bounds per run. Sanitized builds are several times slower and heavier.
if [ $sa_sanitized = 1 ]; then
  SA_TIME_LIMIT=${SA_TIME_LIMIT:-60}
  SA_RSS_LIMIT_MB=${SA_RSS_LIMIT_MB:-1024}
else
  SA_TIME_LIMIT=${SA_TIME_LIMIT:-10}
  SA_RSS_LIMIT_MB=${SA_RSS_LIMIT_MB:-256}
fi
SA_VMEM_LIMIT_KB=${SA_VMEM_LIMIT_KB:-4194304}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/sa-hostile.XXXXXX")
chmod 755 "$TMP"
trap 'rm -rf "$TMP"' EXIT

fails=0
passes=0
skips=0

# True when the subcommand exists in this build (stages land one by one).
sa_available() {
  local out
  out=$("$SPECAUDIT" "$1" 2>&1 </dev/null)
  ! grep -q 'not available in this build' <<<"$out"
}

sa_skip() {
  echo "SKIP $*"
  skips=$((skips + 1))
}

sa_fail() {
  echo "FAIL $*"
  fails=$((fails + 1))
}

# sa_run NAME [--stdin FILE] -- ARGS...
# Runs specaudit bounded; leaves $TMP/NAME.{out,err,time} and sets RC,
# ELAPSED (wall seconds), CPU (user + system seconds; empty when not
# measured) and RSS_MB.
sa_run() {
  local name=$1
  shift
  local stdin=/dev/null
  if [ "$1" = --stdin ]; then
    stdin=$2
    shift 2
  fi
  [ "$1" = -- ] && shift
  mkdir -p "$(dirname "$TMP/$name")"
  local timer=()
  [ -x /usr/bin/time ] && timer=(/usr/bin/time -f '%M %e %U %S' -o "$TMP/$name.time")
  : >"$TMP/$name.time"
  (
    [ $sa_sanitized = 1 ] || ulimit -v "$SA_VMEM_LIMIT_KB"
    exec timeout -k 5 "$SA_TIME_LIMIT" "${timer[@]}" "$SPECAUDIT" "$@"
  ) <"$stdin" >"$TMP/$name.out" 2>"$TMP/$name.err"
  RC=$?
  local kb el user sys
  read -r kb el user sys < <(grep -E '^[0-9]+ [0-9.]+ [0-9.]+ [0-9.]+$' "$TMP/$name.time" | tail -1) || true
  RSS_MB=$(( ${kb:-0} / 1024 ))
  ELAPSED=${el:-0}
  CPU=
  [ -n "${user:-}" ] && CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
}

# sa_expect NAME "EXITS" REGEX [--stdin FILE] -- ARGS...
# Runs and checks: exit status in EXITS (space-separated), REGEX (grep -E)
# found in stdout or stderr (empty REGEX: no requirement), no crash report,
# within the time and memory bounds.
sa_expect() {
  local name=$1 exits=$2 regex=$3
  shift 3
  sa_run "$name" "$@"
  local why=()
  local all="$TMP/$name.all"
  cat "$TMP/$name.out" "$TMP/$name.err" >"$all"
  [[ " $exits " == *" $RC "* ]] || why+=("exit $RC, expected one of: $exits")
  [ "$RC" = 124 ] || [ "$RC" = 137 ] && why+=("killed by timeout after ${SA_TIME_LIMIT}s")
  if [ -n "$regex" ] && ! grep -aqE -- "$regex" "$all"; then
    why+=("output lacks /$regex/")
  fi
  if grep -aqE 'AddressSanitizer|LeakSanitizer|runtime error:|Segmentation fault|core dumped|stack-overflow' "$all"; then
    why+=("crash or sanitizer report")
  fi
  if [ "$RSS_MB" -gt "$SA_RSS_LIMIT_MB" ]; then
    why+=("peak RSS ${RSS_MB} MB > ${SA_RSS_LIMIT_MB} MB")
  fi
  if ((${#why[@]})); then
    sa_fail "$name: ${why[*]}"
    sed -n '1,12p' "$all" | cut -c1-300 | sed 's/^/    | /'
    return 1
  fi
  printf 'ok   %-34s exit %s  %6ss  %5s cpu  %4s MB  %s\n' "$name" "$RC" "$ELAPSED" "${CPU:--}" "$RSS_MB" \
    "$(grep -aoE 'E-[A-Z0-9-]+' "$all" | sort -u | head -4 | tr '\n' ' ')"
  passes=$((passes + 1))
  return 0
}

# sa_within_cpu NAME SECONDS: fails when the last run used more CPU time
# (user + system) than SECONDS, or when its CPU time was not measured (a bound
# that cannot be checked does not pass). Sanitized builds get five times as
# much.
sa_within_cpu() {
  local limit=$2
  [ $sa_sanitized = 1 ] && limit=$((limit * 5))
  if [ -z "$CPU" ]; then
    sa_fail "$1: no CPU time measured (is /usr/bin/time installed?)"
    return 1
  fi
  if awk -v c="$CPU" -v l="$limit" 'BEGIN { exit !(c > l) }'; then
    sa_fail "$1: used ${CPU}s of CPU time, expected under ${limit}s"
    return 1
  fi
  return 0
}

# Fails when `needle` (fixed string) occurs in any of the files.
sa_absent() {
  local label=$1 needle=$2
  shift 2
  local f
  for f in "$@"; do
    if [ -e "$f" ] && grep -aqF -- "$needle" "$f"; then
      sa_fail "$label: '$needle' appears in $(basename "$f")"
      grep -anF -- "$needle" "$f" | head -3 | cut -c1-200 | sed 's/^/    | /'
      return 1
    fi
  done
  return 0
}

sa_finish() {
  echo "-- $passes passed, $fails failed, $skips skipped"
  [ "$fails" -eq 0 ]
}
