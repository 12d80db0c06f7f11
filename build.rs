//! Rebuilds the binary when any file of the compiled-in default theme changes or is added.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
