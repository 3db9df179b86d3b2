#!/usr/bin/env bash
# The shell completions (doc/completions/): bash offers every command, every
# option each command's --help lists, the values of --format, --fail-on and
# --color, and the requirement ids of the specification given to explain;
# the zsh completion is valid zsh and names the same options.
set -uo pipefail
: "${SPECAUDIT:?}" "${SA_SOURCE_DIR:?}"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
bash_comp=$SA_SOURCE_DIR/doc/completions/specaudit.bash
zsh_comp=$SA_SOURCE_DIR/doc/completions/_specaudit
# shellcheck source=/dev/null
. "$bash_comp"
compopt() { :; } # outside a completion, compopt would fail

complete_words() { # WORD... (the last is being completed): prints the candidates
  COMP_WORDS=(specaudit "$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _specaudit
  printf '%s\n' "${COMPREPLY[@]}"
}
help_options() { # the options `specaudit CMD --help` lists
  "$SPECAUDIT" "$1" --help 2>&1 | grep -oE '^ +(-[a-zA-Z], )?--?[a-z][a-z-]*' | grep -oE -- '--?[a-z][a-z-]*'
}

offered=$(complete_words "")
for c in lint validate check diff explain; do
  grep -qx "$c" <<<"$offered" || bad "bash: command $c not offered"
done
for c in lint validate check diff explain; do
  offered=$(complete_words "$c" -)
  for opt in $(help_options "$c"); do
    grep -qx -- "$opt" <<<"$offered" || bad "bash: $c $opt (in --help) not offered"
    grep -q -- "'$opt\[\|'(-[a-z] $opt)\|{-[a-z],$opt}\|'$opt=" "$zsh_comp" || grep -q -- "$opt" "$zsh_comp" ||
      bad "zsh: $c $opt not named"
  done
  grep -qx -- '--color=' <<<"$offered" || bad "bash: $c --color= not offered"
done
# values, as each command's --help states them
for c in lint validate check diff; do
  want=$("$SPECAUDIT" "$c" --help 2>&1 | grep -E '^ +--format' | grep -oE '(text|json|junit|html|csv|md|sarif)' | sort -u)
  got=$(complete_words "$c" --format "" | sort -u)
  [ "$got" = "$want" ] || bad "bash: $c --format offers $(echo $got), --help says $(echo $want)"
done
[ "$(complete_words check --fail-on "" | sort | tr '\n' ' ')" = "critical major minor " ] || bad "bash: check --fail-on values"
grep -qx loosened <<<"$(complete_words diff --fail-on "")" || bad "bash: diff --fail-on values"
[ "$(complete_words lint --color=n)" = never ] || bad "bash: --color=n does not complete to never"
# bash splits --color=n at '=' (COMP_WORDBREAKS): the value is completed there too
[ "$(complete_words lint --color = n)" = never ] || bad "bash: --color = n does not complete to never"
# explain SPEC: the specification's requirement ids
spec=$SA_SOURCE_DIR/specs/county-spc.yaml
ids=$(complete_words explain "$spec" "" | sort)
want=$(grep -E '^ *- id: ' "$spec" | sed -E 's/^ *- id: *//' | sort)
[ -n "$want" ] && [ "$ids" = "$want" ] || bad "bash: explain SPEC offers '$(echo $ids)', expected '$(echo $want)'"
# files by kind: lint offers specifications and agreements, not returns
cd "$SA_SOURCE_DIR/specs/county-spc"
files=$(complete_words lint "")
grep -q '\.xml$' <<<"$files" || bad "bash: lint offers no agreement"
grep -q '\.csv$' <<<"$files" && bad "bash: lint offers a return"
grep -q '\.csv$' <<<"$(complete_words check returns/)" || bad "bash: check offers no return"

if command -v zsh >/dev/null; then
  zsh -n "$zsh_comp" || bad "zsh: the completion does not parse"
  # compinit -D: no dump file (zsh writes a dump beside the -d path and renames it over that path)
  zsh -fc "autoload -Uz compinit && compinit -u -D; fpath=($(dirname "$zsh_comp") \$fpath); autoload -Uz _specaudit" ||
    bad "zsh: the completion does not load"
else
  bad "zsh not installed (Debian: zsh): the zsh completion cannot be checked"
fi

[ "$fail" -eq 0 ] && echo "completions: passed"
exit $fail
