"""Importers of the registry, registered with core.imports in ResourcesConfig.ready()."""
