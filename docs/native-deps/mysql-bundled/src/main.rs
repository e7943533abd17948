use std::ffi::{CStr, CString};
fn main() {
    unsafe {
        println!("mysql client {:?}", CStr::from_ptr(mysqlclient_sys::mysql_get_client_info()));
        let m = mysqlclient_sys::mysql_init(std::ptr::null_mut());
        let host = CString::new("127.0.0.1").unwrap();
        let user = CString::new("u").unwrap();
        let r = mysqlclient_sys::mysql_real_connect(m, host.as_ptr(), user.as_ptr(), std::ptr::null(), std::ptr::null(), 1, std::ptr::null(), 0 as _);
        println!("connect ok? {} error: {:?}", !r.is_null(), CStr::from_ptr(mysqlclient_sys::mysql_error(m)));
        mysqlclient_sys::mysql_close(m);
    }
}
