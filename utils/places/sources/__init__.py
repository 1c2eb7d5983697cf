"""The geocoding sources, each in its own module with one verb (`locate`), and the chain: the order they are asked
in after the row's own position. A new source is a module here with a class like these, and its place in CHAIN."""

from utils.places.sources.base import Asking, Lookup, Source, SourceUnavailable
from utils.places.sources.city import CitySource
from utils.places.sources.country import CountrySource
from utils.places.sources.embassy import EmbassySource
from utils.places.sources.region import RegionSource
from utils.places.sources.venue import VenueSource

CHAIN = (EmbassySource, VenueSource, CitySource, RegionSource, CountrySource)

__all__ = ["CHAIN", "Asking", "Lookup", "Source", "SourceUnavailable"]
