"""What the system must provide for crates that build or link native code: knowledge as data.

One entry a line, each with where the fact comes from. Package names are Debian bookworm's
(every builder rustdock writes for is Debian-based); `debian_names` renames them for trixie.
Alpine needs no names here: it runs static musl binaries, so a detected crate either links its
bundled copy or is refused, and `runtime-packages` takes apk names from the user.
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
    static_env: tuple[tuple[str, str], ...] = ()  # link the system library statically (the static flavors)
    supplied_by: tuple[str, ...] = ()  # a crate or env var that supplies the tool instead (no package needed)
    system_first: tuple[str, str] | None = None  # (dev package, runtime package): links it when the builder has it
    way_out: str = ""  # what to switch when the runtime image cannot hold `runtime`


NATIVES: tuple[Native, ...] = (
    # openssl-sys build.rs: pkg-config (or OPENSSL_DIR) finds the system OpenSSL; `vendored` adds openssl-src, whose
    # build runs OpenSSL's Configure (perl) and make; OPENSSL_STATIC links libssl.a (in libssl-dev) (openssl-sys docs)
    Native("openssl-sys", build=("libssl-dev", "pkg-config"), runtime=("libssl3",), bundled="openssl-src",
           bundled_build=("make", "perl"), static_env=(("OPENSSL_STATIC", "1"),),
           way_out="turn on openssl's `vendored` feature, or use rustls instead of native-tls"),
    # prost-build runs protoc from PROTOC or PATH since 0.11; imports of google/protobuf/*.proto need the
    # well-known types, which Debian ships in libprotobuf-dev (protobuf-compiler only Recommends it)
    Native("prost-build", build=("libprotobuf-dev", "protobuf-compiler"), supplied_by=("protoc-bin-vendored", "PROTOC")),
    # tonic-build (and tonic-prost-build, tonic 0.14) generate through prost-build: the same protoc
    Native("tonic-build", build=("libprotobuf-dev", "protobuf-compiler"), supplied_by=("protoc-bin-vendored", "PROTOC")),
    Native("tonic-prost-build", build=("libprotobuf-dev", "protobuf-compiler"),
           supplied_by=("protoc-bin-vendored", "PROTOC")),
    # libsqlite3-sys: pkg-config sqlite3 unless `bundled`, which adds cc and compiles the amalgamation
    Native("libsqlite3-sys", build=("libsqlite3-dev", "pkg-config"), runtime=("libsqlite3-0",), bundled="cc",
           static_env=(("SQLITE3_STATIC", "1"),),
           way_out="turn on libsqlite3-sys's `bundled` feature (rusqlite's `bundled`, sqlx's `sqlite`)"),
    # pq-sys: pkg-config libpq (or pg_config) unless `bundled`, which adds pq-src
    Native("pq-sys", build=("libpq-dev", "pkg-config"), runtime=("libpq5",), bundled="pq-src",
           way_out="turn on pq-sys's `bundled` feature"),
    # mysqlclient-sys: pkg-config mysqlclient, which default-libmysqlclient-dev provides as MariaDB's
    # client library; `bundled` adds mysqlclient-src, built with cmake
    Native("mysqlclient-sys", build=("default-libmysqlclient-dev", "pkg-config"), runtime=("libmariadb3",),
           bundled="mysqlclient-src", bundled_build=("cmake", "g++", "make"),
           way_out="turn on mysqlclient-sys's `bundled` feature"),
    # libz-sys, bzip2-sys, curl-sys, libgit2-sys: pkg-config first, else their bundled C source with cc
    Native("libz-sys", system_first=("zlib1g-dev", "zlib1g")),
    Native("bzip2-sys", system_first=("libbz2-dev", "libbz2-1.0")),
    Native("curl-sys", system_first=("libcurl4-openssl-dev", "libcurl4")),
    Native("libgit2-sys", system_first=("libgit2-dev", "libgit2-1.5")),
    # zstd-sys and lz4-sys compile their bundled C source with cc (zstd-sys probes pkg-config only with its
    # `pkg-config` feature): the builder's gcc is enough
    Native("zstd-sys"),
    Native("lz4-sys"),
    # clang-sys (behind bindgen) loads libclang; bindgen's parse needs clang's own headers (stddef.h)
    Native("clang-sys", build=("clang", "libclang-dev")),
    # the cmake crate runs cmake with its default Unix Makefiles generator, so make too
    Native("cmake", build=("cmake", "make")),
    # rdkafka-sys builds librdkafka with its configure script and make (`cmake-build`: the cmake crate)
    Native("rdkafka-sys", build=("make",)),
    # tikv-jemalloc-sys and jemalloc-sys run jemalloc's configure script and make
    Native("tikv-jemalloc-sys", build=("make",)),
    Native("jemalloc-sys", build=("make",)),
    # librocksdb-sys compiles RocksDB's C++ with cc (c++: g++) and its bindings with bindgen (clang-sys above)
    Native("librocksdb-sys", build=("g++",)),
)

# Runtime images, by repository and tag (None: every tag), and the Debian packages they hold that a
# detected crate may need.
IMAGE_PACKAGES: tuple[tuple[str, str | None, frozenset[str]], ...] = (
    # `dpkg -l` in debian:bookworm-slim (minbase, which holds tzdata in bookworm)
    ("debian", "bookworm-slim", frozenset({"libbz2-1.0", "libc6", "libgcc-s1", "liblz4-1", "liblzma5", "libstdc++6",
                                           "libzstd1", "tzdata", "zlib1g"})),
    # trixie's minbase no longer holds tzdata (tzdata is not `required` there)
    ("debian", "trixie-slim", frozenset({"libbz2-1.0", "libc6", "libgcc-s1", "liblz4-1", "liblzma5", "libstdc++6",
                                          "libzstd1", "zlib1g"})),
    # the distroless repository: base/config.bzl (debian12: libc6, libssl3), cc/config.bzl (libgomp1,
    # libstdc++6, libgcc-s1); static/ adds tzdata, netbase and a CA bundle
    ("gcr.io/distroless/cc-debian12", None, frozenset({"libc6", "libgcc-s1", "libgomp1", "libssl3", "libstdc++6",
                                                        "tzdata"})),
    # base/config.bzl, debian13: libc6, libssl3t64, libzstd1, zlib1g
    ("gcr.io/distroless/cc-debian13", None, frozenset({"libc6", "libgcc-s1", "libgomp1", "libssl3t64", "libstdc++6",
                                                        "libzstd1", "tzdata", "zlib1g"})),
)

# Debian trixie renamed libraries in its 64-bit time_t transition (packages.debian.org).
TRIXIE_NAMES = {"libssl3": "libssl3t64", "libcurl4": "libcurl4t64"}


def native(crate: str) -> Native | None:
    return next((n for n in NATIVES if n.crate == crate), None)


def image_packages(image: str) -> frozenset[str] | None:
    """The packages a known runtime image holds (None: rustdock does not know the image)."""
    reference = image.split("@", 1)[0].removeprefix("docker.io/").removeprefix("library/")
    head, _, last = reference.rpartition("/")
    name, _, tag = last.partition(":")
    repository = f"{head}/{name}" if head else name
    return next(
        (packages for known, known_tag, packages in IMAGE_PACKAGES
         if repository == known and known_tag in (None, tag or "latest")),
        None,
    )


def debian_names(packages: tuple[str, ...], suite: str) -> tuple[str, ...]:
    return tuple(TRIXIE_NAMES.get(p, p) for p in packages) if suite == "trixie" else packages
