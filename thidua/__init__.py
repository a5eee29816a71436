"""thidua — emulation and commendation platform."""
