"""The helpline's staff pages, one module per topic."""
