"""Demo data at the top of the layers: `builder.build` builds each app's own demo, lowest layer first."""
