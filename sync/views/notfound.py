"""Not found page: unmatched tracks with their best rejected candidate."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sync.models import SearchCacheEntry

PAGE_SIZE = 50
LIST_FIELDS = (
    "pk",
    "key",
    "artist",
    "title",
    "candidate_video_id",
    "candidate_title",
    "candidate_artists",
    "candidate_score",
    "searches",
    "updated_at",
)


@require_GET
def notfound_list(request: HttpRequest) -> HttpResponse:
    entries = (
        SearchCacheEntry.objects.filter(found=False)
        .only(*LIST_FIELDS)
        .order_by("-updated_at")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sync/notfound_list.html", {"page": page})
