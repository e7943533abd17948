#!/usr/bin/env bash
# scripts/image-registry.sh — an image registry on 127.0.0.1, for the remote-cache test and the
# benchmark: Debian's docker-registry (distribution 2.8; scripts/engine.sh installs it), offline,
# no authentication. Docker and BuildKit speak plain HTTP to registries on 127.0.0.0/8.
#
# Usage: scripts/image-registry.sh start DIR [PORT]   (prints 127.0.0.1:PORT once it answers)
#        scripts/image-registry.sh stop DIR
#        scripts/image-registry.sh size DIR           (bytes of blobs stored)
#
# DIR holds its configuration, its storage, its log and its pid; PORT defaults to a free one.
set -euo pipefail

say() { echo "image-registry: $*" >&2; }
die() { echo "image-registry: error: $*" >&2; exit 1; }

[ $# -ge 2 ] || die "usage: $0 start|stop|size DIR [PORT]"
command=$1 dir=$2 port=${3:-}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

case "$command" in
start)
    command -v docker-registry >/dev/null 2>&1 || die "docker-registry missing: run scripts/engine.sh first"
    if [ -z "$port" ]; then
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    fi
    cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
EOF
    nohup setsid docker-registry serve "$dir/config.yml" >>"$dir/registry.log" 2>&1 </dev/null &
    echo $! >"$dir/registry.pid"
    for _ in $(seq 1 100); do
        if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/v2/', timeout=1)" 2>/dev/null; then
            echo "127.0.0.1:$port"
            exit 0
        fi
        kill -0 "$(cat "$dir/registry.pid")" 2>/dev/null || die "docker-registry exited: $(tail -n 5 "$dir/registry.log")"
        sleep 0.1
    done
    die "docker-registry did not answer on 127.0.0.1:$port"
    ;;
stop)
    if [ -s "$dir/registry.pid" ]; then
        kill "$(cat "$dir/registry.pid")" 2>/dev/null || true
        rm -f "$dir/registry.pid"
    fi
    ;;
size)
    du -sb "$dir/data/docker/registry/v2/blobs" 2>/dev/null | cut -f1 || echo 0
    ;;
*)
    die "unknown command $command (start, stop, size)"
    ;;
esac
