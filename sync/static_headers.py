"""Security headers for the static files that WhiteNoise serves.

WhiteNoise serves static files before the CSP and clickjacking middleware
run, so those responses would lack the headers every other response carries.
Static files never need to run script or be framed.
"""

from wsgiref.headers import Headers

STATIC_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'"
)
# WhiteNoise 6.12's media type table has no entry for .webmanifest, so it
# would send application/octet-stream, which nosniff makes browsers distrust.
MANIFEST_TYPE = "application/manifest+json"


def add_security_headers(headers: Headers, path: str, url: str) -> None:
    """Add CSP and X-Frame-Options to a static file response."""
    headers["Content-Security-Policy"] = STATIC_CSP
    headers["X-Frame-Options"] = "DENY"
    if path.endswith(".webmanifest"):
        headers["Content-Type"] = MANIFEST_TYPE
