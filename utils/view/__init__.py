"""What a visitor looks at: the view as a frozen value and its URL, filters, fields, counts, the timeline, the
story, the counted cells of a big map."""
