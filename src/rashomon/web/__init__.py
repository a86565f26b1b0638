"""The local web app (``rashomon serve``): pages and a JSON API over a store."""
