"""Managed YouTube Music playlists: diff sync, weekly snapshots, library."""
