"""Security headers for the static files that WhiteNoise serves.

WhiteNoise serves static files before the CSP and clickjacking middleware
run, so those responses would lack the headers every other response carries.
Static files never need to run script or be framed.
"""

from wsgiref.headers import Headers

STATIC_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'"
)
# Python's mimetypes table has no entry for the PWA manifest, so WhiteNoise
# would send application/octet-stream, which nosniff makes browsers distrust.
MANIFEST_TYPE = "application/manifest+json"


def add_security_headers(headers: Headers, path: str, url: str) -> None:
    """Add CSP and X-Frame-Options to a static file response."""
    headers["Content-Security-Policy"] = STATIC_CSP
    headers["X-Frame-Options"] = "DENY"
    if path.endswith(".webmanifest"):
        headers["Content-Type"] = MANIFEST_TYPE
