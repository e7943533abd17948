//! Greetings for the example binaries.

/// The version of the greeting text; the end-to-end tests change this line.
pub const EDITION: &str = "greeting v1";

/// A greeting for `name`, numbered `count`.
pub fn greet(name: &str, count: u64) -> String {
    let mut buffer = itoa::Buffer::new();
    format!("Hello, {name}! #{} ({EDITION})", buffer.format(count))
}

#[cfg(test)]
mod tests {
    #[test]
    fn greets_by_name() {
        assert_eq!(super::greet("rust", 7), "Hello, rust! #7 (greeting v1)");
    }
}
