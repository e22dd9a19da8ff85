"""One module per page: layout only, data comes from the page's state."""
