# fish completion for modctl(1). What to offer is modctl's own answer (`modctl __complete`,
# client/completion.h), so bash, zsh and fish offer the same, from the command table.

function __modctl_complete
    set -l tokens (commandline -opc) (commandline -ct)
    set -l reply ($tokens[1] __complete $tokens[2..-1] 2>/dev/null)
    switch "$reply[1]"
        case files
            # Directories, to go on typing the path, and module files.
            for path in (__fish_complete_path (commandline -ct) | string replace -r '\t.*' '')
                string match -qr '(/|\.ko(\.(xz|zst|gz))?)$' -- $path; and echo $path
            end
        case hosts
            __fish_print_hostnames
        case words
            printf '%s\n' $reply[2..-1]
    end
end

complete -c modctl -f -a '(__modctl_complete)'
