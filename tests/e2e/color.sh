#!/usr/bin/env bash
# --color=auto|always|never, accepted by every command anywhere on its line:
# auto colours only a terminal (run under `script`, which gives the command a
# pseudo-terminal), and never with NO_COLOR set or TERM=dumb; always colours
# a pipe too; never colours nothing. A report written with -o is never
# coloured.
set -uo pipefail
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
esc=$(printf '\033[')
ex=$SA_SOURCE_DIR/specs
cp "$ex/county-spc.yaml" "$tmp/old.yaml"
sed '0,/target: ">= 90%"/s//target: ">= 95%"/' "$ex/county-spc.yaml" >"$tmp/new.yaml"
printf 'no_such_key: 1\n' >>"$tmp/new.yaml"
cp "$ex/county-spc.yaml" "$tmp/tight.yaml"
sed -i '0,/target: ">= 90%"/s//target: ">= 95%"/' "$tmp/tight.yaml"

# The three commands with a coloured text output; each prints something.
lint=(lint "$tmp/new.yaml")
check=(check "$ex/county-spc.yaml" "$ex"/county-spc/*.xml "$ex"/county-spc/returns/*.csv)
diff=(diff "$tmp/old.yaml" "$tmp/tight.yaml")

# on_tty ENV... -- ARGS: runs specaudit with a terminal as standard output.
on_tty() {
  local envs=()
  while [ "$1" != -- ]; do envs+=("$1"); shift; done
  shift
  local cmd
  cmd=$(printf '%q ' "$SPECAUDIT" "$@")
  env "${envs[@]}" script -qec "$cmd" /dev/null </dev/null 2>/dev/null
}
coloured() { grep -qF "$esc" <<<"$1"; }

if ! command -v script >/dev/null; then
  bad "script (util-linux) is needed to give specaudit a terminal"
else
  for c in lint check diff; do
    declare -n args=$c
    out=$(on_tty TERM=xterm NO_COLOR= -- "${args[@]}")
    [ -n "$out" ] || bad "$c: no output on a terminal"
    coloured "$out" || bad "$c: auto on a terminal is not coloured"
    out=$(on_tty TERM=dumb NO_COLOR= -- "${args[@]}")
    coloured "$out" && bad "$c: TERM=dumb is coloured"
    out=$(on_tty TERM=xterm NO_COLOR=1 -- "${args[@]}")
    coloured "$out" && bad "$c: NO_COLOR=1 is coloured"
    out=$(on_tty TERM=xterm NO_COLOR= -- "${args[@]}" --color=never)
    coloured "$out" && bad "$c: --color=never on a terminal is coloured"
    out=$(on_tty TERM=dumb NO_COLOR=1 -- --color=always "${args[@]}")
    coloured "$out" || bad "$c: --color=always before the command is not coloured"
    unset -n args
  done
fi

for c in lint check diff; do
  declare -n args=$c
  out=$(TERM=xterm "$SPECAUDIT" "${args[@]}" 2>/dev/null)
  coloured "$out" && bad "$c: auto into a pipe is coloured"
  out=$(TERM=dumb "$SPECAUDIT" "${args[@]}" --color=always 2>/dev/null)
  coloured "$out" || bad "$c: --color=always into a pipe is not coloured"
  out=$(TERM=xterm "$SPECAUDIT" "${args[@]}" --colour 2>/dev/null)
  coloured "$out" || bad "$c: a bare --colour is not always"
  unset -n args
done

# a report file is never coloured
"$SPECAUDIT" lint --color=always -o "$tmp/lint.txt" "$tmp/new.yaml" >/dev/null 2>&1
grep -qF "$esc" "$tmp/lint.txt" && bad "lint -o FILE --color=always: the file is coloured"

# usage
"$SPECAUDIT" lint --color=sometimes "$tmp/old.yaml" >"$tmp/out" 2>&1
[ $? -eq 2 ] || bad "--color=sometimes: exit status is not 2"
grep -q "auto, always or never" "$tmp/out" || bad "--color=sometimes: no usage message"
# after --, --color is a file name
"$SPECAUDIT" lint -- --color >"$tmp/out" 2>&1
grep -q -- '--color: error\[E-IO-NOT-FOUND\]' "$tmp/out" || bad "lint -- --color: not read as a file: $(cat "$tmp/out")"
"$SPECAUDIT" --help | grep -q -- '--color=WHEN' || bad "specaudit --help does not list --color"

[ "$fail" -eq 0 ] && echo "color: passed"
exit $fail
