fn main() { let v = curl::Version::get(); println!("libcurl {} ssl={:?} libz={:?}", v.version(), v.ssl_version(), v.libz_version()); }
