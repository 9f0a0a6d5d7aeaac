"""Staff screens by screen: home (and the health check), history, areas, imports, files."""
