"""Simulations run in the background; the page polls their progress."""

from django_tasks import task

from .models import Simulation
from .services import compute


@task()
def run_simulation(simulation_id: int) -> None:
    compute(Simulation.objects.select_related("reform", "unit", "round").get(pk=simulation_id))
