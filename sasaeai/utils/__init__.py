"""Domain-free helpers: 年度, 和暦, Japanese text, local government codes."""
