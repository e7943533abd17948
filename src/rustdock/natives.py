"""What the system must provide for crates that build or link native code: knowledge as data.

One entry a line, each with where the fact comes from. "Measured" means: a crate using it was
built in the offline copy of rust:1.95-slim-bookworm with exactly the packages listed (those left
out in turn failed the build) and ran in debian:bookworm-slim with exactly the runtime packages
listed (`ldd` found every library); docs/native-deps/ holds the probes and what each printed.
Package names are Debian bookworm's (every builder rustdock writes for is Debian-based);
`debian_names` renames them for trixie. Alpine needs no names here: it runs static musl binaries,
so a detected crate either links its bundled copy or is refused, and `runtime-packages` takes
apk names from the user.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Native:
    crate: str
    build: tuple[str, ...] = ()  # builder packages for the crate's default way: the system library
    runtime: tuple[str, ...] = ()  # what a binary built that way links at run time
    bundled: str | None = None  # a locked dependency of the crate that means it builds the C source itself
    bundled_build: tuple[str, ...] = ()  # builder packages for that way; it links statically
    links_statically: bool = False  # under +crt-static, links the system library's .a from the -dev package
    supplied_by: tuple[str, ...] = ()  # a crate or env var that supplies the tool instead (no package needed)
    system_first: tuple[str, str] | None = None  # (dev package, runtime package): links it when the builder has it
    not_run_by: tuple[str, ...] = ()  # crates that depend on this one without running what it needs
    way_out: str = ""  # what to switch when the runtime image cannot hold `runtime`


PROTOC = ("libprotobuf-dev", "protobuf-compiler")
NATIVES: tuple[Native, ...] = (
    # measured: pkg-config and libssl-dev build it, libssl3 runs it; `vendored` adds openssl-src, which needs perl
    # and make and links OpenSSL in; with +crt-static the system library links statically (libssl.a in libssl-dev)
    Native("openssl-sys", build=("libssl-dev", "pkg-config"), runtime=("libssl3",), bundled="openssl-src",
           bundled_build=("make", "perl"), links_statically=True,
           way_out="turn on openssl's `vendored` feature, or use rustls instead of native-tls"),
    # measured: protoc, and the well-known types' .proto files (libprotobuf-dev; protobuf-compiler only Recommends
    # it); protoc-bin-vendored, or PROTOC pointing at a protoc, needs no package
    Native("prost-build", build=PROTOC, supplied_by=("protoc-bin-vendored", "PROTOC")),
    # measured: tonic-build and tonic 0.14's tonic-prost-build generate through prost-build, the same protoc
    Native("tonic-build", build=PROTOC, supplied_by=("protoc-bin-vendored", "PROTOC")),
    Native("tonic-prost-build", build=PROTOC, supplied_by=("protoc-bin-vendored", "PROTOC")),
    # measured: libsqlite3-dev builds it, libsqlite3-0 runs it; `bundled` adds cc and needs nothing
    Native("libsqlite3-sys", build=("libsqlite3-dev", "pkg-config"), runtime=("libsqlite3-0",), bundled="cc",
           way_out="turn on libsqlite3-sys's `bundled` feature (rusqlite's `bundled`, sqlx's `sqlite`)"),
    # measured: libpq-dev builds it, libpq5 runs it; `bundled` adds pq-src, which builds libpq with openssl-sys
    # (whose line applies)
    Native("pq-sys", build=("libpq-dev", "pkg-config"), runtime=("libpq5",), bundled="pq-src",
           way_out="turn on pq-sys's `bundled` feature"),
    # measured: default-libmysqlclient-dev (MariaDB's client library) builds it, libmariadb3 runs it; `bundled` adds
    # mysqlclient-src, built through the cmake crate and openssl-sys (whose lines apply)
    Native("mysqlclient-sys", build=("default-libmysqlclient-dev", "pkg-config"), runtime=("libmariadb3",),
           bundled="mysqlclient-src", way_out="turn on mysqlclient-sys's `bundled` feature"),
    # measured: builds its bundled zlib with cc, unless zlib1g-dev is in the builder: then it links the system's
    Native("libz-sys", system_first=("zlib1g-dev", "zlib1g")),
    # measured: their bundled C source with cc, even with their -dev packages installed
    Native("bzip2-sys"),
    Native("zstd-sys"),
    Native("lz4-sys"),
    # measured: its bundled libcurl (TLS through openssl-sys, whose line applies), unless libcurl4-openssl-dev is
    # in the builder: then it links the system's
    Native("curl-sys", system_first=("libcurl4-openssl-dev", "libcurl4")),
    # measured: its bundled libgit2; bookworm's libgit2-dev is older than it accepts
    Native("libgit2-sys"),
    # measured: bindgen (through clang-sys) needs libclang and clang's own headers (stddef.h); libclang-dev has both
    Native("clang-sys", build=("libclang-dev",)),
    # measured: cmake, make for its default generator, and g++ for a project() that enables C++, as the default does;
    # aws-lc-sys depends on the crate and builds with cc alone (measured)
    Native("cmake", build=("cmake", "g++", "make"), not_run_by=("aws-lc-sys",)),
    # measured: librdkafka's configure script and make, and g++
    Native("rdkafka-sys", build=("g++", "make")),
    # measured: jemalloc's configure script and make
    Native("tikv-jemalloc-sys", build=("make",)),
    Native("jemalloc-sys", build=("make",)),
    # measured in part (stopped after 30 minutes): RocksDB's C++ with g++; its bindings through clang-sys's line
    Native("librocksdb-sys", build=("g++",)),
)
# measured (apt-cache depends): -dev packages that install zlib1g-dev too, and so turn libz-sys to the system zlib
PULLS_ZLIB_DEV = frozenset({"default-libmysqlclient-dev", "libgit2-dev", "libmariadb-dev", "libmariadb-dev-compat",
                            "libprotobuf-dev", "libssh2-1-dev"})

# Debian trixie renamed libraries in its 64-bit time_t transition (packages.debian.org).
TRIXIE_NAMES = {"libssl3": "libssl3t64", "libcurl4": "libcurl4t64"}


def debian_names(packages: tuple[str, ...], suite: str) -> tuple[str, ...]:
    return tuple(TRIXIE_NAMES.get(p, p) for p in packages) if suite == "trixie" else packages
