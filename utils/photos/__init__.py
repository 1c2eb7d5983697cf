"""Photos: a report's or a file's, made safe to keep and to show (clean), and a file's photo cells turned into the
app's own copies (shelf)."""
