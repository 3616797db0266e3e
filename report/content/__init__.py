"""Stage 4, content: what chapter cells call (report.content.chapter, re-exported as
`report.*`), built only from the published, suppressed tables."""
