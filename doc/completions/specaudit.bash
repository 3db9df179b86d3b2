# bash completion for specaudit(1). Installed as
# /usr/share/bash-completion/completions/specaudit; to try it from the
# source tree: . doc/completions/specaudit.bash
#
# Completes commands, each command's options (the ones its --help lists),
# the values of --format, --fail-on and --color, files by the kind each
# command reads, git revisions after diff --git, and requirement ids after
# explain SPEC.

_specaudit_options() {
  local common="--color= --help -h --max-input-bytes --max-depth --max-alias-expansions"
  local returns="--max-field-bytes --max-columns -q --quiet"
  case $1 in
    lint) echo "$common --format -o --output" ;;
    validate) echo "$common $returns --max-errors --format -o --output --show-identifiers -j --jobs" ;;
    check) echo "$common $returns --period --provider --format -o --output --fail-on --max-examples --today -j --jobs --show-identifiers --verbose --max-providers --max-periods --max-linked-keys --submissions --baseline --accept-not-assessable" ;;
    diff) echo "$common --git --format --fail-on -o --output" ;;
    explain) echo "$common" ;;
  esac
}

_specaudit_values() { # command option -> the words it takes, or nothing
  case $1:$2 in
    lint:--format) echo "text json sarif junit" ;;
    validate:--format) echo "text json junit" ;;
    check:--format) echo "text json junit html csv md sarif" ;;
    diff:--format) echo "text json md" ;;
    check:--fail-on) echo "critical major minor" ;;
    diff:--fail-on) echo "loosened removed tightened added changed warning any" ;;
  esac
}

# True when FILE is of a kind COMMAND reads.
_specaudit_wanted() {
  case $1:$2 in
    explain:*.yaml | explain:*.yml) return 0 ;;
    explain:*) return 1 ;;
    validate:*.csv | check:*.csv) return 0 ;;
    *:*.yaml | *:*.yml | *:*.xml) return 0 ;;
  esac
  return 1
}

_specaudit() {
  local cur prev cmd="" i f
  COMPREPLY=()
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD - 1]}
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -*) ;;
      *) cmd=${COMP_WORDS[i]}; break ;;
    esac
  done
  if [ -z "$cmd" ]; then
    COMPREPLY=($(compgen -W "lint validate check diff explain --help --version --color=" -- "$cur"))
    return
  fi
  # --color=WHEN, as one word or split at '=' (COMP_WORDBREAKS)
  case $cur in
    --color=*) COMPREPLY=($(compgen -W "auto always never" -- "${cur#--color=}")); return ;;
  esac
  if [ "$prev" = "=" ] && [ "${COMP_WORDS[COMP_CWORD - 2]}" = --color ]; then
    COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
    return
  fi
  local values
  values=$(_specaudit_values "$cmd" "$prev")
  if [ -n "$values" ]; then
    COMPREPLY=($(compgen -W "$values" -- "$cur"))
    return
  fi
  case $prev in
    -o | --output | --submissions | --baseline) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --git)
      COMPREPLY=($(compgen -W "$(git for-each-ref --format='%(refname:short)' 2>/dev/null) HEAD" -- "$cur"))
      return ;;
    --period | --provider | --today | --max-* | -j | --jobs) return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_specaudit_options "$cmd")" -- "$cur"))
    [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
    return
  fi
  if [ "$cmd" = explain ]; then
    local spec=""
    for ((i = i + 1; i < COMP_CWORD; i++)); do
      [[ ${COMP_WORDS[i]} == -* ]] || { spec=${COMP_WORDS[i]}; break; }
    done
    if [ -n "$spec" ] && [ -f "$spec" ]; then
      COMPREPLY=($(compgen -W "$(sed -n 's/^ *- *id: *["'"'"']\{0,1\}\([^"'"'"' ]*\).*/\1/p' "$spec")" -- "$cur"))
      return
    fi
  fi
  compopt -o filenames 2>/dev/null
  while IFS= read -r f; do
    if [ -d "$f" ] || _specaudit_wanted "$cmd" "$f"; then
      COMPREPLY+=("$f")
    fi
  done < <(compgen -f -- "$cur")
}
complete -F _specaudit specaudit
