"""Corpus files, a stage beside `read/` and `render/`: rows of articles in (`input`: JSONL,
`parquet`), and pairs and summaries out, written in parts (`output`)
and merged in input order (`merge`)."""
