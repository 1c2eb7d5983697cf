"""Where actions happened: the place type, the geocoder's cache, query and chain, each source (the embassy list,
the offline gazetteer, Nominatim, countries), the outlines every answer is checked against."""
