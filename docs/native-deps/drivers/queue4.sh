#!/bin/bash
here=$(cd "$(dirname "$0")/.." && pwd)  # docs/native-deps
cd $here
while kill -0 $(cat queue3.pid) 2>/dev/null; do sleep 5; done
P=./probe.sh
$P bindgen-nostddef libclang1 "libclang1-14" ""
$P bindgen libclang1-common "libclang1-14 libclang-common-14-dev" ""
$P rdkafka make-gxx "make g++" ""
$P rdkafka gxx-only "g++" ""
$P rdkafka-cmake cmake-make-gxx "cmake make g++" ""
timeout 1800 $P rocksdb libclang-dev-gxx "libclang-dev g++" ""
echo QUEUE4-DONE
