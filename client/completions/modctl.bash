# bash completion for modctl(1). What to offer is modctl's own answer (`modctl __complete`,
# client/completion.h), so bash, zsh and fish offer the same, from the command table.

_modctl()
{
    local cur prev words cword
    # A device's name has colons (pci/0000:00:02.0): one word, not three.
    _init_completion -n : || return

    local reply kind
    mapfile -t reply < <("${words[0]}" __complete "${words[@]:1:cword}" 2>/dev/null)
    kind=${reply[0]}
    case $kind in
        files) _filedir 'ko?(.xz|.zst|.gz)' ;;
        hosts) _known_hosts_real -a -- "$cur" ;;
        words)
            COMPREPLY=("${reply[@]:1}")
            COMPREPLY=("${COMPREPLY[@]%%$'\t'*}")
            # PARAM= is completed further by typing its value, not by a space.
            [[ ${#COMPREPLY[@]} -eq 1 && $COMPREPLY == *= ]] && compopt -o nospace
            # readline still replaces only what follows the word's last colon.
            __ltrim_colon_completions "$cur"
            ;;
    esac
} &&
    complete -F _modctl modctl

# ex: filetype=sh
