//! Served by tests/e2e/registry.py: the one crate of the test's private registry.

/// The greeting the consumer prints, proof that this crate came from the private registry.
pub fn greeting() -> &'static str {
    "hello from the acme registry"
}
