#!/bin/bash
here=$(cd "$(dirname "$0")" && pwd)  # this folder
# chef.sh <dir> <label> "<build pkgs>"
dir=$1; label=$2; bp=$3; log=$here/logs/$dir--$label.log
start=$(date +%s)
echo "# BUILD_PKGS=$bp" > $log
DOCKER_BUILDKIT=1 ${DOCKER:-docker} build --network=host --progress=plain -f $here/Dockerfile.chef --build-arg BUILD_PKGS="$bp" -t natives/$dir:$label $here/$dir >> $log 2>&1
rc=$?; echo "# rc=$rc elapsed=$(( $(date +%s)-start ))s" >> $log
echo "== $dir $label rc=$rc $(( $(date +%s)-start ))s"
grep -aE "^#[0-9]+ [0-9.]+ (error|  = note|.*Linker|.*LLD|.*mold|.*GCC|.*PROBE-RUN-OK|.*Finished|installed)" $log | grep -v Downloading | cut -c1-300 | head -20
