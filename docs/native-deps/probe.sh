#!/bin/bash
here=$(cd "$(dirname "$0")" && pwd)  # this folder
# usage: probe.sh <crate-dir> <label> "<build pkgs>" "<run pkgs>" ["<cargo flags>"] ["<build env>"] [target-stage]
dir=$1; label=$2; bp=$3; rp=$4; cf=${5:-}; be=${6:-}; tgt=${7:-run}
mkdir -p $here/logs
log=$here/logs/$(basename $dir)--$label.log
start=$(date +%s)
{ echo "# probe $dir label=$label"; echo "# BUILD_PKGS=$bp"; echo "# RUN_PKGS=$rp"; echo "# CARGO_FLAGS=$cf"; echo "# BUILD_ENV=$be"; } > $log
DOCKER_BUILDKIT=1 ${DOCKER:-docker} build --network=host --progress=plain -f $here/Dockerfile.probe \
  --build-arg BUILD_PKGS="$bp" --build-arg RUN_PKGS="$rp" --build-arg CARGO_FLAGS="$cf" --build-arg BUILD_ENV="$be" \
  --target $tgt -t natives/$(basename $dir):$label $dir >> $log 2>&1
rc=$?
end=$(date +%s)
echo "# rc=$rc elapsed=$((end-start))s" >> $log
echo "== $label rc=$rc $((end-start))s  log=$log"
grep -aE "^#[0-9]+ [0-9.]+ (error|  (cargo:warning|= note|[a-z_]+ = )|.*(not found|Could not|PROBE-RUN-OK|COMPILED|installed:|Finished|=>|No such|undefined reference))" $log | grep -v Downloading | head -${SHOW:-25}
