"""YouTube Music access: the gateway with retries, error mapping, id forms."""
