from sync.models.cache import SearchCacheEntry
from sync.models.history import ActionLog
from sync.models.locks import Lease, StateValue
from sync.models.playlists import ManagedPlaylist
from sync.models.runs import SyncRun, SyncRunLine

__all__ = [
    "ActionLog",
    "Lease",
    "ManagedPlaylist",
    "SearchCacheEntry",
    "StateValue",
    "SyncRun",
    "SyncRunLine",
]
