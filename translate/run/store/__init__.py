"""What a batch keeps on disk between runs: the translation cache and its key, the output
folder's lock, and resume (which outputs are up to date, what a killed run left)."""
