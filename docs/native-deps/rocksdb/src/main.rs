fn main() { let p = std::env::temp_dir().join("probe-rocks"); let db = rocksdb::DB::open_default(&p).unwrap(); db.put(b"k", b"v").unwrap(); println!("rocksdb get {:?}", db.get(b"k").unwrap()); }
