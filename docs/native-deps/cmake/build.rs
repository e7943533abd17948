fn main() {
    let dst = cmake::build("clib");
    println!("cargo:rustc-link-search=native={}/lib", dst.display());
    println!("cargo:rustc-link-lib=static=answer");
}
