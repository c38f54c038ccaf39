"""Forms of the web admin shell: sign-in, setup wizard and settings."""
