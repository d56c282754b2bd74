"""Submission writers: CodaLab zips of PNG masks, Kaggle CSVs with run-length encoding."""
