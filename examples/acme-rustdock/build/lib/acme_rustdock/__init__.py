"""ACME's rustdock template pack: settings in rustdock.toml, block overrides in templates/."""
