#!/bin/bash
here=$(cd "$(dirname "$0")/.." && pwd)  # docs/native-deps
cd $here
while kill -0 $(cat queue2.pid) 2>/dev/null; do sleep 5; done
P=./probe.sh
./chef.sh linker-lld none ""
./chef.sh linker-lld clang-only "clang"
./chef.sh linker-lld clang-lld "clang lld"
./chef.sh linker-mold none ""
./chef.sh linker-mold mold "mold"
./sqlx.sh sqlx-offline offline "SQLX_OFFLINE=true"
./sqlx.sh sqlx-noenv noenv ""
./sqlx.sh sqlx-dotenv dotenv ""
./sqlx.sh sqlx-dotenv-offline dotenv-offline "SQLX_OFFLINE=true"
./sqlx.sh sqlx-nosqlx nosqlx ""
./sqlx.sh sqlx-nosqlx nosqlx-offline "SQLX_OFFLINE=true"
./sqlx.sh sqlx-ws-root ws-root "SQLX_OFFLINE=true"
./sqlx.sh sqlx-ws-crate ws-crate "SQLX_OFFLINE=true"
$P rdkafka none "" ""
$P rdkafka make "make" ""
$P rdkafka-cmake cmake-make "cmake make" ""
$P rdkafka-cmake cmake-only "cmake" ""
$P rdkafka-dynamic librdkafka-dev "pkg-config librdkafka-dev" "librdkafka1"
echo QUEUE3-DONE
