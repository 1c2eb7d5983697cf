"""The project's small family of named errors, after geopy's."""


class SolidarityMapError(Exception):
    """Root of every error this project raises on purpose."""


class ConfigError(SolidarityMapError):
    """A setting is wrong; the message names the setting."""


class UnreadableFile(SolidarityMapError):
    """A file cannot be read as a CSV of actions at all (not text, empty, ...)."""


class GeocoderError(SolidarityMapError):
    """A geocoding source failed for a passing reason; the answer must not be cached."""


class GeocoderUnavailable(GeocoderError):
    """The network geocoder could not be reached, timed out or kept failing."""


class GeocoderRateLimited(GeocoderError):
    """The network geocoder answered 429 Too Many Requests, even after retries."""
