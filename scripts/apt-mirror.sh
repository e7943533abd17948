# scripts/apt-mirror.sh — sourced by the other scripts: the Debian mirror this machine's apt
# sources name. Its host is read at run time and never written into the repository.

# apt_uri SUITE -> the URIs of the entries whose suites include exactly SUITE (deb822 and one-line).
apt_uri() {
    local want=$1 f
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        awk -v want="$want" 'BEGIN { RS = ""; FS = "\n" }
            {
                uris = ""; suites = ""; types = ""; enabled = "yes"
                for (i = 1; i <= NF; i++) {
                    line = $i
                    if (line ~ /^[ \t]*#/) continue
                    split(line, kv, ":")
                    key = tolower(kv[1]); val = substr(line, length(kv[1]) + 2)
                    gsub(/^[ \t]+|[ \t]+$/, "", val)
                    if (key == "uris") uris = val
                    else if (key == "suites") suites = val
                    else if (key == "types") types = val
                    else if (key == "enabled") enabled = tolower(val)
                }
                if (enabled == "no" || (" " types " ") !~ / deb /) next
                n = split(suites, s, /[ \t]+/)
                for (j = 1; j <= n; j++) if (s[j] == want) { split(uris, u, /[ \t]+/); print u[1]; exit }
            }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        sed -e 's/\[[^]]*\]//' "$f" | awk -v want="$want" '$1 == "deb" && $3 == want { print $2 }'
    done
}

# mirror_lines SUITE -> one-line apt entries for SUITE, SUITE-updates and SUITE-security, on the
# mirror the machine uses for SUITE, else the one it uses for its own release: a Debian mirror
# carries every suite (trixie's engine is fetched this way on a bookworm machine).
mirror_lines() {
    local suite=$1 own main sec
    own=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
    main=$(apt_uri "$suite" | head -n1)
    [ -n "$main" ] || [ -z "$own" ] || main=$(apt_uri "$own" | head -n1)
    [ -n "$main" ] || return 0
    echo "deb $main $suite main"
    echo "deb $main $suite-updates main"
    sec=$(apt_uri "$suite-security" | head -n1)
    [ -n "$sec" ] || [ -z "$own" ] || sec=$(apt_uri "$own-security" | head -n1)
    [ -z "$sec" ] || echo "deb $sec $suite-security main"
}
