from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "thidua.home"
    label = "home"
