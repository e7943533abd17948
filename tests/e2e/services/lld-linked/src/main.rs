//! lld-linked: a service linked by clang with lld, as set in .cargo/config.toml.
//!
//! The builder needs clang and lld (the config is read by `cargo chef cook` as well as by the
//! final build). The binary proves which linker made it: it reads the ELF `.comment` section
//! of its own executable, where lld leaves a "Linker: ... LLD <version>" entry. The system lld
//! reached through clang writes e.g. "Linker: Debian LLD 14.0.6"; without this config, Rust
//! (1.90 and later) links x86_64 Linux binaries with its bundled rust-lld, whose entry reads
//! "Linker: LLD <version> (/checkout/src/llvm-project/...)".

use std::io::{Error, ErrorKind, Result};
use std::process::ExitCode;

/// The NUL-separated entries of the `.comment` section of a little-endian ELF64 file.
fn elf_comments(elf: &[u8]) -> Result<Vec<String>> {
    let bad = |what| Error::new(ErrorKind::InvalidData, format!("bad ELF64 file: {what}"));
    let bytes = |at: usize, len: usize| elf.get(at..at + len).ok_or_else(|| bad("truncated"));
    let int = |at, len| -> Result<usize> {
        let mut le = [0; 8];
        le[..len].copy_from_slice(bytes(at, len)?);
        Ok(u64::from_le_bytes(le) as usize)
    };

    if bytes(0, 6)? != b"\x7fELF\x02\x01" {
        return Err(bad("no ELF64 little-endian magic"));
    }
    // ELF header: section header table offset, entry size, entry count, names section index.
    let (shoff, shentsize) = (int(0x28, 8)?, int(0x3a, 2)?);
    let (shnum, shstrndx) = (int(0x3c, 2)?, int(0x3e, 2)?);
    // Section header: name (offset in the names section) at 0, file offset at 24, size at 32.
    let header = |index| shoff + index * shentsize;
    let section = |index| -> Result<&[u8]> {
        bytes(int(header(index) + 24, 8)?, int(header(index) + 32, 8)?)
    };
    let names = section(shstrndx)?;
    for index in 0..shnum {
        let name = names.get(int(header(index), 4)?..).unwrap_or_default();
        if name.starts_with(b".comment\0") {
            let entries = section(index)?.split(|&byte| byte == 0);
            return Ok(entries
                .filter(|entry| !entry.is_empty())
                .map(|entry| String::from_utf8_lossy(entry).into_owned())
                .collect());
        }
    }
    Ok(Vec::new())
}

fn main() -> ExitCode {
    let name = env!("CARGO_PKG_NAME");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let comments = match std::fs::read("/proc/self/exe").and_then(|elf| elf_comments(&elf)) {
        Ok(comments) => comments,
        Err(err) => {
            eprintln!("{name}: cannot read its own ELF .comment section: {err}");
            return ExitCode::FAILURE;
        }
    };
    let linker = comments
        .iter()
        .find(|entry| entry.contains("LLD"))
        .map_or("not lld", String::as_str);
    match args.as_slice() {
        [flag] if flag == "--version" => {
            println!("{name} {}", env!("CARGO_PKG_VERSION"));
            println!("linker: {linker}");
        }
        [] => {
            let mut count = itoa::Buffer::new();
            let count = count.format(comments.len());
            println!("{name}: ok ({count} .comment entries, linker: {linker})");
        }
        _ => {
            eprintln!("usage: {name} [--version]");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
