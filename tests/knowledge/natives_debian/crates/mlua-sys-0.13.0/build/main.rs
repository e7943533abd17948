// Trimmed from mlua-sys 0.13.0's build/main.rs: without a Lua feature there is nothing to build.
#[cfg(not(any(feature = "lua54", feature = "luajit")))]
fn main() {
    compile_error!("No Lua feature enabled. Please enable one of: lua55, lua54, lua53, lua52, lua51, luajit, luajit52, luau");
}
