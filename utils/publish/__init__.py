"""What leaves the app: spreadsheet-safe CSV, GeoJSON, the story file, the static site and its tiles, share links."""
