"""Ready-made workshop session plans (TOML), read by ``viz.workshop_plan``."""
