#!/bin/bash
here=$(cd "$(dirname "$0")" && pwd)  # this folder
# sqlx.sh <dir> <label> "<env>"
dir=$1; label=$2; be=$3; log=$here/logs/$dir--$label.log
start=$(date +%s)
DOCKER_BUILDKIT=1 ${DOCKER:-docker} build --network=host --progress=plain -f $here/Dockerfile.sqlx --build-arg BUILD_ENV="$be" -t natives/$dir:$label $here/$dir > $log 2>&1
rc=$?; echo "# rc=$rc elapsed=$(( $(date +%s)-start ))s" >> $log
echo "== $dir $label rc=$rc $(( $(date +%s)-start ))s"
grep -aE "^#[0-9]+ [0-9.]+ (error|  |.*PROBE-RUN-OK|.*Finished|.*sqlx query|BUILD_ENV)" $log | grep -v Downloading | head -20
