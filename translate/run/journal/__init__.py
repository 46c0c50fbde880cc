"""What a batch records as it goes: each article's entry and outcome, the manifest and its
journal, the report handed back, the observer's view, and the batch index page."""
