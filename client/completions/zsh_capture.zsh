#!/usr/bin/env zsh
# Prints what zsh's completion system offers for a command line, as a person pressing TAB at
# its end would get it: an interactive zsh in a pseudo-terminal (zpty) with compinit and the
# completions in COMPLETIONS_DIR, whose compadd is wrapped to print each match it adds
# ("MATCH:word", "NOSPACE:word" when no space follows it), then exits.
# Usage: zsh_capture.zsh COMPLETIONS_DIR LINE
zmodload zsh/zpty || exit 2
zpty capture zsh -f -i
zpty -w capture "PROMPT= RPROMPT="
zpty -w capture "fpath=(${(q)1} \$fpath)"
zpty -w capture "autoload -U compinit && compinit -u -D"
zpty -w capture 'compadd() {
    if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
        builtin compadd "$@"
        return $?
    fi
    local -a hits
    builtin compadd -A hits "$@"
    local marker=MATCH
    [[ ${@[1,(i)(-|--)]} == *"-S "* && ${@[$(( ${@[(i)-S]} + 1 ))]} == "" ]] && marker=NOSPACE
    local hit
    for hit in "${hits[@]}"; do print -r -- "$marker:$hit"; done
    builtin compadd "$@"
}'
zpty -w capture "zstyle ':completion:*' insert-tab false"
zpty -w capture "comppostfuncs=(exit)"
zpty -w capture "bindkey '^I' complete-word"
zpty -n -w capture "$2"$'\t'
local output chunk
# The shell exits after completing (comppostfuncs), which ends the reads; the caller bounds
# the time (timeout(1)).
while zpty -r capture chunk; do
    output+=$chunk
done
print -r -- "$output" | grep -aoE '(MATCH|NOSPACE):[^[:cntrl:]]*' | sort -u
