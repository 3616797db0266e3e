"""Stage 3, publishing: disclosure control (once), the published tables, their dictionary and
manifest, and the reviewer's check of a published edition."""
