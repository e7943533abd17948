use std::ffi::{CStr, CString};
fn main() {
    unsafe {
        println!("libpq version {} ssl-in-use-lib? {:?}", pq_sys::PQlibVersion(), ());
        let ci = CString::new("host=127.0.0.1 port=1 sslmode=prefer connect_timeout=1").unwrap();
        let c = pq_sys::PQconnectdb(ci.as_ptr());
        println!("connect status {:?}: {:?}", pq_sys::PQstatus(c) as u32, CStr::from_ptr(pq_sys::PQerrorMessage(c)));
        let lib = CString::new("OpenSSL").unwrap(); let attr = CString::new("library").unwrap();
        let v = pq_sys::PQsslAttribute(std::ptr::null_mut(), attr.as_ptr());
        let _ = lib;
        println!("ssl library: {:?}", if v.is_null() { None } else { Some(CStr::from_ptr(v)) });
        pq_sys::PQfinish(c);
    }
}
