"""Typed row views: what one row of a page sends to the browser, as frozen
dataclasses by aggregate (a misspelt field fails at once instead of rendering an
empty cell), and the one formatting module for dates, money and plurals."""
