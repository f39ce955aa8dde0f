"""What a run tells: its closing summary, `explain`, and the JSON and HTML reports."""
