from utils.map import assets


def test_install_puts_the_maps_files_where_the_app_serves_them(tmp_path):
    folder = assets.install(tmp_path)
    for name in (
        "leaflet.js",
        "leaflet.css",
        "leaflet.markercluster.js",
        "MarkerCluster.css",
        "MarkerCluster.Default.css",
        "countries.json",
    ):
        assert (folder / name).stat().st_size > 500, name
    assert (folder / "images" / "layers.png").exists()


def test_outlines_are_every_country_as_polygons():
    outlines = assets.country_outlines()
    names = {feature["properties"]["name"] for feature in outlines["features"]}
    assert len(names) > 150 and {"Portugal", "South Korea", "Philippines", "Netherlands"} <= names
    assert {feature["geometry"]["type"] for feature in outlines["features"]} <= {"Polygon", "MultiPolygon"}


def test_urls_follow_the_base():
    assert assets.urls("/base/app/static/vendor/")["leaflet_js"] == "/base/app/static/vendor/leaflet.js"
