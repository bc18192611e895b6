# More modules loaded than the kernel gives of /proc/modules in one read() (a page, about 90
# lines): modmgrd lists every one of them, as lsmod does, and counts them in LoadedCount. The
# Cockpit page's bench found modmgrd listing only the newest 90 of 150 (lib/kernel/settled_read.h).
. "$(dirname "$0")/../lib.sh"
# Modules that load without hardware or long self-tests: the character sets of fs/nls, crypto
# algorithms and file systems, several with a common part they pull in. About 120 modules,
# 6 KB of /proc/modules with the 22 of the guest's boot.
candidates=()
for file in /lib/modules/"$(uname -r)"/kernel/fs/nls/*.ko*; do
    name=$(basename "$file")
    name=${name%%.ko*}
    candidates+=("${name//-/_}")
done
candidates+=(blowfish_generic camellia_generic cast5_generic cast6_generic des_generic fcrypt
             serpent_generic twofish_generic wp512 rmd160 md4 michael_mic sha3_generic
             streebog_generic xts lrw pcbc cts keywrap ccm gcm chacha20poly1305 adiantum
             aegis128 vmac xcbc cmac
             isofs udf squashfs romfs minix hfs hfsplus ufs sysv qnx4 qnx6 befs bfs efs adfs
             affs omfs hpfs exfat vfat msdos erofs freevxfs)
ours=()
for name in "${candidates[@]}"; do loaded "$name" || ours+=("$name"); done
before=$(wc -l </proc/modules)

cleanup() {
    set +e
    # Some hold others without a dependency modprobe could order by (nls_euc_jp's load_nls
    # of nls_cp932, nls_koi8_ru's of nls_koi8_u): a held one goes in the next pass. modprobe
    # -r takes the modules they pulled in with them.
    local pass left name
    for pass in 1 2 3; do
        left=()
        for name in "${ours[@]}"; do loaded "$name" && left+=("$name"); done
        [ ${#left[@]} -gt 0 ] || return 0
        modprobe -r -a "${left[@]}" 2>/dev/null
    done
    for name in "${ours[@]}"; do ! loaded "$name" || echo "many_loaded: $name is still loaded" >&2; done
}
trap cleanup EXIT

modprobe -a "${ours[@]}"
count=$(wc -l </proc/modules)
bytes=$(wc -c </proc/modules)
[ "$bytes" -gt 5000 ] || fail "/proc/modules is $bytes bytes, not well over a page: this scenario shows nothing"
ok "$count modules loaded ($before before), /proc/modules is $bytes bytes"

# modmgrd hears of the loads through uevents, and reads /proc/modules again on each.
want=$(awk '{print $1}' /proc/modules | sort)
listed() { modctl list --no-legend | awk '{print $1}' | sort; }
deadline=$(( $(date +%s) + 60 ))
until [ "$(listed)" = "$want" ]; do
    [ "$(date +%s)" -lt "$deadline" ] ||
        fail "modctl list differs from /proc/modules after 60 s: $(diff <(echo "$want") <(listed) | tr '\n' ' ')"
    sleep 0.5
done
ok "modctl list names the $count modules of /proc/modules"
loaded_count=$(busctl get-property org.modmgr1 /org/modmgr1 org.modmgr1.Manager LoadedCount)
[ "$loaded_count" = "u $count" ] || fail "LoadedCount is '$loaded_count', /proc/modules has $count lines"
ok "LoadedCount is $count"
