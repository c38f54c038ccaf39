"""Security headers for the static files that WhiteNoise serves.

WhiteNoise answers static requests before the CSP and clickjacking
middleware run, so those responses would lack the headers every other
response carries. Static files never need to run script or be framed.
"""

from wsgiref.headers import Headers

STATIC_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'"
)


def add_security_headers(headers: Headers, path: str, url: str) -> None:
    """Add CSP and X-Frame-Options to a static file response."""
    headers["Content-Security-Policy"] = STATIC_CSP
    headers["X-Frame-Options"] = "DENY"
