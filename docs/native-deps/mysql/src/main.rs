fn main() { let v = unsafe { std::ffi::CStr::from_ptr(mysqlclient_sys::mysql_get_client_info()) }; println!("mysql client {:?}", v); }
