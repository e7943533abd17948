use std::ffi::CStr;
fn main() { unsafe {
  println!("zlib {:?}", CStr::from_ptr(libz_sys::zlibVersion()));
  let mut st: bzip2_sys::bz_stream = std::mem::zeroed();
  let rc = bzip2_sys::BZ2_bzCompressInit(&mut st, 9, 0, 0); bzip2_sys::BZ2_bzCompressEnd(&mut st);
  println!("bzip2 BZ2_bzCompressInit rc={rc}");
  println!("zstd {}", zstd_sys::ZSTD_versionNumber());
  println!("lz4 {}", lz4_sys::LZ4_versionNumber());
} }
