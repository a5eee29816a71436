"""RSS and Atom feeds of an agency's published stories, for the intranet portal.

The portal reads them without signing in, so a feed is served when the agency publishes its stories
publicly, or when the request carries the agency's feed key (`?key=…`, shown to the officers on the
showcase settings page); a signed-in member of the agency may read it too.
"""

import secrets

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from thidua.organization.models import Agency

from . import richtext, selectors, services
from .rules import agency_ids

ITEMS = 30


class StoryFeed(Feed):
    def get_object(self, request, code):
        agency = get_object_or_404(Agency, code=code)
        settings_ = services.showcase_settings(agency)
        key = request.GET.get("key", "")
        allowed = (settings_.public_page or (key and secrets.compare_digest(key, settings_.feed_key))
                   or request.user.is_superuser or agency.pk in agency_ids(request.user))
        if not allowed:
            raise Http404
        return agency

    def title(self, agency):
        return _("Good people, good deeds — %(agency)s") % {"agency": agency.name}

    def link(self, agency):
        if services.showcase_settings(agency).public_page:
            return reverse("publicity:public", args=[agency.code])
        return reverse("publicity:feed")

    def description(self, agency):
        return _("Exemplary models recognised and published by %(agency)s.") % {"agency": agency.name}

    def items(self, agency):
        public = services.showcase_settings(agency).public_page
        stories = list(selectors.public_stories(agency)[:ITEMS])
        for story in stories:  # the public page when there is one, else the story inside thidua
            story.feed_link = (reverse("publicity:public_story", args=[agency.code, story.pk]) if public
                               else story.get_absolute_url())
        return stories

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.citation or richtext.plain(item.story)[:500]

    def item_link(self, item):
        return item.feed_link

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class AtomStoryFeed(StoryFeed):
    feed_type = Atom1Feed
    subtitle = StoryFeed.description
