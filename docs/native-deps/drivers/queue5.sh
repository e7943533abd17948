#!/bin/bash
here=$(cd "$(dirname "$0")/.." && pwd)  # docs/native-deps
cd $here
while kill -0 $(cat queue4.pid) 2>/dev/null; do sleep 5; done
./probe.sh rdkafka-cmake cmake-make-gxx-curldev "cmake make g++ libcurl4-openssl-dev" ""
timeout 1200 ./probe.sh mysql-bundled try1 "cmake make g++ pkg-config libssl-dev" ""
echo QUEUE5-DONE
