"""Facts about Debian and crates that the derivation needs, one fact a line with where it comes from."""

MULTIARCH = "x86_64-linux-gnu"

# Depends of librust packages that a crate's build does not use, one a line with the crates that
# show it in bookworm's or trixie's Packages index. The crate's source names each one it drops.
NOT_BUILD_NEEDS = {
    "rustc": "the builder's own toolchain (tree-sitter, gtk 0.18)",
    "rustfmt": "the builder's own toolchain (cranelift)",
    "dpkg-dev": "Debian's own packaging (libc)",
    "gir-rust-code-generator": "Debian regenerates gtk-rs bindings (gtk-sys 0.18, atk-sys 0.18)",
    "xmlstarlet": "Debian regenerates gtk-rs bindings",
    "libgirepository1.0-dev": "Debian regenerates gtk-rs bindings from its .gir files",
    "gir1.2-phosh-0-dev": "Debian regenerates gtk-rs bindings (libphosh-sys)",
    "python3-xcbgen": "Debian regenerates x11rb's bindings; the published crate ships them",
    "xcb-proto": "Debian regenerates x11rb's bindings",
    "xdg-utils": "run-time helper (opener)",
    "iputils-ping": "run-time helper (pinger)",
    "iproute2": "run-time helper (if-addrs)",
    "gpgconf": "run-time helper (sequoia-gpg-agent)",
    "gpg-agent": "run-time helper (sequoia-gpg-agent)",
    "python3-breezy": "run-time helper (breezyshim)",
    "brz-debian": "run-time helper (breezyshim)",
    "systemd": "run-time helper (whoami)",
    "distro-info-data": "run-time data (distro-info)",
    "publicsuffix": "run-time data (isahc)",
    "usb.ids": "run-time data (usb-ids)",
    "gstreamer1.0-plugins-base": "run-time plugins (gstreamer-video)",
}
# Crates that only wrap a tool for other crates' build scripts get no row: Debian's Depends name the tool, but
# whether a build runs it is up to the crate that calls them, whose own row names it. A row here would put the
# tool into every build that has the helper somewhere in its closure. Names as `normal` writes them.
BUILD_HELPER_CRATES = {
    "pkg-config": "runs pkg-config for -sys crates, whose rows name pkg-config",
    "system-deps": "runs pkg-config for the -sys crates that declare [package.metadata.system-deps]",
    "metadeps": "system-deps' predecessor, the same job",
    "cc": "compiles a crate's own C with the builder's gcc; the crate's row names g++ where it compiles C++",
    "cmake": "runs cmake for -sys crates, whose rows name cmake (natives.py's measured entry decides it anyway)",
    "autotools": "runs configure and make for -sys crates, whose rows name make",
    "nasm-rs": "assembles a -sys crate's sources with nasm; that crate's row names nasm",
    "bindgen": "Debian Depends on clang; the -sys crate that runs it names libclang-dev, which bindgen loads",
    "clang-sys": "bindgen's libclang loader; Debian adds clang and llvm, natives.py's measured entry decides",
    "vcpkg": "looks a library up in a vcpkg tree (VCPKG_ROOT) for the -sys crate that asks; nothing from Debian",
    "python3-dll-a": "Debian Depends on mingw binutils and llvm: it writes Python import libraries for Windows targets",
    "pyo3-build-config": "finds the Python interpreter for pyo3-ffi, whose row names the Python dev package",
    "cxx-build": "compiles cxx bridges with cc; cxx, always beside it, names what C++ needs",
    "rb-sys-build": "finds Ruby for rb-sys, whose row names ruby-dev",
    "prost-build": "a generator: natives.py's measured entry decides (protoc, unless protoc-bin-vendored or PROTOC "
                   "supplies it); Debian's libprotobuf-dev is no library the binary links",
    "tonic-build": "a generator through prost-build, decided by natives.py's measured entry",
    "tonic-prost-build": "a generator through prost-build, decided by natives.py's measured entry",
    "protoc": "rust-protobuf's protoc runner; PROTOC or protoc-bin-vendored may supply protoc, which a row cannot see",
}
# Crates whose librust package's Depends carry a tool to the crates that build-depend on them.
PKG_CONFIG_CRATES = frozenset({"pkg-config", "system-deps", "metadeps"})
# One name for one tool, whichever name a Depends line uses. `pkg-config` is pkgconf's transitional package in both
# suites (bookworm 1.8.1-1, trixie 1.8.1-4: Source pkgconf, Depends pkgconf). pkgconf only Breaks and Replaces
# pkg-config (<< 1.8), the freedesktop one of bullseye and before, so the two do not conflict in these suites
# (their Packages indexes, read 2026-12-06); one name keeps a builder's list short and matches natives.py's.
SAME_TOOL = {"pkgconf": "pkg-config"}
# Packages that ship libraries yet run on the build machine: installed for it in cross builds.
BUILD_MACHINE_PACKAGES = {"libclang-dev": "bindgen loads libclang; its .so is under /usr/lib/llvm-*"}
# Build dependencies of a crate that run a tool (only when they are on by default).
# cmake's default generator writes Makefiles: the measured cmake entry of natives.py needs make as well.
BUILD_DEPENDENCY_TOOLS = {"cmake": ("cmake", "make"), "bindgen": ("libclang-dev",), "nasm-rs": ("nasm",),
                          "autotools": ("make",), "prost-build": ("protobuf-compiler",)}
# -l names the compilers provide: (tools, runtime). libc6-dev and gcc are in every Rust builder.
TOOLCHAIN_LIBS = {
    "c": ((), ()), "m": ((), ()), "dl": ((), ()), "pthread": ((), ()), "rt": ((), ()), "util": ((), ()),
    "resolv": ((), ()), "gcc": ((), ()), "gcc_s": ((), ()), "stdc++": (("g++",), ("libstdc++6",)),
    "gomp": ((), ("libgomp1",)), "atomic": ((), ("libatomic1",)), "gfortran": (("gfortran",), ("libgfortran5",)),
    "unwind": ((), ()),  # printed for musl and other targets; GNU targets unwind with libgcc_s
}
# -l names and pkg-config modules of other operating systems that build scripts name behind a cfg this reading
# does not evaluate (compared in lower case). The reading drops them, so a source column never cites them.
OTHER_OS_LIBS = frozenset({
    "advapi32", "bcrypt", "crypt32", "dbghelp", "dinput8", "dxguid", "gdi32", "imm32", "iphlpapi", "kernel32",
    "msvcrt", "mswsock", "ncrypt", "ntdll", "ole32", "oleaut32", "psapi", "rstrtmgr", "secur32", "setupapi",
    "shell32", "shlwapi", "strmiids", "user32", "userenv", "version", "vfw32", "winmm", "ws2_32", "xmllite",
    "c++", "c++abi", "iconv", "objc", "objfw-rt", "system", "security", "corefoundation",
    "android", "log", "nativewindow", "mediandk", "jnigraphics", "aaudio", "sync", "opensles", "glesv1_cm",
    "wpcap",  # Npcap/WinPcap: pcap's #[link] for Windows
    "osxfuse",  # macOS FUSE: fuse's build.rs under cfg(target_os = "macos")
    "proj_d",  # PROJ's MSVC debug build: proj-sys's build.rs when proj_d.lib exists
    "pythonxy",  # Windows' Python import library: python3-sys's `pythonXY:python3N` rename
})
# When several packages ship one .pc or .so, the one a builder normally has.
PREFERRED_OWNERS = ("libcurl4-openssl-dev",)
SOURCE_SUFFIXES = (".c", ".cc", ".cpp", ".cxx", ".S", ".asm")
