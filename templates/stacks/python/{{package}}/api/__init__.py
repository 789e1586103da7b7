"""The HTTP interface: `main.py` gathers one router per resource from `routes/`."""
